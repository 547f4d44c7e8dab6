import Table from 'cli-table3';

export interface PrettyTableParts {
  /** `+---+---+`, drawn above and below the header and at the bottom. */
  rule: string;
  header: string;
  /** The rows' lines, with no rule between them. */
  body: string[];
}

/**
 * python-openstackclient's table (cliff's prettytable): ASCII borders, a rule under the header and
 * none between rows. Callers put the parts together (a total line, the empty case).
 */
export function prettyTableParts(
  head: string[],
  rows: string[][],
  align: ('left' | 'right')[],
): PrettyTableParts {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    colAligns: align,
    chars: {
      top: '-',
      'top-mid': '+',
      'top-left': '+',
      'top-right': '+',
      bottom: '-',
      'bottom-mid': '+',
      'bottom-left': '+',
      'bottom-right': '+',
      left: '|',
      'left-mid': '+',
      mid: '-',
      'mid-mid': '+',
      right: '|',
      'right-mid': '+',
      middle: '|',
    },
  });
  for (const row of rows) t.push(row);
  const lines = t.toString().split('\n');
  return {
    rule: lines[0] ?? '',
    header: lines[1] ?? '',
    body: lines.filter((line, i) => i > 2 && i < lines.length - 1 && !/^\+[-+]*\+$/.test(line)),
  };
}
