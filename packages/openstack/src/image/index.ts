export { downloadImageData, uploadImageData, type ImageDataOptions } from './data.js';
export {
  createImage,
  deleteImage,
  getImage,
  listImages,
  type CreateImageRequest,
  type ImageListQuery,
} from './images.js';
export { createImageMember, listImageMembers, updateImageMember } from './members.js';
export {
  deactivateImage,
  reactivateImage,
  updateImage,
  type ImagePatchOperation,
} from './update.js';
export {
  imageMemberSchema,
  imageSchema,
  type Image,
  type ImageMember,
  type ImageMemberStatus,
} from './schemas.js';
