import { basename } from 'node:path';

/** The shells whose syntax `fedcloud … env` commands can print. */
export type ShellName = 'bash' | 'zsh' | 'sh' | 'fish' | 'powershell' | 'cmd';

/** An environment to set, in order, with optional comment lines before it. */
export interface EnvExports {
  comments?: string[];
  vars: { name: string; value: string }[];
}

const ALIASES: Record<string, ShellName> = {
  bash: 'bash',
  zsh: 'zsh',
  sh: 'sh',
  dash: 'sh',
  ksh: 'sh',
  ash: 'sh',
  fish: 'fish',
  powershell: 'powershell',
  pwsh: 'powershell',
  'powershell.exe': 'powershell',
  'pwsh.exe': 'powershell',
  cmd: 'cmd',
  'cmd.exe': 'cmd',
};

/** A shell name as users type it (bash, pwsh, cmd.exe, /usr/bin/fish), or undefined. */
export function parseShellName(value: string): ShellName | undefined {
  return ALIASES[basename(value.trim().replaceAll('\\', '/')).toLowerCase()];
}

/**
 * fedcloudclient asks psutil for the parent process (PRs #64, #68); we read the environment:
 * FEDCLOUD_SHELL wins, then PowerShell (PSModulePath without SHELL), cmd on Windows (ComSpec),
 * then the basename of $SHELL; POSIX sh syntax otherwise.
 */
export function detectShell(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): ShellName {
  const override = env.FEDCLOUD_SHELL ? parseShellName(env.FEDCLOUD_SHELL) : undefined;
  if (override) return override;
  if (env.PSModulePath && !env.SHELL) return 'powershell';
  if (platform === 'win32' && env.ComSpec && !env.SHELL) return 'cmd';
  return (env.SHELL && parseShellName(env.SHELL)) || (platform === 'win32' ? 'cmd' : 'bash');
}

// Values are tokens, URLs and ids; quoting still keeps a stray `$` or quote from being run.
const quoteSh = (v: string) => `"${v.replace(/["\\$`]/g, '\\$&')}"`;
const quoteFish = (v: string) => `"${v.replace(/["\\$]/g, '\\$&')}"`;
const quotePowershell = (v: string) => `"${v.replace(/["`$]/g, '`$&')}"`;

/** One line setting a variable, as fedcloudclient prints it (with `;` after all but cmd's). */
export function formatEnvLine(name: string, value: string, shell: ShellName): string {
  switch (shell) {
    case 'fish':
      return `set -x ${name} ${quoteFish(value)};`;
    case 'powershell':
      return `$Env:${name}=${quotePowershell(value)};`;
    case 'cmd':
      return `set ${name}=${value}`;
    default:
      return `export ${name}=${quoteSh(value)};`;
  }
}

function formatComment(text: string, shell: ShellName): string {
  return shell === 'cmd' ? `rem ${text}` : `# ${text}`;
}

export function renderEnv(exports: EnvExports, shell: ShellName): string {
  const lines = [
    ...(exports.comments ?? []).map((c) => formatComment(c, shell)),
    ...exports.vars.map(({ name, value }) => formatEnvLine(name, value, shell)),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Prints the exports in the syntax of the shell the user runs (see detectShell). */
export function printEnv(
  ctx: { env: NodeJS.ProcessEnv; stdout: { write(text: string): unknown } },
  exports: EnvExports,
): void {
  const text = renderEnv(exports, detectShell(ctx.env));
  if (text) ctx.stdout.write(text);
}
