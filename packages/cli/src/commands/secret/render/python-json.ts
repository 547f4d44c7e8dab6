import { pyNumber } from './python-values.js';

/**
 * Python's `json.dump(value, f, indent=4)` (fedcloudclient's `-f JSON`): ensure_ascii, so every
 * character outside printable ASCII is a lower-case \uXXXX escape (two for astral ones);
 * numbers as Python prints them;
 * the same layout as JSON.stringify(value, null, 4) otherwise. No newline at the end.
 */
export function pythonJsonDump(value: unknown, indent = 4, level = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return pyNumber(value);
  }
  if (typeof value === 'string') return jsonString(value);
  const inner = ' '.repeat(indent * (level + 1));
  const outer = ' '.repeat(indent * level);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => inner + pythonJsonDump(v, indent, level + 1));
    return `[\n${items.join(',\n')}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const items = entries.map(
    ([k, v]) => `${inner}${jsonString(k)}: ${pythonJsonDump(v, indent, level + 1)}`,
  );
  return `{\n${items.join(',\n')}\n${outer}}`;
}

function jsonString(text: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters as Python does
  // (\b \f \n \r \t, else \u00XX); what it keeps beyond ASCII, Python escapes.
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
