export { acceptImageList } from './accept.js';
export { assertMayRead, imageListReader, mayReadPrivate } from './access.js';
export { listImageLists, readImageList, saveImageList, summaryOf } from './store.js';
