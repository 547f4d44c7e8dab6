import { Argument, type Command } from '@commander-js/extra-typings';

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script for fedcloud')
    .addArgument(
      new Argument('[shell]', 'bash, zsh or fish (default: from $SHELL)').choices([
        'bash',
        'zsh',
        'fish',
      ] as const),
    )
    .addHelpText(
      'after',
      `
Examples:
  eval "$(fedcloud completion bash)"        # in ~/.bashrc
  eval "$(fedcloud completion zsh)"         # in ~/.zshrc
  fedcloud completion fish > ~/.config/fish/completions/fedcloud.fish`,
    )
    .action(async (...args) => {
      const { printCompletion } = await import('./completion.js');
      printCompletion(program, args[0]);
    });
}
