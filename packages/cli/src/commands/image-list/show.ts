import { type ImageList, parseImageList } from '@fedcloud/sdk/image-list';
import { unverifiedSmimeContent } from '@fedcloud/sdk/smime';
import type { Runtime } from '../../runtime.js';
import { readListSource } from './source.js';

export interface ShowResult {
  source: string;
  /** The list came signed: shown from inside the signature, which was NOT checked. */
  signed: boolean;
  list: ImageList;
}

/**
 * A list, unsigned or signed, from a file or a URL. A signed one is read without checking its
 * signature (unverifiedSmimeContent): for a look, never for trust (`verify` judges).
 */
export async function showList(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  source: string,
): Promise<ShowResult> {
  const bytes = await readListSource(runtime, source);
  const inner = unverifiedSmimeContent(bytes);
  const list = parseImageList(inner ?? bytes.toString('utf8'));
  return { source, signed: inner !== undefined, list };
}
