import { parseDocument, type ScalarTag, type Tags } from 'yaml';

/**
 * `yaml.safe_load` as fedcloudclient reads `@file.yaml` and `-`: YAML 1.1 with PyYAML's own
 * implicit types (yaml/resolver.py, constructor.py), which the `yaml` package's 1.1 schema
 * resolves slightly differently (it takes `y`/`n` as booleans and `1e5` as a float; PyYAML
 * keeps both as text and needs a point in a float). Dates stay the text they were written as:
 * PyYAML makes date objects, which fedcloudclient then cannot send.
 */
const TAG = 'tag:yaml.org,2002:';

const BOOL: ScalarTag = {
  tag: `${TAG}bool`,
  default: true,
  identify: (v) => typeof v === 'boolean',
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (text) => ['yes', 'true', 'on'].includes(text.toLowerCase()),
};

function signed(text: string): { sign: number; digits: string } {
  const plain = text.replace(/_/g, '');
  const sign = plain.startsWith('-') ? -1 : 1;
  return { sign, digits: /^[-+]/.test(plain) ? plain.slice(1) : plain };
}

function sexagesimal(parts: number[]): number {
  return parts.reduce((total, part) => total * 60 + part, 0);
}

const INT: ScalarTag = {
  tag: `${TAG}int`,
  default: true,
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  resolve(text) {
    const { sign, digits } = signed(text);
    if (digits === '0') return 0;
    if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
    if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
    if (digits.startsWith('0')) return sign * parseInt(digits, 8);
    if (digits.includes(':')) return sign * sexagesimal(digits.split(':').map(Number));
    return sign * Number(digits);
  },
};

const FLOAT: ScalarTag = {
  tag: `${TAG}float`,
  default: true,
  identify: (v) => typeof v === 'number',
  test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  resolve(text) {
    const { sign, digits } = signed(text.toLowerCase());
    if (digits === '.inf') return sign * Infinity;
    if (digits === '.nan') return Number.NaN;
    if (digits.includes(':')) return sign * sexagesimal(digits.split(':').map(Number));
    return sign * Number(digits);
  },
};

const REPLACED = new Set(['bool', 'int', 'float', 'timestamp'].map((t) => `${TAG}${t}`));

function pyyamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || !REPLACED.has(t.tag));
  return [...kept, BOOL, INT, FLOAT];
}

/** The document's value, or the parser's first error message (with line and column). */
export function pyyamlLoad(text: string): { value: unknown } | { error: string } {
  const doc = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: true,
    customTags: pyyamlTags,
  });
  const problem = doc.errors[0];
  if (problem) return { error: problem.message };
  return { value: doc.toJS() as unknown };
}
