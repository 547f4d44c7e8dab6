import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ovaDiskStream } from './ova.js';
import { lastChunkGate, verifyingStream } from './verified-stream.js';

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

/** Collects what reaches the end, and whether the end was reached cleanly. */
function sink(): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  return {
    chunks,
    stream: new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    }),
  };
}

const chunksOf = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
    bytes.subarray(i * size, (i + 1) * size),
  );

describe('verifyingStream and lastChunkGate', () => {
  const bytes = Buffer.alloc(10_000, 7);

  it('passes the bytes through when size and sha512 match', async () => {
    const out = sink();
    const seen: number[] = [];
    await pipeline(
      Readable.from(chunksOf(bytes, 3000)),
      verifyingStream({ size: bytes.length, sha512: sha512(bytes).toUpperCase() }, (n) =>
        seen.push(n),
      ),
      lastChunkGate(),
      out.stream,
    );
    expect(Buffer.concat(out.chunks).equals(bytes)).toBe(true);
    expect(seen.at(-1)).toBe(10_000);
  });

  it('a wrong hash fails at the end and the last chunk never reaches the receiver', async () => {
    const out = sink();
    await expect(
      pipeline(
        Readable.from(chunksOf(bytes, 3000)),
        verifyingStream({ size: bytes.length, sha512: 'ab'.repeat(64) }),
        lastChunkGate(),
        out.stream,
      ),
    ).rejects.toThrow(/^sha512 [0-9a-f]{16}… is not the list's abababab/);
    expect(Buffer.concat(out.chunks).length).toBeLessThan(bytes.length);
  });

  it('too few bytes fail at the end, too many at once', async () => {
    await expect(
      pipeline(
        Readable.from([bytes]),
        verifyingStream({ size: bytes.length + 1, sha512: sha512(bytes) }),
        sink().stream,
      ),
    ).rejects.toThrow("the source sent 10000 bytes, the list's hv:size is 10001");
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024));
      },
    });
    await expect(
      pipeline(endless, verifyingStream({ size: 4096, sha512: sha512(bytes) }), sink().stream),
    ).rejects.toThrow("the source sent more than the list's hv:size of 4096 bytes");
    expect(pulled).toBeLessThan(100);
  });
});

describe('ovaDiskStream', () => {
  it('passes on the vmdk of a tar written by GNU tar, as it streams by', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ova-'));
    try {
      const disk = Buffer.from(Array.from({ length: 70_001 }, (_, i) => i % 251));
      writeFileSync(join(dir, 'box.ovf'), '<Envelope/>');
      writeFileSync(join(dir, 'box-disk1.vmdk'), disk);
      writeFileSync(join(dir, 'box.mf'), 'SHA1(box.ovf)= 00');
      const ova = execFileSync('tar', [
        '-C',
        dir,
        '-cf',
        '-',
        'box.ovf',
        'box-disk1.vmdk',
        'box.mf',
      ]);
      const out = sink();
      await pipeline(Readable.from(chunksOf(ova, 777)), ovaDiskStream(), out.stream);
      expect(Buffer.concat(out.chunks).equals(disk)).toBe(true);

      const tarWithout = execFileSync('tar', ['-C', dir, '-cf', '-', 'box.ovf']);
      await expect(
        pipeline(Readable.from([tarWithout]), ovaDiskStream(), sink().stream),
      ).rejects.toThrow('the OVA holds no .vmdk disk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
