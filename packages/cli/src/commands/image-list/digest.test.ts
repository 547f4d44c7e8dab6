import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FedcloudError } from '@fedcloud/sdk/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { digestImage } from './digest.js';

const BYTES = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff));
const SHA512 = createHash('sha512').update(BYTES).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'image-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server answering with these chunks (no sockets): what runtime.fetch returns. */
function serving(
  chunks: Buffer[],
  headers: Record<string, string> = {},
  options: { hang?: boolean; status?: number } = {},
): { fetch: typeof fetch; timeoutMs: number; seen: RequestInit[] } {
  const seen: RequestInit[] = [];
  return {
    timeoutMs: 200,
    seen,
    fetch: (_url, init) => {
      seen.push(init ?? {});
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
          if (!options.hang) controller.close();
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return Promise.resolve(new Response(body, { status: options.status ?? 200, headers }));
    },
  };
}

const failure = async (run: Promise<unknown>): Promise<FedcloudError> => {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(FedcloudError);
    return error as FedcloudError;
  }
  throw new Error('no error');
};

describe('digestImage', () => {
  it('hashes a local file chunk by chunk, telling the progress', async () => {
    const path = join(dir, 'disk.raw');
    writeFileSync(path, BYTES);
    const progress: [number, number | undefined][] = [];
    expect(
      await digestImage(serving([]), path, (done, total) => progress.push([done, total])),
    ).toEqual({
      size: BYTES.length,
      sha512: SHA512,
    });
    expect(progress.at(-1)).toEqual([BYTES.length, BYTES.length]);
  });

  it('hashes a download as it streams, asking for the bytes uncompressed', async () => {
    const server = serving([BYTES.subarray(0, 1000), BYTES.subarray(1000)], {
      'content-length': String(BYTES.length),
    });
    expect(await digestImage(server, 'https://img.example.org/disk.raw')).toEqual({
      size: BYTES.length,
      sha512: SHA512,
    });
    expect(server.seen[0]?.headers).toEqual({ 'accept-encoding': 'identity' });
  });

  it('refuses a download shorter than announced, one that stalls, an HTTP error, a missing file', async () => {
    const short = serving([BYTES.subarray(0, 10)], { 'content-length': '20' });
    expect((await failure(digestImage(short, 'https://h/d.raw'))).message).toBe(
      'cannot download the image: https://h/d.raw sent 10 bytes of the 20 it announced',
    );
    const stalled = serving([BYTES.subarray(0, 10)], {}, { hang: true });
    const stall = await failure(digestImage(stalled, 'https://h/d.raw?sig=secret'));
    expect(stall.code).toBe('SITE_UNREACHABLE');
    expect(stall.message).toContain('no data for 200 ms');
    expect(stall.message).not.toContain('secret');
    const missing = await failure(digestImage(serving([], {}, { status: 404 }), 'https://h/x.raw'));
    expect([missing.code, missing.message]).toEqual([
      'NOT_FOUND',
      'cannot download the image: https://h/x.raw answered HTTP 404',
    ]);
    const noFile = await failure(digestImage(serving([]), join(dir, 'none.raw')));
    expect(noFile.code).toBe('USAGE');
    expect(noFile.message).toContain('no such file');
  });
});
