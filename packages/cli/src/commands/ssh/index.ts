import type { Command } from '@commander-js/extra-typings';

export function registerSsh(_program: Command): void {}
