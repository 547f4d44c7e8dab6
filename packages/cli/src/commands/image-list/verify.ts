import { FedcloudError, isFedcloudError } from '@fedcloud/sdk/errors';
import {
  endorsementProblems,
  type ExpectedEndorser,
  type ImageList,
  imagesByExpiry,
  parseImageList,
} from '@fedcloud/sdk/image-list';
import { readTrustAnchors, type TrustAnchors, verifySmime } from '@fedcloud/sdk/smime';
import type { Runtime } from '../../runtime.js';
import { readListSource } from './source.js';

export interface VerifyFlags {
  ca: string;
  endorserDn?: string;
  endorserCa?: string;
}

/** The signer of a list, as a site names it (OpenSSL's one-line DNs). */
interface Signer {
  dn: string;
  /** Unknown when the signature itself was refused. */
  issuerDn?: string;
}

/**
 * A site's verdict on a signed list (atrope's): trusted when the signature is good, the signer
 * chains to a trusted CA, is the endorser the list names (and the one expected, when given) and
 * the list has not expired. `problems` say why not, in the order they were found.
 */
export interface Verdict {
  source: string;
  trusted: boolean;
  /** What failed first: the signature (verifySmime's code), the list, or the endorsement. */
  failure?: string;
  problems: string[];
  form?: 'detached' | 'opaque';
  signer?: Signer;
  list?: ImageList;
  /** Images whose own dc:date:expires has passed: sites remove them (not a failure). */
  expiredImages?: string[];
}

/** --endorser-dn and --endorser-ca come together, as a site's subscription names both. */
export function expectedEndorser(flags: VerifyFlags): ExpectedEndorser | undefined {
  const { endorserDn: dn, endorserCa: ca } = flags;
  if (dn === undefined && ca === undefined) return undefined;
  if (dn === undefined || ca === undefined) {
    throw new FedcloudError(
      'USAGE',
      `--endorser-${dn === undefined ? 'dn' : 'ca'} is missing: give both or neither`,
      {
        hint: "A site's subscription expects an endorser DN and the DN of its CA (atrope's endorser: {dn, ca}).",
      },
    );
  }
  return { dn, ca };
}

async function trustAnchors(ca: string): Promise<TrustAnchors> {
  try {
    return await readTrustAnchors(ca);
  } catch (error) {
    if (isFedcloudError(error) && error.code === 'NOT_FOUND') {
      throw new FedcloudError('USAGE', error.message, { cause: error });
    }
    throw error;
  }
}

/** The verdict on signed bytes, as a site reaches it; pure but for the CMS check. */
async function judge(
  bytes: Buffer,
  source: string,
  trust: TrustAnchors,
  expected: ExpectedEndorser | undefined,
  now: Date,
): Promise<Verdict> {
  const verified = await verifySmime(bytes, trust, { now });
  if (!verified.ok) {
    return {
      source,
      trusted: false,
      failure: verified.code,
      problems: [verified.reason],
      ...(verified.signerDn === undefined ? {} : { signer: { dn: verified.signerDn } }),
    };
  }
  const signer = { dn: verified.signerDn, issuerDn: verified.signerIssuerDn };
  let list: ImageList;
  try {
    list = parseImageList(verified.content);
  } catch (error) {
    if (!isFedcloudError(error)) throw error;
    const problems = (error.details?.problems as string[] | undefined) ?? [error.message];
    return { source, trusted: false, failure: error.code, problems, form: verified.form, signer };
  }
  const problems = endorsementProblems(list, signer, expected, now);
  const expiredImages = imagesByExpiry(list, now).expired.map((image) => image['dc:identifier']);
  return {
    source,
    trusted: problems.length === 0,
    ...(problems.length === 0 ? {} : { failure: 'IMAGE_LIST_UNTRUSTED' }),
    problems,
    form: verified.form,
    signer,
    list,
    expiredImages,
  };
}

/** Reads the signed list (file or URL) and the trusted CAs, and judges it. */
export async function verifyList(
  runtime: Pick<Runtime, 'fetch' | 'timeoutMs'>,
  flags: VerifyFlags,
  source: string,
  now = new Date(),
): Promise<Verdict> {
  const expected = expectedEndorser(flags);
  const trust = await trustAnchors(flags.ca);
  const bytes = await readListSource(runtime, source);
  return judge(bytes, source, trust, expected, now);
}
