export { downloadImageData, uploadImageData, type ImageDataOptions } from './data.js';
export {
  createImage,
  deleteImage,
  getImage,
  listImages,
  type CreateImageRequest,
  type ImageListQuery,
} from './images.js';
export { imageSchema, type Image } from './schemas.js';
