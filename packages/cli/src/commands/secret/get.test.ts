import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSecret } from './get.js';
import { lockerTokenArgument } from './locker/token-argument.js';
import { parseNumUses, parseSecretFormat } from './output-format.js';
import { secretPath } from './vault.js';

function capture(cwd: string) {
  const chunks: Buffer[] = [];
  return {
    ctx: {
      cwd,
      stdout: { write: (c: string | Uint8Array) => (chunks.push(Buffer.from(c)), true) } as never,
    },
    out: () => Buffer.concat(chunks),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fedcloud-secret-get-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secret get output', () => {
  const secret = { kind: 'secret' as const, secret: { user: 'ann', n: 2 } };

  it('prints the table, YAML or JSON of a whole secret', async () => {
    for (const [format, text] of [
      [undefined, 'key    value\n-----  -------\nuser   ann\nn      2\n'],
      ['YAML', 'user: ann\nn: 2\n'],
      ['JSON', '{\n    "user": "ann",\n    "n": 2\n}\n'],
    ] as const) {
      const { ctx, out } = capture(dir);
      await renderSecret(ctx, secret, { outputFormat: format });
      expect(out().toString()).toBe(text);
    }
  });

  it('prints one value exactly as stored: no newline added, numbers as Python prints them', async () => {
    const { ctx, out } = capture(dir);
    await renderSecret(ctx, { kind: 'value', key: 'pw', value: 'hunter2' }, {});
    await renderSecret(ctx, { kind: 'value', key: 'n', value: 8080 }, {});
    expect(out().toString()).toBe('hunter28080');
  });

  it('-b decodes a base64 value to its bytes', async () => {
    const { ctx, out } = capture(dir);
    await renderSecret(ctx, { kind: 'value', key: 'k', value: 'AP8K' }, { binaryFile: true });
    expect([...out()]).toEqual([0, 255, 10]);
  });

  it('-b refuses a value that is not base64', async () => {
    const { ctx } = capture(dir);
    await expect(
      renderSecret(ctx, { kind: 'value', key: 'k', value: 'not base64!' }, { binaryFile: true }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('k is not base64') });
  });

  it('-o writes a 0600 file, also over an existing 0644 one, and nothing to stdout', async () => {
    const { ctx, out } = capture(dir);
    await writeFile(join(dir, 'old.txt'), 'old content that is longer', { mode: 0o644 });
    await renderSecret(ctx, secret, { outputFormat: 'YAML', outputFile: 'new.yaml' });
    await renderSecret(
      ctx,
      { kind: 'value', key: 'k', value: 'AP8K' },
      { binaryFile: true, outputFile: 'old.txt' },
    );
    expect(out()).toHaveLength(0);
    expect(await readFile(join(dir, 'new.yaml'), 'utf8')).toBe('user: ann\nn: 2\n');
    expect([...(await readFile(join(dir, 'old.txt')))]).toEqual([0, 255, 10]);
    for (const name of ['new.yaml', 'old.txt']) {
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    }
  });

  it('-o into a missing folder is a USAGE error naming the file', async () => {
    const { ctx } = capture(dir);
    await expect(renderSecret(ctx, secret, { outputFile: 'no/such/f' })).rejects.toMatchObject({
      code: 'USAGE',
      message: 'Error when writing file no/such/f: its folder does not exist',
    });
  });
});

describe('secret options', () => {
  it('-f takes text, YAML or JSON in any case, as click.Choice(case_sensitive=False)', () => {
    expect(parseSecretFormat('yaml')).toBe('YAML');
    expect(parseSecretFormat('Json')).toBe('JSON');
    expect(parseSecretFormat('TEXT')).toBe('text');
    expect(() => parseSecretFormat('xml')).toThrow("'xml' is not one of 'text', 'YAML', 'JSON'.");
  });

  it('--num-uses is a whole number', () => {
    expect(parseNumUses('3')).toBe(3);
    expect(parseNumUses('0')).toBe(0);
    for (const bad of ['-1', '2.5', 'ten', '']) expect(() => parseNumUses(bad)).toThrow();
  });

  it('the locker token comes from the argument, else FEDCLOUD_LOCKER_TOKEN', () => {
    expect(lockerTokenArgument('hvs.a', { FEDCLOUD_LOCKER_TOKEN: 'hvs.b' })).toBe('hvs.a');
    expect(lockerTokenArgument(undefined, { FEDCLOUD_LOCKER_TOKEN: 'hvs.b' })).toBe('hvs.b');
    expect(() => lockerTokenArgument(undefined, {})).toThrow(
      expect.objectContaining({ code: 'USAGE', message: "Missing argument '[locker_token]'." }),
    );
  });

  it('get, put and delete need a path', () => {
    expect(secretPath('my_app/db')).toBe('my_app/db');
    for (const bad of ['', '/', '//']) {
      expect(() => secretPath(bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });
});
