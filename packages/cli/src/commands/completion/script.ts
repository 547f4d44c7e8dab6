/** The part of a commander tree a completion script needs. */
export interface CommandSpec {
  name: string;
  description: string;
  options: string[];
  subcommands: CommandSpec[];
}

interface CommanderLike {
  name(): string;
  description(): string;
  options: readonly { long?: string; short?: string; hidden?: boolean }[];
  commands: readonly unknown[];
}

export function describeCommand(command: CommanderLike): CommandSpec {
  return {
    name: command.name(),
    description: command.description(),
    options: [
      ...command.options
        .filter((o) => !o.hidden)
        .flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
      '--help',
    ],
    subcommands: command.commands
      .map((c) => describeCommand(c as CommanderLike))
      .filter((c) => c.name !== 'help'),
  };
}

export type CompletionShell = 'bash' | 'zsh' | 'fish';
export const COMPLETION_SHELLS: CompletionShell[] = ['bash', 'zsh', 'fish'];

/** Every command path ("", "token", "token check") with its words to complete. */
function paths(spec: CommandSpec, prefix: string[] = []): { path: string[]; spec: CommandSpec }[] {
  return [
    { path: prefix, spec },
    ...spec.subcommands.flatMap((s) => paths(s, [...prefix, s.name])),
  ];
}

function bashScript(root: CommandSpec): string {
  const cases = paths(root)
    .map(({ path, spec }) => {
      const words = [...spec.subcommands.map((s) => s.name), ...spec.options].join(' ');
      return `    "${path.join(' ')}") words="${words}" ;;`;
    })
    .join('\n');
  return `# fedcloud completion for bash: eval "$(fedcloud completion bash)"
_fedcloud_complete() {
  local cur path="" word i words=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "\${path:+$path }$word" in
${paths(root)
  .filter(({ path }) => path.length > 0)
  .map(({ path }) => `      "${path.join(' ')}") path="${path.join(' ')}" ;;`)
  .join('\n')}
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _fedcloud_complete ${root.name}
`;
}

function zshScript(root: CommandSpec): string {
  return `# fedcloud completion for zsh: eval "$(fedcloud completion zsh)"
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(root).split('\n').slice(1).join('\n')}`;
}

const fishQuote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function fishScript(root: CommandSpec): string {
  const lines = [`# fedcloud completion for fish: fedcloud completion fish | source`];
  lines.push(`complete -c ${root.name} -f`);
  for (const { path, spec } of paths(root)) {
    const condition =
      path.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${path.at(-1) ?? ''}` +
          (spec.subcommands.length
            ? `; and not __fish_seen_subcommand_from ${spec.subcommands.map((s) => s.name).join(' ')}`
            : '');
    for (const sub of spec.subcommands) {
      lines.push(
        `complete -c ${root.name} -n ${fishQuote(condition)} -a ${sub.name} -d ${fishQuote(sub.description)}`,
      );
    }
    for (const option of spec.options) {
      const flag = option.startsWith('--') ? `-l ${option.slice(2)}` : `-s ${option.slice(1)}`;
      lines.push(`complete -c ${root.name} -n ${fishQuote(condition)} ${flag}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(root: CommandSpec, shell: CompletionShell): string {
  switch (shell) {
    case 'zsh':
      return zshScript(root);
    case 'fish':
      return fishScript(root);
    default:
      return bashScript(root);
  }
}
