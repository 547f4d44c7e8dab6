import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SiteSession } from '@fedcloud/sdk';
import { FedcloudError } from '@fedcloud/sdk';
import { OSC_FORMATS, type DisplayOptions, type OscFormat, type OscOutput } from './format.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string];
type OptionSpecs = Record<string, OptionSpec>;
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a native command gets: the scoped session of one site, and the run's settings. */
export interface NativeContext {
  session: SiteSession;
  signal: AbortSignal;
  /** `--wait` given to fedcloud (server create/delete/start/stop/reboot). */
  wait: boolean;
  /** `--mine` given to fedcloud (server list). */
  mine: boolean;
  /** Deadline of a --wait in ms. */
  waitTimeoutMs: number;
  /** Progress for --wait (a spinner on a TTY stderr, nothing otherwise). */
  progress: (text: string) => void;
  /** Reads a local file (--user-data, --public-key). */
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
}

export interface NativeCommand {
  /** The command words, e.g. `['server', 'list']`. */
  path: string[];
  options: OptionSpecs;
  /** Accepted number of positional arguments. */
  positionals: [min: number, max: number];
  /** Show-one commands have no csv and have --prefix (cliff's ShowOne). */
  show?: boolean;
  run(ctx: NativeContext, values: ParsedValues, positionals: string[]): Promise<OscOutput>;
}

export interface ParsedInvocation {
  command: NativeCommand;
  values: ParsedValues;
  positionals: string[];
  display: DisplayOptions;
}

/** cliff's display options, accepted by every lister and show-one. */
const DISPLAY_OPTIONS: OptionSpecs = {
  format: { type: 'string', short: 'f' },
  column: { type: 'string', short: 'c', multiple: true },
  noindent: { type: 'boolean' },
  'max-width': { type: 'string' },
  'fit-width': { type: 'boolean' },
  'print-empty': { type: 'boolean' },
};
const LIST_OPTIONS: OptionSpecs = {
  quote: { type: 'string' },
  'sort-column': { type: 'string', multiple: true },
  'sort-ascending': { type: 'boolean' },
  'sort-descending': { type: 'boolean' },
};
const SHOW_OPTIONS: OptionSpecs = { prefix: { type: 'string' } };

export function str(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) {
    const last = v.at(-1);
    return typeof last === 'string' ? last : undefined;
  }
  return typeof v === 'string' ? v : undefined;
}

export function strs(values: ParsedValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** The native command the words start with, longest path first. */
export function findNative(
  commands: NativeCommand[],
  args: string[],
): { command: NativeCommand; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, i) => args[i] === word)) {
      return { command, rest: args.slice(command.path.length) };
    }
  }
  return undefined;
}

/**
 * Parses the arguments after the command words. `undefined` means "not ours": an option or
 * an argument count we do not implement natively, so the real client should run it.
 */
export function parseInvocation(
  command: NativeCommand,
  rest: string[],
): ParsedInvocation | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        ...DISPLAY_OPTIONS,
        ...(command.show ? SHOW_OPTIONS : LIST_OPTIONS),
        ...command.options,
      },
      allowPositionals: true,
      strict: true,
    });
  } catch {
    return undefined;
  }
  const values = parsed.values;
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) return undefined;
  const format = str(values, 'format') ?? 'table';
  const allowed: OscFormat[] = OSC_FORMATS.filter((f) => f !== (command.show ? 'csv' : 'shell'));
  if (!allowed.includes(format as OscFormat)) {
    throw new FedcloudError(
      'USAGE',
      `openstack ${command.path.join(' ')}: error: argument -f/--format: invalid choice: '${format}' (choose from ${allowed.map((f) => `'${f}'`).join(', ')})`,
    );
  }
  return {
    command,
    values,
    positionals: parsed.positionals,
    display: {
      format: format as OscFormat,
      columns: strs(values, 'column'),
      sortColumns: strs(values, 'sort-column'),
      sortDescending: flag(values, 'sort-descending'),
      noindent: flag(values, 'noindent'),
      prefix: str(values, 'prefix') ?? '',
    },
  };
}

/** The positional at `i`, which parseInvocation has checked is present. */
export function arg(positionals: string[], i: number): string {
  const value = positionals[i];
  if (value === undefined) throw new FedcloudError('USAGE', 'missing argument');
  return value;
}
