import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ImageBytesRefused } from './verified-stream.js';

const run = promisify(execFile);

/**
 * Whether the scratch folder can hold the download and its conversion: twice the image's size
 * (a raw output may be larger still; qemu-img then fails and says so).
 */
export async function checkScratchSpace(dir: string, size: number): Promise<void> {
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < 2 * size) {
    throw new ImageBytesRefused(
      `${dir} has ${free} bytes free, converting needs ${2 * size} (twice hv:size)`,
    );
  }
}

/**
 * `qemu-img convert -f <from> -O <to>`, as atrope and cloudkeeper do for a format the site's
 * Glance does not take (Debian package qemu-utils).
 */
export async function convertImage(
  input: string,
  from: string,
  output: string,
  to: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await run('qemu-img', ['convert', '-f', from, '-O', to, input, output], {
      ...(signal ? { signal } : {}),
      maxBuffer: 1024 * 1024,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new ImageBytesRefused('qemu-img is not installed (apt-get install qemu-utils)');
    }
    const said = (e.stderr ?? '').trim().split('\n')[0] ?? '';
    throw new ImageBytesRefused(
      `qemu-img convert -f ${from} -O ${to} failed: ${said || e.message}`,
    );
  }
}
