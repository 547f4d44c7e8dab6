import Table from 'cli-table3';
import { stringify } from 'yaml';

/** python-openstackclient's output formats (cliff): -f table|json|yaml|value|csv, -c COLUMN. */
export type OutputFormat = 'table' | 'json' | 'yaml' | 'value' | 'csv';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'yaml', 'value', 'csv'];

export type Cell =
  string | number | boolean | null | undefined | unknown[] | Record<string, unknown>;
export type Row = Record<string, Cell>;

/** A list result: column order matters (cliff keeps it), rows are keyed by column name. */
export interface ListOutput {
  kind: 'list';
  columns: string[];
  rows: Row[];
}

/** A single-resource result, shown as Field | Value. */
export interface RecordOutput {
  kind: 'record';
  fields: string[];
  values: Row;
}

export type Output = ListOutput | RecordOutput;

export function selectColumns<T extends Output>(output: T, columns: string[] | undefined): T {
  if (!columns?.length) return output;
  const known = output.kind === 'list' ? output.columns : output.fields;
  const chosen = columns.filter((c) => known.includes(c));
  if (output.kind === 'list') return { ...output, columns: chosen.length ? chosen : known };
  return { ...output, fields: chosen.length ? chosen : known };
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  return Object.entries(value)
    .map(([k, v]) => `${k}='${typeof v === 'string' ? v : JSON.stringify(v)}'`)
    .join(', ');
}

/** cliff's csv formatter quotes every field. */
function csvLine(cells: string[]): string {
  return cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',');
}

/** Renders like cliff does, so scripts that parse `openstack` output keep working. */
export function renderOutput(output: Output, format: OutputFormat): string {
  if (output.kind === 'list') {
    const pick = (row: Row) => Object.fromEntries(output.columns.map((c) => [c, row[c] ?? null]));
    switch (format) {
      case 'json':
        return `${JSON.stringify(output.rows.map(pick), null, 2)}\n`;
      case 'yaml':
        return output.rows.length ? stringify(output.rows.map(pick)) : '[]\n';
      case 'value':
        return (
          output.rows
            .map((row) => output.columns.map((c) => cellText(row[c])).join(' '))
            .join('\n') + (output.rows.length ? '\n' : '')
        );
      case 'csv':
        return (
          [output.columns, ...output.rows.map((row) => output.columns.map((c) => cellText(row[c])))]
            .map(csvLine)
            .join('\n') + '\n'
        );
      default: {
        if (!output.rows.length) return '';
        const table = new Table({ head: output.columns, style: { head: [], border: [] } });
        for (const row of output.rows) table.push(output.columns.map((c) => cellText(row[c])));
        return `${table.toString()}\n`;
      }
    }
  }
  const pick = Object.fromEntries(output.fields.map((f) => [f, output.values[f] ?? null]));
  switch (format) {
    case 'json':
      return `${JSON.stringify(pick, null, 2)}\n`;
    case 'yaml':
      return stringify(pick);
    case 'value':
      return output.fields.map((f) => cellText(output.values[f])).join('\n') + '\n';
    case 'csv':
      return `${csvLine(output.fields)}\n${csvLine(output.fields.map((f) => cellText(output.values[f])))}\n`;
    default: {
      const table = new Table({ head: ['Field', 'Value'], style: { head: [], border: [] } });
      for (const field of output.fields) table.push([field, cellText(output.values[field])]);
      return `${table.toString()}\n`;
    }
  }
}
