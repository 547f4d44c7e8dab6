import type { Command } from '@commander-js/extra-typings';

export function registerOpenstack(_program: Command): void {}
