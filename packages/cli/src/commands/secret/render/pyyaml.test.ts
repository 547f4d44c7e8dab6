import { describe, expect, it } from 'vitest';
import { pythonJsonDump } from './python-json.js';
import { pyyamlDump } from './pyyaml.js';

/** PyYAML's yaml.dump(sort_keys=False) and json.dump(indent=4), written out by hand. */
describe('yaml.dump as PyYAML writes it', () => {
  it('plain scalars in block style, keys in their order, an empty mapping as {}', () => {
    expect(pyyamlDump({ user: 'ann', port: 8080, on: true, none: null, ratio: 0.5 })).toBe(
      "user: ann\nport: 8080\n'on': true\nnone: null\nratio: 0.5\n",
    );
    expect(pyyamlDump({})).toBe('{}\n');
  });

  it('quotes text that YAML 1.1 would read as another type', () => {
    expect(
      pyyamlDump({ a: 'yes', b: '0755', c: '1:30', d: '', e: 'null', f: '2024-01-02', g: '1.5' }),
    ).toBe("a: 'yes'\nb: '0755'\nc: '1:30'\nd: ''\ne: 'null'\nf: '2024-01-02'\ng: '1.5'\n");
  });

  it("indicators force quotes; a ' doubles inside single quotes", () => {
    expect(pyyamlDump({ a: 'a: b', b: '- x', c: "it's", d: '*x', e: 'a #b', f: ' x' })).toBe(
      "a: 'a: b'\nb: '- x'\nc: it's\nd: '*x'\ne: 'a #b'\nf: ' x'\n",
    );
    expect(pyyamlDump({ q: "'quoted'" })).toBe("q: '''quoted'''\n");
  });

  it('line breaks: single quotes with a blank line per break; non-ASCII double-quoted and escaped', () => {
    expect(pyyamlDump({ multi: 'line one\nline two\n' })).toBe(
      "multi: 'line one\n\n  line two\n\n  '\n",
    );
    expect(pyyamlDump({ u: 'héllo ✓', t: 'a\tb' })).toBe('u: "h\\xE9llo \\u2713"\nt: "a\\tb"\n');
  });

  it('lists inside a mapping are not indented; mappings inside are', () => {
    expect(pyyamlDump({ policies: ['default', 'x'], meta: { a: 'b' }, empty: [] })).toBe(
      'policies:\n- default\n- x\nmeta:\n  a: b\nempty: []\n',
    );
  });

  it('folds a long plain scalar at the first space past column 80', () => {
    const words = Array.from({ length: 20 }, () => 'word').join(' ');
    expect(pyyamlDump({ long: words })).toBe(
      `long: ${Array.from({ length: 15 }, () => 'word').join(' ')} word\n  word word word word\n`,
    );
  });
});

describe('json.dump(indent=4) as Python writes it', () => {
  it('4-space layout, non-ASCII escaped, no final newline', () => {
    expect(pythonJsonDump({ a: 'é✓', n: [1, 0.5, null, true], e: {}, l: [] })).toBe(
      '{\n    "a": "\\u00e9\\u2713",\n    "n": [\n        1,\n        0.5,\n        null,\n        true\n    ],\n    "e": {},\n    "l": []\n}',
    );
  });

  it('floats as repr: 1e-07, 1.5e+300; astral characters as two escapes', () => {
    expect(pythonJsonDump({ a: 1e-7, b: 1.5e300, c: '🙂' })).toBe(
      '{\n    "a": 1e-07,\n    "b": 1.5e+300,\n    "c": "\\ud83d\\ude42"\n}',
    );
  });
});
