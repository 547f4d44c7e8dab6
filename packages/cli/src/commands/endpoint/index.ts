import type { Command } from '@commander-js/extra-typings';

export function registerEndpoint(_program: Command): void {}
