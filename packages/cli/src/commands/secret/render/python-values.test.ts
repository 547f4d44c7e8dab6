import { describe, expect, it } from 'vitest';
import {
  pyFloat,
  pyFloatRepr,
  pyFormatG,
  pyIntConvertible,
  pySplitlines,
  pyStr,
} from './python-values.js';

describe('Python value printing', () => {
  it('float repr: shortest digits, scientific below 1e-4 and from 1e16', () => {
    expect([0.1, 1.5, 1e-5, 1.5e-7, 123456789.125, 1.5e300, -0.0001].map(pyFloatRepr)).toEqual([
      '0.1',
      '1.5',
      '1e-05',
      '1.5e-07',
      '123456789.125',
      '1.5e+300',
      '-0.0001',
    ]);
  });

  it('format(x, "g"): 6 significant digits', () => {
    expect([1234567, 0.000012345, 3.14159265358979, 100, 1e-5, 0].map(pyFormatG)).toEqual([
      '1.23457e+06',
      '1.2345e-05',
      '3.14159',
      '100',
      '1e-05',
      '0',
    ]);
  });

  it('str() of lists and dicts is their repr, with Python quoting and escapes', () => {
    expect(pyStr(['a', "it's", 'say "hi"', 'tab\there', '\u00a0', 1, 0.5, null, true])).toBe(
      `['a', "it's", 'say "hi"', 'tab\\there', '\\xa0', 1, 0.5, None, True]`,
    );
    expect(pyStr({ k: { n: [] } })).toBe("{'k': {'n': []}}");
  });

  it('int() and float() of text, as tabulate tests cells', () => {
    expect(['12', ' 12 ', '1_000', '+7', '007'].every(pyIntConvertible)).toBe(true);
    expect(['1.5', '_1', '1__0', '0x10', ''].some(pyIntConvertible)).toBe(false);
    expect(pyFloat('1e5')).toBe(100000);
    expect(pyFloat('.5')).toBe(0.5);
    expect(pyFloat('-inf')).toBe(-Infinity);
    expect(pyFloat('1.2.3')).toBeUndefined();
  });

  it('splitlines: every Python line boundary, no empty last line', () => {
    expect(pySplitlines('a\r\nb\rc\nd\x0be\u2028f\n')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(pySplitlines('')).toEqual([]);
    expect(pySplitlines('\n')).toEqual(['']);
  });
});
