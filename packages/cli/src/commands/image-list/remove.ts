import { FedcloudError, isFedcloudError } from '@fedcloud/sdk/errors';
import { removeImage } from '@fedcloud/sdk/image-list';
import type { EditResult } from './edit-result.js';
import { readListFile, writeListFile } from './list-file.js';

/** Removes the image with this identifier (or this title, when only one has it). */
export async function removeFromList(
  file: string,
  idOrTitle: string,
  now = new Date(),
): Promise<EditResult> {
  const { list } = await readListFile(file);
  const images = list['hv:images'].map((entry) => entry['hv:image']);
  const image =
    images.find((i) => i['dc:identifier'] === idOrTitle) ??
    images.find((i) => i['dc:title'] === idOrTitle);
  let next;
  try {
    next = removeImage(list, idOrTitle, now);
  } catch (error) {
    // Naming an image the list does not hold is bad input, like any other (exit 2).
    if (isFedcloudError(error) && error.code === 'NOT_FOUND') {
      throw new FedcloudError('USAGE', `${error.message} ${file}`, {
        hint: `\`fedcloud image-list show ${file}\` lists its images.`,
        cause: error,
      });
    }
    throw error;
  }
  await writeListFile(file, next, { replace: true });
  return { action: 'removed', file, list: next, ...(image ? { image } : {}) };
}
