import { FedcloudError } from '@fedcloud/sdk/errors';
import type { Endorser } from '@fedcloud/sdk/image-list';
import { z } from 'zod';

/**
 * The checks of `fedcloud image-list`'s flags and arguments, pure so they are unit-tested. Every
 * refusal is a USAGE error (exit 2): nothing is read, hashed or written before they pass.
 */

const usage = (message: string, hint?: string) =>
  new FedcloudError('USAGE', message, hint === undefined ? {} : { hint });

/** An http(s) URL is fetched; anything else is a local file. */
export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

const identifierSchema = z.guid();

/** `dc:identifier`: a UUID, as AppDB gives every list and image. */
export function parseIdentifier(value: string, flag = '--identifier'): string {
  const text = value.trim();
  if (!identifierSchema.safeParse(text).success) {
    throw usage(
      `${flag} must be a UUID such as 662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10, not "${value}"`,
      'Leave it out to get a new random one.',
    );
  }
  return text.toLowerCase();
}

const DAYS = /^(\d+)d$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--expires`: a date (2027-01-31, or an ISO time) or a number of days from now (`90d`). */
export function parseExpiry(value: string, now: Date, flag = '--expires'): Date {
  const text = value.trim();
  const days = DAYS.exec(text);
  if (days) {
    const n = Number(days[1]);
    if (n <= 0) throw usage(`${flag} must be at least 1d, not "${value}"`);
    return new Date(now.getTime() + n * 86_400_000);
  }
  const at = DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    throw usage(
      `${flag} must be a date (2027-01-31, 2027-01-31T12:00:00Z) or days from now (90d), not "${value}"`,
    );
  }
  if (at <= now.getTime()) throw usage(`${flag} ${text} is not in the future`);
  return new Date(at);
}

/** Disk formats a site's image sync takes (`hv:format`), lower case here, upper case on the wire. */
const IMAGE_FORMATS = ['qcow2', 'raw', 'ova', 'vmdk', 'vdi', 'vhd', 'vhdx', 'iso'] as const;

/**
 * `hv:format` as AppDB writes it (QCOW2, OVA, …): --format when given (any case), else the file
 * name's extension. `.img` says nothing (raw or qcow2), so it needs --format.
 */
export function imageFormat(source: string, given: string | undefined): string {
  const known = (name: string) => (IMAGE_FORMATS as readonly string[]).includes(name);
  if (given !== undefined) {
    const name = given.trim().toLowerCase();
    if (!known(name)) {
      throw usage(`--format must be one of ${IMAGE_FORMATS.join(', ')}, not "${given}"`);
    }
    return name.toUpperCase();
  }
  const path = isUrl(source) ? new URL(source).pathname : source;
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (extension && known(extension)) return extension.toUpperCase();
  throw usage(
    `cannot tell the disk format of ${source} from its name`,
    'Give --format qcow2 (or raw, ova, vmdk, …).',
  );
}

/** Attributes that `add` works out itself: a --property may not set them. */
const COMPUTED = new Set(['dc:identifier', 'hv:size', 'sl:checksum:sha512']);

/** `--property key=value` (repeatable): any other HEPiX attribute, e.g. `hv:ram_minimum=512`. */
export function parseProperties(values: readonly string[] | undefined): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const key = at < 0 ? '' : value.slice(0, at).trim();
    if (!key) {
      throw usage(`--property must be key=value (e.g. hv:ram_minimum=512), not "${value}"`);
    }
    if (COMPUTED.has(key)) {
      throw usage(
        `--property cannot set ${key}: add works it out (use --identifier for dc:identifier)`,
      );
    }
    properties[key] = value.slice(at + 1);
  }
  return properties;
}

export interface EndorserFlags {
  endorserDn?: string;
  endorserCa?: string;
  endorserEmail?: string;
  endorserName?: string;
}

/** A DN in OpenSSL's one-line form, as atrope and the hub compare them: `/DC=org/CN=name`. */
function oneLineDn(value: string, flag: string): string {
  const dn = value.trim();
  if (!/^\/[A-Za-z][A-Za-z0-9.]*=/.test(dn)) {
    throw usage(
      `${flag} must be a DN in OpenSSL's one-line form, /DC=org/DC=example/CN=name, not "${value}"`,
      'openssl x509 -in cert.pem -noout -subject -issuer -nameopt compat prints both.',
    );
  }
  return dn;
}

/**
 * `hv:endorser` from the flags: the DN of the certificate that will sign the list and the DN
 * of its CA, which every site compares exactly with the signer's. `names` are the DNs read
 * from --endorser-cert, used where --endorser-dn / --endorser-ca are not given.
 */
export function endorserFrom(
  flags: EndorserFlags,
  vo: string,
  names: { subjectDn: string; issuerDn: string } | undefined,
): Endorser {
  const dn = flags.endorserDn ?? names?.subjectDn;
  const ca = flags.endorserCa ?? names?.issuerDn;
  if (dn === undefined || ca === undefined) {
    throw usage(
      `the endorser's ${dn === undefined ? 'DN' : 'CA'} is missing`,
      'Give --endorser-dn and --endorser-ca, or --endorser-cert with the certificate that will sign the list.',
    );
  }
  const email = flags.endorserEmail?.trim();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw usage(
      email
        ? `--endorser-email must be an e-mail address, not "${email}"`
        : '--endorser-email is missing',
      "Sites show the endorser's address to whoever asks about the list's images.",
    );
  }
  return {
    'dc:creator': flags.endorserName?.trim() || `${vo} VO manager`,
    'hv:ca': oneLineDn(ca, '--endorser-ca'),
    'hv:dn': oneLineDn(dn, '--endorser-dn'),
    'hv:email': email,
  };
}

const VO_NAME = /^[a-z0-9][a-z0-9.-]*$/i;

/** A VO name as the hub and EGI write them (vo.access.egi.eu). */
export function parseVo(value: string | undefined, flag = '--vo'): string {
  const vo = value?.trim();
  if (!vo)
    throw usage(
      `${flag} is missing`,
      'Give the VO that endorses the list, e.g. --vo vo.access.egi.eu.',
    );
  if (!VO_NAME.test(vo)) throw usage(`${flag} "${value}" is not a VO name (like vo.access.egi.eu)`);
  return vo;
}
