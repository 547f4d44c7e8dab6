import { describe, expect, it } from 'vitest';
import { parseSecretArgs, readSecretArgs, type InputReader } from './input.js';

function reader(files: Record<string, string | Buffer>, stdin: string | Buffer = ''): InputReader {
  return {
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) {
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      }
      return Buffer.from(content);
    },
    readStdin: async () => Buffer.from(stdin),
  };
}

async function read(args: string[], io: InputReader, binary = false) {
  return readSecretArgs(parseSecretArgs(args), { binary }, io);
}

describe('secret put arguments', () => {
  it('key=value splits at the first =; later keys override earlier ones', async () => {
    expect(await read(['a=1', 'url=https://x/?q=1', 'a=2', 'empty='], reader({}))).toEqual({
      a: '2',
      url: 'https://x/?q=1',
      empty: '',
    });
  });

  it('key=@file reads the file as text with universal newlines; key=- reads stdin as it is', async () => {
    const io = reader({ 'pw.txt': 'line1\r\nline2\rend\n' }, 'from\r\nstdin');
    expect(await read(['pw=@pw.txt', 'in=-'], io)).toEqual({
      pw: 'line1\nline2\nend\n',
      in: 'from\r\nstdin',
    });
  });

  it('-b reads key=@file and key=- as bytes, base64-encoded; literals stay as they are', async () => {
    const io = reader({ 'k.bin': Buffer.from([0, 255, 10]) }, Buffer.from('hi'));
    expect(await read(['k=@k.bin', 's=-', 'lit=abc'], io, true)).toEqual({
      k: 'AP8K',
      s: 'aGk=',
      lit: 'abc',
    });
  });

  it('@file.json, @file.yaml and - give whole objects, with PyYAML 1.1 types', async () => {
    const io = reader(
      {
        'a.json': '{"user": "ann", "n": 1}',
        'b.yaml': 'port: 8080\nenabled: yes\nmode: 0755\nplain: 1e5\nday: 2024-01-02\ny: y\n',
      },
      'from: stdin\n',
    );
    expect(await read(['@a.json', '@b.yaml', '-', 'user=bob'], io)).toEqual({
      user: 'bob',
      n: 1,
      port: 8080,
      enabled: true,
      mode: 493,
      plain: '1e5',
      day: '2024-01-02',
      y: 'y',
      from: 'stdin',
    });
  });

  it("no arguments: fedcloudclient's message, USAGE", () => {
    expect(() => parseSecretArgs([])).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: "Expecting 'key=value' arguments for secrets, None provided.",
      }),
    );
  });

  it("an argument without = : fedcloudclient's message naming it", () => {
    expect(() => parseSecretArgs(['ok=1', 'oops'])).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: "Expecting 'key=value' arguments for secrets. 'oops' provided.",
      }),
    );
    expect(() => parseSecretArgs(['=v'])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('standard input can be read once only', () => {
    expect(() => parseSecretArgs(['a=-', '-'])).toThrow(
      expect.objectContaining({ message: 'Only one argument can read standard input (-).' }),
    );
  });

  it('a missing file, a non-UTF-8 file, bad YAML and a non-mapping are USAGE errors naming the file', async () => {
    const io = reader({
      'bin.dat': Buffer.from([0xff, 0xfe, 0x00]),
      'bad.yaml': 'a: [1, 2\n',
      'list.yaml': '- a\n- b\n',
      'empty.yaml': '',
      'bad.json': '{"a": ',
    });
    const cases: [string[], string][] = [
      [['k=@missing.txt'], 'Error when reading file missing.txt: no such file'],
      [['@missing.yaml'], 'Error when reading file missing.yaml: no such file'],
      [['k=@bin.dat'], 'Error when reading file bin.dat: it is not UTF-8 text'],
      [['@bad.yaml'], 'Error when reading file bad.yaml: it is not YAML: '],
      [['@list.yaml'], 'Error when reading file list.yaml: it holds a list, not a mapping'],
      [['@empty.yaml'], 'Error when reading file empty.yaml: it holds nothing, not a mapping'],
      [['@bad.json'], 'Error when reading file bad.json: it is not JSON: '],
    ];
    for (const [args, message] of cases) {
      await expect(read(args, io)).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining(message) as unknown,
      });
    }
  });
});
