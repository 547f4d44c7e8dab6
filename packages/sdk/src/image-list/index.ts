export {
  type Endorser,
  ENDORSER_REQUIRED,
  IMAGE_REQUIRED,
  type ImageEntry,
  type ImageList,
  imageListProblems,
  LIST_REQUIRED,
  parseImageList,
  renderImageList,
} from './hepix.js';
export { addImage, listVersion, newImageList, type NewListInput, removeImage } from './edit.js';
export {
  endorsementProblems,
  type ExpectedEndorser,
  imagesByExpiry,
  type SignerIdentity,
} from './trust.js';
export {
  type GlanceFieldsOptions,
  type GlanceImageFields,
  glanceImageFields,
  isSameImage,
} from './glance-fields.js';
