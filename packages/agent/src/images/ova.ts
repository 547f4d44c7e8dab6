import { Transform, type TransformCallback } from 'node:stream';
import { ImageBytesRefused } from './verified-stream.js';

const BLOCK = 512;

/**
 * The size field of a tar header: octal text (ustar), or GNU's base-256 for files of 8 GiB and
 * more (first byte 0x80).
 */
function entrySize(header: Buffer): number {
  const field = header.subarray(124, 136);
  if ((field[0]! & 0x80) !== 0) {
    let size = 0;
    for (let i = 1; i < field.length; i += 1) size = size * 256 + field[i]!;
    return size;
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function entryName(header: Buffer): string {
  const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
  const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
  return prefix ? `${prefix}/${name}` : name;
}

/**
 * Streams the disk out of an OVA (a tar of the OVF descriptor, the VMDK disk, a manifest) as the
 * tar goes by, so the disk is never written to a scratch file: the first `*.vmdk` entry's bytes
 * are passed on, every other entry skipped. An OVA without one fails at its end.
 */
export function ovaDiskStream(): Transform {
  let pending = Buffer.alloc(0);
  // Bytes left in the current entry, and whether they are passed on; then its padding.
  let left = 0;
  let padding = 0;
  let emitting = false;
  let found = false;
  let ended = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (data.length > 0 && !ended) {
        if (left > 0) {
          const take = Math.min(left, data.length);
          if (emitting) this.push(data.subarray(0, take));
          left -= take;
          data = data.subarray(take);
          continue;
        }
        if (padding > 0) {
          const take = Math.min(padding, data.length);
          padding -= take;
          data = data.subarray(take);
          continue;
        }
        if (data.length < BLOCK) {
          pending = Buffer.from(data);
          break;
        }
        const header = data.subarray(0, BLOCK);
        data = data.subarray(BLOCK);
        if (header.every((b) => b === 0)) {
          ended = true;
          break;
        }
        const size = entrySize(header);
        const type = String.fromCharCode(header[156]!);
        emitting = !found && (type === '0' || type === '\0') && /\.vmdk$/i.test(entryName(header));
        if (emitting) found = true;
        left = size;
        padding = (BLOCK - (size % BLOCK)) % BLOCK;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!found) done(new ImageBytesRefused('the OVA holds no .vmdk disk'));
      else if (left > 0) done(new ImageBytesRefused('the OVA ends inside its disk'));
      else done();
    },
  });
}
