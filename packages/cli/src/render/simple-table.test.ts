import { describe, expect, it } from 'vitest';
import { pythonRepr, renderSimpleTable } from './simple-table.js';

describe('renderSimpleTable', () => {
  // Expected texts are python3-tabulate 0.8.9's output for the same rows (Debian's package).
  it('prints like python-tabulate simple format, headers padded by two', () => {
    const text = renderSimpleTable(
      ['id', 'Name', 'enabled', 'site'],
      [
        ['a1', 'VO:vo.access.egi.eu', true, 'SANDBOX-ALPHA'],
        ['b22', 'x', false, 'B'],
      ],
    );
    expect(text).toBe(
      [
        'id    Name                 enabled    site',
        '----  -------------------  ---------  -------------',
        'a1    VO:vo.access.egi.eu  True       SANDBOX-ALPHA',
        'b22   x                    False      B',
        '',
      ].join('\n'),
    );
  });

  it('right-aligns numeric columns and prints headers for no rows', () => {
    expect(
      renderSimpleTable(
        ['n', 'x'],
        [
          [5, 'a'],
          [100, 'b'],
        ],
      ),
    ).toBe('  n  x\n---  ---\n  5  a\n100  b\n');
    expect(renderSimpleTable(['Site', 'type', 'URL'], [])).toBe(
      'Site    type    URL\n------  ------  -----\n',
    );
  });
});

describe('pythonRepr', () => {
  it('matches str() of a Python list of lists', () => {
    expect(
      pythonRepr([
        ['A', 'Connection error'],
        ['B', "it's"],
      ]),
    ).toBe(`[['A', 'Connection error'], ['B', "it's"]]`);
  });
});
