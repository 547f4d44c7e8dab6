import type { ImageEntry, ImageList } from './hepix.js';

/** The signer of a verified list, DNs in OpenSSL's one-line `/DC=…/CN=…` form. */
export interface SignerIdentity {
  dn: string;
  issuerDn: string;
}

/** What a site's subscription expects of the endorser (atrope's `endorser: {dn, ca}`). */
export interface ExpectedEndorser {
  dn: string;
  ca: string;
}

/**
 * Why a list whose signature verified is still not to be trusted, as atrope decides: the
 * signer must be the endorser the list names (`hv:dn`, issued by `hv:ca`), that endorser the one
 * the subscription expects, and the list not expired. Empty when it is trusted. DNs are compared
 * exactly, as atrope and vmcatcher do.
 */
export function endorsementProblems(
  list: ImageList,
  signer: SignerIdentity,
  expected: ExpectedEndorser | undefined,
  now: Date,
): string[] {
  const named = list['hv:endorser']['hv:x509'];
  const problems: string[] = [];
  if (signer.dn !== named['hv:dn']) {
    problems.push(`signed by ${signer.dn}, but the list names ${named['hv:dn']} as its endorser`);
  }
  if (signer.issuerDn !== named['hv:ca']) {
    problems.push(
      `the signer's certificate is issued by ${signer.issuerDn}, not ${named['hv:ca']}`,
    );
  }
  if (expected && named['hv:dn'] !== expected.dn) {
    problems.push(`endorsed by ${named['hv:dn']}, but the subscription expects ${expected.dn}`);
  }
  if (expected && named['hv:ca'] !== expected.ca) {
    problems.push(
      `the endorser's CA is ${named['hv:ca']}, but the subscription expects ${expected.ca}`,
    );
  }
  if (Date.parse(list['dc:date:expires']) < now.getTime()) {
    problems.push(`the list expired at ${list['dc:date:expires']}`);
  }
  return problems;
}

/**
 * The list's images split by their own `dc:date:expires`. As in atrope, an image without one is
 * expired (it defaults to the year 2000): a list that wants its images kept says until when.
 */
export function imagesByExpiry(
  list: ImageList,
  now: Date,
): { current: ImageEntry[]; expired: ImageEntry[] } {
  const current: ImageEntry[] = [];
  const expired: ImageEntry[] = [];
  for (const { 'hv:image': image } of list['hv:images']) {
    const expires = image['dc:date:expires'];
    const at = expires === undefined ? Number.NaN : Date.parse(expires);
    const gone = Number.isNaN(at) || at < now.getTime();
    (gone ? expired : current).push(image);
  }
  return { current, expired };
}
