import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { FedcloudError } from '@fedcloud/sdk/errors';
import { type ImageList, parseImageList, renderImageList } from '@fedcloud/sdk/image-list';
import { unverifiedSmimeContent } from '@fedcloud/sdk/smime';

/** A file the user named could not be read: bad input (exit 2), said with the reason. */
export function unreadable(path: string, error: unknown, what = 'file'): FedcloudError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : error instanceof Error
            ? error.message
            : String(error);
  return new FedcloudError('USAGE', `cannot read the ${what} ${path}: ${reason}`, {
    cause: error,
  });
}

/** The unsigned list a VO manager edits (create, add, remove, sign read it). */
export async function readListFile(path: string): Promise<{ text: string; list: ImageList }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error, 'image list');
  }
  if (unverifiedSmimeContent(text) !== undefined) {
    throw new FedcloudError('USAGE', `${path} is a signed list, not the JSON one edits and signs`, {
      hint: 'Edit and sign the unsigned list (the file `fedcloud image-list create` wrote); `fedcloud image-list show` reads a signed one.',
    });
  }
  return { text, list: parseImageList(text) };
}

/**
 * Writes the list as AppDB serves it (renderImageList, which refuses an invalid list). An
 * existing list is replaced through a temporary file and a rename, so an interrupted write
 * never leaves half a list; `create` refuses to replace one.
 */
export async function writeListFile(
  path: string,
  list: ImageList,
  options: { replace: boolean },
): Promise<void> {
  const text = renderImageList(list);
  if (!options.replace) {
    try {
      await writeFile(path, text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new FedcloudError('USAGE', `${path} exists already`, {
          hint: 'Give another file name, or --force to replace it with a new empty list.',
        });
      }
      throw new FedcloudError('USAGE', `cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return;
  }
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new FedcloudError('USAGE', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
