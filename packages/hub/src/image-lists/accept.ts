import { endorsementProblems, type ImageList, parseImageList } from '@fedcloud/sdk/image-list';
import { type TrustAnchors, verifySmime } from '@fedcloud/sdk/smime';
import { isFedcloudError } from '@fedcloud/sdk/errors';
import { HubError } from '../errors.js';

/** A signed list the hub takes: verified, parsed and endorsed by whom it names. */
export interface AcceptedImageList {
  list: ImageList;
  form: 'detached' | 'opaque';
  /** The signed JSON text. */
  content: string;
  signerDn: string;
  signerIssuerDn: string;
}

/**
 * Checks a signed list as a site would before the hub serves it as the VO's: the S/MIME
 * signature and the signer's chain to a trusted CA, a valid HEPiX list, `ad:vo` the VO it is
 * published for, the signer the list's `hv:dn` issued by its `hv:ca`, and not expired.
 * @throws HubError BAD_REQUEST (not signed, changed, not a list, another VO, expired) or
 *   FORBIDDEN (untrusted CA, signed by someone other than the endorser the list names)
 */
export async function acceptImageList(
  signed: string,
  trust: TrustAnchors,
  vo: string,
  now: Date,
): Promise<AcceptedImageList> {
  const verified = await verifySmime(signed, trust, { now });
  if (!verified.ok) {
    throw new HubError(
      verified.code === 'SIGNER_UNTRUSTED' ? 'FORBIDDEN' : 'BAD_REQUEST',
      `the signature is refused: ${verified.reason}`,
      { reason: verified.code },
    );
  }
  let list: ImageList;
  try {
    list = parseImageList(verified.content);
  } catch (error) {
    if (isFedcloudError(error)) {
      throw new HubError('BAD_REQUEST', error.message, { reason: error.code, ...error.details });
    }
    throw error;
  }
  if (list['ad:vo'] !== vo) {
    throw new HubError(
      'BAD_REQUEST',
      `the list is endorsed for VO ${JSON.stringify(list['ad:vo'] ?? null)} (ad:vo), not ${vo}`,
      { reason: 'WRONG_VO' },
    );
  }
  const signer = { dn: verified.signerDn, issuerDn: verified.signerIssuerDn };
  // Who signed first (403), then when it expires (400): at the epoch no list has expired yet.
  const [notEndorser] = endorsementProblems(list, signer, undefined, new Date(0));
  if (notEndorser !== undefined) {
    throw new HubError('FORBIDDEN', notEndorser, { reason: 'NOT_THE_ENDORSER' });
  }
  if (Date.parse(list['dc:date:expires']) < now.getTime()) {
    throw new HubError('BAD_REQUEST', `the list expired at ${list['dc:date:expires']}`, {
      reason: 'EXPIRED',
    });
  }
  return {
    list,
    form: verified.form,
    content: verified.content,
    signerDn: verified.signerDn,
    signerIssuerDn: verified.signerIssuerDn,
  };
}
