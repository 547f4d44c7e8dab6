import { stringify } from 'yaml';
import { FedcloudError } from '@fedcloud/sdk';
import { prettyTableParts } from '../../../render/prettytable.js';

/**
 * cliff's formatters as python-openstackclient 6.0 uses them. A cell may have two faces, as
 * cliff's FormattableColumn does: `human` for table output, `machine` for json/yaml/value/csv
 * (e.g. Power State `Running` vs `1`, Networks `net=10.0.0.5` vs `{"net": ["10.0.0.5"]}`).
 */
export class Formatted {
  constructor(
    readonly human: string,
    readonly machine: unknown,
  ) {}
}

/** A Python float: JSON and repr keep the `.0` (`"RXTX Factor": 1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type OscFormat = 'table' | 'json' | 'yaml' | 'value' | 'csv' | 'shell';
export const OSC_FORMATS: OscFormat[] = ['table', 'json', 'yaml', 'value', 'csv', 'shell'];

/** A lister (many rows) or a show-one (one record, Field | Value). */
export type OscOutput =
  | { kind: 'list'; columns: string[]; rows: unknown[][] }
  | { kind: 'show'; columns: string[]; values: unknown[] }
  /** Printed as is whatever the format (keypair create's private key). */
  | { kind: 'text'; text: string }
  /** Commands that print nothing (delete, start, stop). */
  | { kind: 'none' };

export interface DisplayOptions {
  format: OscFormat;
  columns: string[];
  sortColumns: string[];
  sortDescending: boolean;
  noindent: boolean;
  prefix: string;
}

export function defaultDisplay(format: OscFormat = 'table'): DisplayOptions {
  return {
    format,
    columns: [],
    sortColumns: [],
    sortDescending: false,
    noindent: false,
    prefix: '',
  };
}

// --- python value semantics -------------------------------------------------------------------

function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

function pyFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

/** Python's `repr()` of JSON-like data. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof Formatted) return pyRepr(value.machine);
  if (value instanceof PyFloat) return pyFloat(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyStr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : '';
}

/** Python's `str()`: strings bare, everything else as repr. */
export function pyText(value: unknown): string {
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/** What cliff's value/shell formatters print: str() of the machine face. */
function valueText(value: unknown): string {
  return pyText(value instanceof Formatted ? value.machine : value === undefined ? null : value);
}

function machine(value: unknown): unknown {
  if (value instanceof Formatted) return machine(value.machine);
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(machine);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, machine(v)]));
  }
  return value === undefined ? null : value;
}

function human(value: unknown): string {
  if (value instanceof Formatted) return value.human;
  return pyText(value === undefined ? null : value);
}

// --- osc-lib's column formatters ---------------------------------------------------------------

/** format_columns.ListColumn: `a, b` (sorted) for people, the list for machines. */
export function listColumn(value: unknown[] | null | undefined): Formatted {
  const list = value ?? [];
  return new Formatted([...list].map(pyText).sort().join(', '), list);
}

/** format_columns.DictColumn: `k='v', k2='v2'` (sorted keys). */
export function dictColumn(value: Record<string, unknown> | null | undefined): Formatted {
  const dict = value ?? {};
  return new Formatted(formatDict(dict), dict);
}

export function formatDict(dict: Record<string, unknown>): string {
  return Object.keys(dict)
    .sort()
    .map((k) => `${k}='${pyText(dict[k])}'`)
    .join(', ');
}

/** utils.format_list_of_dicts: one `k='v'` line per dict. */
export function listOfDictsColumn(value: Record<string, unknown>[] | null | undefined): Formatted {
  const list = value ?? [];
  return new Formatted(list.map(formatDict).join('\n'), list);
}

// --- rendering -----------------------------------------------------------------------------------

