import {
  isPyInt,
  pyFloat,
  pyFormatG,
  pyIntConvertible,
  pySplitlines,
  pyStr,
  pyStrip,
} from './python-values.js';
import { wcswidth } from './wcwidth.js';

/**
 * python-tabulate's `tabulate(rows, headers)` in its default "simple" format (tabulate 0.8/0.9,
 * with wcwidth installed), which fedcloudclient prints secrets and token details with. What
 * matters for a key/value table, ported step by step from tabulate.py:
 * - columns get a type from their cells (bool < int < float < text; numeric-looking strings
 *   count as numbers), and numeric columns are right-aligned on the decimal point, floats in
 *   "g" format; text cells are stripped and left-aligned; None prints as "";
 * - a column is as wide as its widest cell or its header plus 2; columns are two spaces apart;
 *   a dashed rule under the headers; trailing blanks removed from every line;
 * - a cell with line breaks makes every row multi-line, each line padded on its own;
 * - ANSI colour codes do not count towards the width, wide (CJK) characters count twice.
 * The result has no final newline (fedcloudclient's print adds it).
 */

const NONE = 0;
const BOOL = 1;
const INT = 2;
const FLOAT = 3;
const TEXT = 5;
type ColumnType = typeof NONE | typeof BOOL | typeof INT | typeof FLOAT | typeof TEXT;
type Align = 'left' | 'decimal';

// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
const INVISIBLE = /\x1b\[\d+[;\d]*m|\x1b\[\d*;\d*;\d*m|\x1b\]8;;(.*?)\x1b\\/g;
// eslint-disable-next-line no-control-regex -- terminal hyperlinks (OSC 8) too
const INVISIBLE_LINK = /\x1B]8;[a-zA-Z0-9:]*;[^\x1B]+\x1B\\([^\x1b]+)\x1B]8;;\x1B\\/g;
const MIN_PADDING = 2;

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_LINK, '$1').replace(INVISIBLE, '');
}

/** Python's len: code points, not UTF-16 units. */
function len(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function padLeft(width: number, text: string): string {
  return ' '.repeat(Math.max(0, width - len(text))) + text;
}

function padRight(width: number, text: string): string {
  return text + ' '.repeat(Math.max(0, width - len(text)));
}

function pyRstrip(text: string): string {
  return pyStrip(`x${text}`).slice(1);
}

function isNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'string') return false;
  const n = pyFloat(value);
  if (n === undefined) return false;
  if (!Number.isFinite(n)) return ['inf', '-inf', 'nan'].includes(value.toLowerCase());
  return true;
}

function isInt(value: unknown): boolean {
  if (typeof value === 'number') return isPyInt(value);
  return typeof value === 'string' && pyIntConvertible(value);
}

function cellType(value: unknown): ColumnType {
  const v = typeof value === 'string' ? stripInvisible(value) : value;
  if (v === null || v === undefined) return NONE;
  if (typeof v === 'boolean' || v === 'True' || v === 'False') return BOOL;
  if (isInt(v)) return INT;
  if (isNumber(v)) return FLOAT;
  return TEXT;
}

function columnType(values: unknown[]): ColumnType {
  return values.reduce<ColumnType>((most, v) => Math.max(most, cellType(v)) as ColumnType, BOOL);
}

function toFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' ? pyFloat(value) : undefined;
}

function format(value: unknown, type: ColumnType, hasInvisible: boolean): string {
  if (value === null || value === undefined) return '';
  if (type === FLOAT) {
    if (hasInvisible && typeof value === 'string') {
      const raw = stripInvisible(value);
      const n = pyFloat(raw);
      return n === undefined ? value : value.split(raw).join(pyFormatG(n));
    }
    const n = toFloat(value);
    if (n !== undefined) return pyFormatG(n);
  }
  return pyStr(value);
}

/** Digits after the point (or the exponent's e) of a number's text; -1 for ints and text. */
function afterPoint(text: string): number {
  if (!isNumber(text) || isInt(text)) return -1;
  let pos = text.lastIndexOf('.');
  if (pos < 0) pos = text.toLowerCase().lastIndexOf('e');
  return pos >= 0 ? len(text.slice(pos + 1)) : -1;
}

interface Measure {
  hasInvisible: boolean;
  multiline: boolean;
}

function lineWidth(m: Measure): (text: string) => number {
  return m.hasInvisible ? (t) => wcswidth(stripInvisible(t)) : wcswidth;
}

