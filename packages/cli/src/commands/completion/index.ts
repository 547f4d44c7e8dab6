import type { Command } from '@commander-js/extra-typings';

export function registerCompletion(_program: Command): void {}
