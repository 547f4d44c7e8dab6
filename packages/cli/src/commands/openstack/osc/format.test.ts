import { describe, expect, it } from 'vitest';
import {
  defaultDisplay,
  dictColumn,
  Formatted,
  listColumn,
  pyRepr,
  PyFloat,
  renderOsc,
  type OscOutput,
} from './format.js';

const servers: OscOutput = {
  kind: 'list',
  columns: ['ID', 'Name', 'Power State', 'Networks', 'Size'],
  rows: [
    [
      'a1',
      'vm1',
      new Formatted('Running', 1),
      new Formatted('net=10.0.0.5', { net: ['10.0.0.5'] }),
      3,
    ],
    ['b2', 'vm2', new Formatted('NOSTATE', 0), new Formatted('', {}), 12],
  ],
};

describe('cliff-compatible rendering', () => {
  it('tables use the human face, right-align numbers and rule only under the header', () => {
    expect(renderOsc(servers, defaultDisplay('table'))).toBe(
      [
        '+----+------+-------------+--------------+------+',
        '| ID | Name | Power State | Networks     | Size |',
        '+----+------+-------------+--------------+------+',
        '| a1 | vm1  | Running     | net=10.0.0.5 |    3 |',
        '| b2 | vm2  | NOSTATE     |              |   12 |',
        '+----+------+-------------+--------------+------+',
        '',
      ].join('\n'),
    );
  });

  it('json uses the machine face in column order', () => {
    expect(JSON.parse(renderOsc(servers, defaultDisplay('json')))).toEqual([
      { ID: 'a1', Name: 'vm1', 'Power State': 1, Networks: { net: ['10.0.0.5'] }, Size: 3 },
      { ID: 'b2', Name: 'vm2', 'Power State': 0, Networks: {}, Size: 12 },
    ]);
  });

  it('-c keeps the original column order; unknown columns alone are an error', () => {
    const display = { ...defaultDisplay('value'), columns: ['Name', 'ID'] };
    expect(renderOsc(servers, display)).toBe('a1 vm1\nb2 vm2\n');
    expect(() => renderOsc(servers, { ...display, columns: ['Nope'] })).toThrow(
      /No recognized column names in \['Nope'\]/,
    );
  });

  it('value and csv print python reprs, None and floats as python does', () => {
    const flavor: OscOutput = {
      kind: 'list',
      columns: ['Name', 'RXTX Factor', 'Is Public', 'Task', 'Properties'],
      rows: [['m1', new PyFloat(1), true, null, dictColumn({ 'Accelerator:Number': '1' })]],
    };
    expect(renderOsc(flavor, defaultDisplay('value'))).toBe(
      "m1 1.0 True None {'Accelerator:Number': '1'}\n",
    );
    expect(renderOsc(flavor, defaultDisplay('csv'))).toBe(
      '"Name","RXTX Factor","Is Public","Task","Properties"\n"m1",1.0,True,"","{\'Accelerator:Number\': \'1\'}"\n',
    );
    expect(renderOsc(flavor, defaultDisplay('json'))).toContain('"RXTX Factor": 1.0');
  });

  it('--sort-column sorts by the machine value', () => {
    const display = {
      ...defaultDisplay('value'),
      columns: ['ID'],
      sortColumns: ['Size'],
      sortDescending: true,
    };
    expect(renderOsc(servers, { ...display, columns: [] }).split('\n')[0]).toMatch(/^b2 /);
  });

  it('show-one tables are Field | Value; empty lists print nothing', () => {
    const show: OscOutput = {
      kind: 'show',
      columns: ['id', 'tags'],
      values: ['x', listColumn(['b', 'a'])],
    };
    expect(renderOsc(show, defaultDisplay('table'))).toContain('| tags  | a, b  |');
    expect(renderOsc({ kind: 'list', columns: ['ID'], rows: [] }, defaultDisplay('table'))).toBe(
      '',
    );
    expect(renderOsc({ kind: 'list', columns: ['ID'], rows: [] }, defaultDisplay('json'))).toBe(
      '[]\n',
    );
  });

  it('pyRepr quotes like python', () => {
    expect(pyRepr({ a: ["it's", 'x'], b: null, c: false })).toBe(
      `{'a': ["it's", 'x'], 'b': None, 'c': False}`,
    );
  });
});