/** _choose_width_fn: the widest line of a cell. */
function cellWidth(m: Measure): (text: string) => number {
  const line = lineWidth(m);
  return m.multiline ? (t) => Math.max(...t.split(/[\r\n]/).map(line)) : line;
}

function alignColumn(strings: string[], align: Align, minWidth: number, m: Measure): string[] {
  let cells: string[];
  if (align === 'decimal') {
    const decimals = strings.map((s) => afterPoint(m.hasInvisible ? stripInvisible(s) : s));
    const most = Math.max(...decimals);
    cells = strings.map((s, i) => s + ' '.repeat(Math.max(0, most - decimals[i]!)));
  } else {
    cells = strings.map(pyStrip);
  }
  const pad = align === 'decimal' ? padLeft : padRight;
  const line = lineWidth(m);
  if (m.multiline) {
    const widths = cells.map((c) => c.split(/[\r\n]/).map(line));
    const max = Math.max(...widths.flat(), minWidth);
    return cells.map((cell, i) => {
      const lengths = cell.split(/[\r\n]/).map(len);
      // tabulate measures lines split at \r and \n but pads str.splitlines(): kept as it is.
      const targets = widths[i]!.map((w, j) => max - (w - lengths[j]!));
      return pySplitlines(cell)
        .map((text, j) => (j < targets.length ? pad(targets[j]!, text) : undefined))
        .filter((text): text is string => text !== undefined)
        .join('\n');
    });
  }
  const widths = cells.map(line);
  const max = Math.max(...widths, minWidth);
  return cells.map((cell, i) => pad(max - (widths[i]! - len(cell)), cell));
}

function alignHeader(
  header: string,
  align: Align,
  width: number,
  visible: number,
  m: Measure,
): string {
  if (m.multiline) {
    const line = cellWidth({ ...m, multiline: false });
    return header
      .split(/\r|\n|\r\n/)
      .map((h) => alignHeader(h, align, width, line(h), { ...m, multiline: false }))
      .join('\n');
  }
  const target = width + (len(header) - visible);
  return align === 'decimal' ? padLeft(target, header) : padRight(target, header);
}

function simpleRow(cells: string[]): string {
  return pyRstrip(cells.join('  '));
}

function appendRow(lines: string[], cells: string[], widths: number[], multiline: boolean): void {
  if (!multiline) {
    lines.push(simpleRow(cells));
    return;
  }
  const cellLines = cells.map(pySplitlines);
  const height = Math.max(...cellLines.map((l) => l.length));
  for (let i = 0; i < height; i += 1) {
    lines.push(simpleRow(cellLines.map((l, c) => l[i] ?? ' '.repeat(widths[c] ?? 0))));
  }
}

export function tabulate(rows: unknown[][], headers: string[]): string {
  const plain = [headers.join('\t'), ...rows.map((row) => row.map(pyStr).join('\t'))].join('\t');
  const m: Measure = {
    hasInvisible:
      new RegExp(INVISIBLE.source).test(plain) || new RegExp(INVISIBLE_LINK.source).test(plain),
    multiline: /\r|\n/.test(plain),
  };
  const width = cellWidth(m);
  const columns = headers.map((_, c) => rows.map((row) => row[c]));
  const types = rows.length === 0 ? [] : columns.map(columnType);
  const aligns: Align[] = types.map((t) => (t === INT || t === FLOAT ? 'decimal' : 'left'));
  const minWidths = headers.map((h) => width(h) + MIN_PADDING);
  const cells = types.map((type, c) =>
    alignColumn(
      columns[c]!.map((v) => format(v, type, m.hasInvisible)),
      aligns[c]!,
      minWidths[c]!,
      m,
    ),
  );
  const shown = cells.length > 0 ? cells : headers.map(() => ['']);
  const headerAligns: Align[] = aligns.length > 0 ? aligns : headers.map(() => 'left');
  const widths = minWidths.map((w, c) => Math.max(w, ...shown[c]!.map(width)));
  const headerCells = headers.map((h, c) =>
    alignHeader(h, headerAligns[c]!, widths[c]!, width(h), m),
  );
  const lines: string[] = [];
  appendRow(lines, headerCells, widths, m.multiline);
  lines.push(simpleRow(widths.map((w) => '-'.repeat(Math.max(0, w)))));
  for (let r = 0; r < rows.length; r += 1) {
    appendRow(
      lines,
      cells.map((column) => column[r]!),
      widths,
      m.multiline,
    );
  }
  return lines.join('\n');
}
