import { describe, expect, it } from 'vitest';
import { tabulate } from './tabulate.js';

/** Expected tables written out by hand from tabulate's rules, as fedcloudclient prints them. */
const table = (data: Record<string, unknown>) => tabulate(Object.entries(data), ['key', 'value']);

describe('tabulate, simple format, headers key/value', () => {
  it('text values: left-aligned, header padded by 2, a rule per column, no trailing blanks', () => {
    expect(table({ user: 'ann', password: 'hunter2' })).toBe(
      ['key       value', '--------  -------', 'user      ann', 'password  hunter2'].join('\n'),
    );
  });

  it('an empty secret is the headers and the rule only', () => {
    expect(table({})).toBe('key    value\n-----  -------');
  });

  it('a numeric-looking string makes a numeric column, right-aligned with its header', () => {
    expect(table({ pin: '123456' })).toBe(
      ['key      value', '-----  -------', 'pin     123456'].join('\n'),
    );
  });

  it('floats align on the point and print in "g" format; "1.50" becomes 1.5', () => {
    expect(table({ a: '1.50', b: '2', c: '10.125' })).toBe(
      ['key      value', '-----  -------', 'a        1.5', 'b        2', 'c       10.125'].join(
        '\n',
      ),
    );
  });

  it('mixed JSON types: the column is text; None is empty, lists and dicts as Python repr', () => {
    expect(
      table({ port: 8080, on: true, none: null, list: ['a', 1, null, "it's"], obj: { k: 'v' } }),
    ).toBe(
      [
        'key    value',
        '-----  ----------------------',
        'port   8080',
        'on     True',
        'none',
        `list   ['a', 1, None, "it's"]`,
        "obj    {'k': 'v'}",
      ].join('\n'),
    );
  });

  it('strips text cells, and a value with line breaks makes multi-line rows', () => {
    expect(table({ text: '  padded  ', multi: 'line one\nline two\n', after: 'z' })).toBe(
      [
        'key    value',
        '-----  --------',
        'text   padded',
        'multi  line one',
        '       line two',
        'after  z',
      ].join('\n'),
    );
  });

  it('counts wide characters twice and colour codes not at all', () => {
    expect(table({ cjk: '日本語', ansi: '\x1b[31mred\x1b[0m' })).toBe(
      ['key    value', '-----  -------', 'cjk    日本語', 'ansi   \x1b[31mred\x1b[0m'].join('\n'),
    );
  });

  it('booleans as text: True/False, left-aligned', () => {
    expect(table({ x: 'True', y: false })).toBe(
      ['key    value', '-----  -------', 'x      True', 'y      False'].join('\n'),
    );
  });
});
