import type { Command } from '@commander-js/extra-typings';

export function registerToken(_program: Command): void {}
