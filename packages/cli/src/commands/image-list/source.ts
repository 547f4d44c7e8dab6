import { readFile } from 'node:fs/promises';
import { isFedcloudError } from '@fedcloud/sdk/errors';
import type { Runtime } from '../../runtime.js';
import { openUrl, readListBody, unreachable } from './http.js';
import { isUrl } from './input.js';
import { unreadable } from './list-file.js';

/**
 * The bytes of a list, signed or not, from a file or an http(s) URL (a hub's
 * /api/v1/vos/{vo}/image-list, AppDB's image.list), exactly as they are: a signature covers
 * bytes, so nothing is decoded or normalised here.
 */
export async function readListSource(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  where: string,
): Promise<Buffer> {
  if (!isUrl(where)) {
    try {
      return await readFile(where);
    } catch (error) {
      throw unreadable(where, error, 'image list');
    }
  }
  const what = 'download the image list';
  const response = await openUrl(runtime, where, what);
  try {
    return await readListBody(response, where);
  } catch (error) {
    if (isFedcloudError(error)) throw error;
    throw unreachable(where, error, what);
  }
}
