/**
 * @fedcloud/sdk/smime: S/MIME signed messages as `openssl smime -sign` writes them (APEL SSM's
 * accounting messages, HEPiX image lists): parse the detached and opaque forms, verify the CMS
 * signature and the signer's chain, name the signer as grid tools do.
 */
export {
  verifySmime,
  type SmimeFailureCode,
  type SmimeRefused,
  type SmimeVerification,
  type SmimeVerified,
  type VerifyOptions,
} from './verify.js';
export {
  certificateNames,
  readTrustAnchors,
  trustAnchorsFromPem,
  type TrustAnchors,
} from './trust.js';
export { signSmime, type SignOptions, type SmimeForm } from './sign.js';
export { readSmimeSigner, smimeSignerFromPem, type SmimeSigner } from './signer.js';
export { unverifiedSmimeContent } from './signed-content.js';
