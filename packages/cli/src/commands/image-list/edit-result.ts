import type { ImageEntry, ImageList } from '@fedcloud/sdk/image-list';

/** What create, add and remove did to the list file: the list as written, the image touched. */
export interface EditResult {
  action: 'created' | 'added' | 'replaced' | 'removed';
  file: string;
  list: ImageList;
  image?: ImageEntry;
}
