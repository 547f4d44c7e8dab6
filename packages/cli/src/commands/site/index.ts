import type { Command } from '@commander-js/extra-typings';

export function registerSite(_program: Command): void {}
