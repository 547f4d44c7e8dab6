import type { Command } from '@commander-js/extra-typings';

export function registerSelect(_program: Command): void {}
