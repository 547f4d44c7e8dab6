import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { completionScript, describeCommand } from './script.js';

function tree() {
  const program = new Command('fedcloud').option('--debug');
  const token = program.command('token').description('tokens');
  token.command('check').option('--oidc-access-token <t>');
  program.command('site').command('list').option('--vo <vo>');
  return program;
}

describe('completion', () => {
  it('describes the commander tree', () => {
    const spec = describeCommand(tree());
    expect(spec.subcommands.map((s) => s.name)).toEqual(['token', 'site']);
    expect(spec.subcommands[0]?.subcommands[0]?.options).toContain('--oidc-access-token');
  });

  it('prints a bash script completing subcommands and options', () => {
    const script = completionScript(describeCommand(tree()), 'bash');
    expect(script).toContain('complete -o default -F _fedcloud_complete fedcloud');
    expect(script).toContain('"token") words="check --help"');
    expect(script).toContain('"token check") words="--oidc-access-token --help"');
  });

  it('prints fish completions', () => {
    const script = completionScript(describeCommand(tree()), 'fish');
    expect(script).toContain(
      "complete -c fedcloud -n '__fish_use_subcommand' -a token -d 'tokens'",
    );
    expect(script).toContain('-l vo');
  });
});
