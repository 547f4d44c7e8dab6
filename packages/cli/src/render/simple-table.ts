/** A table cell as the endpoint commands hand it over: Python's rendering of each type. */
export type Cell =
  string | number | boolean | null | undefined | unknown[] | Record<string, unknown>;

/**
 * python-tabulate's default "simple" format, which fedcloudclient's `endpoint` commands print:
 * headers, a dashed rule per column, two spaces between columns; numbers right-aligned. Lines
 * carry no trailing blanks. Booleans print as Python's True/False, as scripts grep for them.
 */
export function renderSimpleTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'),
  );
  // tabulate pads every header by MIN_PADDING (2): `enabled` makes a column 9 wide, not 7.
  const widths = headers.map((h, i) =>
    Math.max(h.length + 2, ...text.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return numeric[i] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return (
    [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n'
  );
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Python's repr of a list of string lists, as in `[WARN] Sites not available: [['A', 'why']]`. */
export function pythonRepr(rows: string[][]): string {
  const str = (s: string) =>
    s.includes("'") && !s.includes('"')
      ? `"${s.replaceAll('\\', '\\\\')}"`
      : `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return `[${rows.map((row) => `[${row.map(str).join(', ')}]`).join(', ')}]`;
}
