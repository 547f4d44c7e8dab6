import { describe, expect, it } from 'vitest';
import { childDn, escapeDnValue, ldifLine, writeLdif } from './ldif-writer.js';

/** Unfolds RFC 2849 continuation lines and decodes `::` values: the reader's side. */
function read(text: string): [string, string][] {
  return text
    .replace(/\n /g, '')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const b64 = /^([^:]+):: (.*)$/.exec(line);
      if (b64) return [b64[1]!, Buffer.from(b64[2]!, 'base64').toString('utf8')];
      const i = line.indexOf(': ');
      return [line.slice(0, i), line.slice(i + 2)];
    });
}

describe('escapeDnValue (RFC 4514)', () => {
  it('escapes the special characters, a leading # or space and a trailing space', () => {
    expect(escapeDnValue('a,b+c"d\\e<f>g;h=i')).toBe('a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i');
    expect(escapeDnValue('#x')).toBe('\\#x');
    expect(escapeDnValue(' x ')).toBe('\\ x\\ ');
    expect(escapeDnValue(' ')).toBe('\\ ');
    expect(escapeDnValue('https://k.example.org:5000/v3_cloud.compute')).toBe(
      'https://k.example.org:5000/v3_cloud.compute',
    );
  });

  it('builds child DNs', () => {
    expect(childDn('GLUE2ShareID', 'a,b', 'o=glue')).toBe('GLUE2ShareID=a\\,b,o=glue');
    expect(childDn('o', 'glue', '')).toBe('o=glue');
  });
});

describe('ldifLine (RFC 2849)', () => {
  it('writes SAFE-STRINGs as they are', () => {
    expect(ldifLine('GLUE2EntityName', 'm1.small')).toBe('GLUE2EntityName: m1.small');
  });

  it('writes base64 for non-ASCII, line breaks, leading space/colon/<, trailing space', () => {
    for (const value of [
      'Ubuntu – 22.04',
      'two\nlines',
      ' lead',
      ':colon',
      '<angle',
      'trail ',
      'cr\r',
    ]) {
      const line = ldifLine('x', value);
      expect(line.startsWith('x:: ')).toBe(true);
      expect(read(line)).toEqual([['x', value]]);
    }
  });

  it('folds lines longer than 76 characters and unfolds to the same value', () => {
    const value = 'https://registry.egi.eu/'.padEnd(300, 'x');
    const line = ldifLine('GLUE2ApplicationEnvironmentRepository', value);
    for (const physical of line.split('\n')) expect(physical.length).toBeLessThanOrEqual(76);
    expect(read(line)).toEqual([['GLUE2ApplicationEnvironmentRepository', value]]);
  });
});

describe('writeLdif', () => {
  it('starts with the version line and separates entries by blank lines', () => {
    const text = writeLdif(
      [
        {
          dn: 'o=glue',
          attributes: [
            ['objectClass', 'organization'],
            ['o', 'glue'],
          ],
        },
        { dn: 'GLUE2DomainID=S,o=glue', attributes: [['GLUE2DomainID', 'S']] },
      ],
      ['generated\nfor a test'],
    );
    expect(text).toBe(
      'version: 1\n# generated for a test\n\ndn: o=glue\nobjectClass: organization\no: glue\n\ndn: GLUE2DomainID=S,o=glue\nGLUE2DomainID: S\n',
    );
  });

  it('base64-encodes a DN that is not a SAFE-STRING', () => {
    const text = writeLdif([{ dn: 'GLUE2DomainID=Zürich,o=glue', attributes: [] }]);
    expect(text).toContain('dn:: ');
    expect(read(text)).toContainEqual(['dn', 'GLUE2DomainID=Zürich,o=glue']);
  });
});