function selectColumns(all: string[], wanted: string[]): number[] {
  if (!wanted.length) return all.map((_, i) => i);
  const picked = all.map((c, i) => (wanted.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (!picked.length) {
    throw new FedcloudError(
      'USAGE',
      `No recognized column names in ${pyRepr(wanted)}. Recognized columns are ${pyRepr(all).replace(/^\[/, '(').replace(/\]$/, ')')}.`,
    );
  }
  return picked;
}

function compareCells(a: unknown, b: unknown): number {
  const x = machine(a);
  const y = machine(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return pyText(x) < pyText(y) ? -1 : 1;
}

/** Python's json.dumps(indent=2): non-ASCII escaped, floats keep their `.0`. */
function pyJson(value: unknown, indent = 2): string {
  const floats: string[] = [];
  const prepare = (v: unknown): unknown => {
    if (v instanceof Formatted) return prepare(v.machine);
    if (v instanceof PyFloat) {
      floats.push(pyFloat(v.value));
      return `\u0000float${floats.length - 1}\u0000`;
    }
    if (Array.isArray(v)) return v.map(prepare);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, prepare(x)]));
    }
    return v === undefined ? null : v;
  };
  const text = JSON.stringify(prepare(value), null, indent || undefined);
  return text
    .replace(/"\\u0000float(\d+)\\u0000"/g, (_, i: string) => floats[Number(i)] ?? '0')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function csvCell(value: unknown): string {
  const v = machine(value);
  if (v === null) return '""';
  if (typeof v === 'number') return value instanceof PyFloat ? pyFloat(v) : String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return `"${pyText(v).replaceAll('"', '""')}"`;
}

function isNumeric(value: unknown): boolean {
  return value instanceof PyFloat || typeof value === 'number';
}

function table(head: string[], rows: string[][], align: ('left' | 'right')[]): string {
  const { rule, header, body } = prettyTableParts(head, rows, align);
  return [rule, header, rule, ...body, rule].join('\n') + '\n';
}

function shellName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Renders a command's output as `openstack … -f FORMAT -c COL` would. */
export function renderOsc(output: OscOutput, display: DisplayOptions): string {
  if (output.kind === 'text') return output.text;
  if (output.kind === 'none') return '';
  const { format } = display;
  if (output.kind === 'list') {
    const picked = selectColumns(output.columns, display.columns);
    const columns = picked.map((i) => output.columns[i] ?? '');
    let rows = output.rows.map((row) => picked.map((i) => row[i]));
    if (display.sortColumns.length) {
      const keys = display.sortColumns.map((c) => columns.indexOf(c)).filter((i) => i >= 0);
      rows = [...rows].sort((a, b) => {
        for (const k of keys) {
          const c = compareCells(a[k], b[k]);
          if (c) return display.sortDescending ? -c : c;
        }
        return 0;
      });
    }
    switch (format) {
      case 'json':
        return `${pyJson(
          rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))),
          display.noindent ? 0 : 2,
        )}\n`;
      case 'yaml':
        return rows.length
          ? stringify(
              rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, machine(row[i])]))),
              { sortMapEntries: true },
            )
          : '[]\n';
      case 'value':
        return rows.map((row) => `${row.map(valueText).join(' ')}\n`).join('');
      case 'csv':
        return [
          columns.map((c) => `"${c}"`).join(','),
          ...rows.map((row) => row.map(csvCell).join(',')),
        ]
          .map((line) => `${line}\n`)
          .join('');
      default: {
        if (!rows.length) return '';
        const first = rows[0] ?? [];
        const align = columns.map((_, i): 'left' | 'right' =>
          isNumeric(first[i]) ? 'right' : 'left',
        );
        return table(
          columns,
          rows.map((row) => row.map(human)),
          align,
        );
      }
    }
  }
  const picked = selectColumns(output.columns, display.columns);
  const fields = picked.map((i) => output.columns[i] ?? '');
  const values = picked.map((i) => output.values[i]);
  switch (format) {
    case 'json':
      return `${pyJson(
        Object.fromEntries(fields.map((f, i) => [f, values[i]])),
        display.noindent ? 0 : 2,
      )}\n`;
    case 'yaml':
      return stringify(Object.fromEntries(fields.map((f, i) => [f, machine(values[i])])), {
        sortMapEntries: true,
      });
    case 'value':
      return values.map((v) => `${valueText(v)}\n`).join('');
    case 'shell':
      return fields
        .map(
          (f, i) =>
            `${display.prefix}${shellName(f)}="${valueText(values[i]).replace(/(["\\$`])/g, '\\$1')}"\n`,
        )
        .join('');
    case 'csv':
      throw new FedcloudError(
        'USAGE',
        "argument -f/--format: invalid choice: 'csv' (choose from 'json', 'shell', 'table', 'value', 'yaml')",
      );
    default:
      return table(
        ['Field', 'Value'],
        fields.map((f, i) => [f, human(values[i])]),
        ['left', 'left'],
      );
  }
}

/** What `-j` puts in `Result`: the command's output as `-f json` would print it, parsed. */
export function jsonResult(output: OscOutput, display: DisplayOptions): unknown {
  if (output.kind === 'text') return output.text;
  if (output.kind === 'none') return '';
  return JSON.parse(renderOsc(output, { ...display, format: 'json' })) as unknown;
}
