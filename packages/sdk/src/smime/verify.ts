import * as pkijs from 'pkijs';
import { openSslOneLine } from './dn.js';
import {
  canonicalLineBreaks,
  decodeBase64Body,
  innerText,
  parseContentType,
  parseEntity,
  type Read,
  splitMultipartSigned,
} from './mime.js';
import type { TrustAnchors } from './trust.js';

/** Why a message was not accepted; stable, for callers that map them to their own errors. */
export type SmimeFailureCode =
  /** Not S/MIME as openssl writes it: no MIME headers, no parts, not base64, not CMS. */
  | 'MALFORMED'
  /** Encrypted (enveloped-data): the receiver would need its private key. */
  | 'ENCRYPTED'
  /** The signature does not match the content, or names no certificate in the message. */
  | 'SIGNATURE_INVALID'
  /** The signature is good but its certificate does not chain to a trusted CA (or expired). */
  | 'SIGNER_UNTRUSTED';

export interface SmimeVerified {
  ok: true;
  /** multipart/signed (`openssl smime -sign`) or opaque (`-nodetach`). */
  form: 'detached' | 'opaque';
  /** The signed text, its MIME wrapper (`-text`) removed, line breaks LF. */
  content: string;
  /** The signer's subject in OpenSSL's one-line form, `/C=NL/O=Hosts/CN=host.example.org`. */
  signerDn: string;
  signerIssuerDn: string;
  signerCertificatePem: string;
}

export interface SmimeRefused {
  ok: false;
  code: SmimeFailureCode;
  reason: string;
  /** Known once the signer's certificate was found (a good signature by an untrusted CA). */
  signerDn?: string;
}

export type SmimeVerification = SmimeVerified | SmimeRefused;

export interface VerifyOptions {
  /** The instant the certificates must be valid at; now by default. */
  now?: Date;
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

const refuse = (code: SmimeFailureCode, reason: string, signerDn?: string): SmimeRefused => ({
  ok: false,
  code,
  reason,
  ...(signerDn === undefined ? {} : { signerDn }),
});

/**
 * Verifies one S/MIME signed message, as the APEL receiver does with `openssl smime -verify`
 * and as atrope does for image lists: the CMS signature over the content, then the signer's
 * certificate chain up to one of the trusted CAs. Never throws for a bad message: the answer
 * says why it was refused. Revocation (CRLs) is not checked, as the stock receiver's default
 * (`check_crls: false`) does not either.
 */
export async function verifySmime(
  message: string | Buffer,
  trust: TrustAnchors,
  options: VerifyOptions = {},
): Promise<SmimeVerification> {
  const raw = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const located = locateSignature(raw);
  if (!located.ok) return refuse(located.code, located.reason);
  const { form, der, signedContent } = located;

  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
    if (info.contentType !== SIGNED_DATA) {
      return refuse('MALFORMED', `the CMS content is ${info.contentType}, not signed-data`);
    }
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    return refuse('MALFORMED', `the signature is not CMS SignedData: ${messageOf(error)}`);
  }
  if (signedData.signerInfos.length !== 1) {
    return refuse('MALFORMED', `expected one signer, found ${signedData.signerInfos.length}`);
  }
  const content =
    form === 'detached'
      ? signedContent
      : Buffer.from(signedData.encapContentInfo.eContent?.getValue() ?? new ArrayBuffer(0));
  if (form === 'opaque' && content.length === 0) {
    return refuse('MALFORMED', 'the opaque signed message carries no content');
  }

  let signer: pkijs.Certificate | undefined;
  try {
    const result = await signedData.verify({
      signer: 0,
      ...(form === 'detached' ? { data: toArrayBuffer(canonicalLineBreaks(content)) } : {}),
      checkChain: false,
      extendedMode: true,
    });
    signer = result.signerCertificate ?? undefined;
    if (!result.signatureVerified) {
      return refuse(
        'SIGNATURE_INVALID',
        'the signature does not match the signed content: it was changed after signing',
        signer && openSslOneLine(signer.subject),
      );
    }
  } catch (error) {
    const failed = error as Partial<pkijs.SignedDataVerifyError>;
    signer = failed.signerCertificate ?? undefined;
    return refuse(
      'SIGNATURE_INVALID',
      signer
        ? 'the signature does not match the signed content: it was changed after signing'
        : `the signature cannot be checked: ${messageOf(error)}`,
      signer && openSslOneLine(signer.subject),
    );
  }
  if (!signer) return refuse('SIGNATURE_INVALID', "the signer's certificate is not in the message");

  const signerDn = openSslOneLine(signer.subject);
  const issuerDn = openSslOneLine(signer.issuer);
  const chain = await new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...trust.certificates],
    certs: [
      signer,
      ...(signedData.certificates ?? []).filter(
        (c): c is pkijs.Certificate => c instanceof pkijs.Certificate && c !== signer,
      ),
    ],
    checkDate: options.now ?? new Date(),
  }).verify();
  if (!chain.result) {
    return refuse(
      'SIGNER_UNTRUSTED',
      `the signer ${signerDn} (issued by ${issuerDn}) is not trusted: ${chain.resultMessage || 'no chain to a trusted CA'}`,
      signerDn,
    );
  }

  const text = innerText(content);
  if (!text.ok) return refuse('MALFORMED', text.reason, signerDn);
  return {
    ok: true,
    form,
    content: text.value,
    signerDn,
    signerIssuerDn: issuerDn,
    signerCertificatePem: certificatePem(signer),
  };
}

type Located =
  | { ok: true; form: 'detached' | 'opaque'; der: Buffer; signedContent: Buffer }
  | { ok: false; code: SmimeFailureCode; reason: string };

/** Where the CMS structure is: the second part of a multipart/signed, or the whole body. */
function locateSignature(raw: Buffer): Located {
  const malformed = (read: { reason: string }): Located => ({
    ok: false,
    code: 'MALFORMED',
    reason: read.reason,
  });
  const entity = parseEntity(raw);
  if (!entity.ok) {
    return malformed({ reason: `not an S/MIME signed message (unsigned text?): ${entity.reason}` });
  }
  const type = parseContentType(entity.value.headers.get('content-type'));
  if (type.mediaType === 'multipart/signed') {
    const boundary = type.params.get('boundary');
    if (!boundary) return malformed({ reason: 'a multipart/signed message without a boundary' });
    const parts = splitMultipartSigned(entity.value.body, boundary);
    if (!parts.ok) return malformed(parts);
    return {
      ok: true,
      form: 'detached',
      der: parts.value.signature,
      signedContent: parts.value.signed,
    };
  }
  if (
    type.mediaType === 'application/pkcs7-mime' ||
    type.mediaType === 'application/x-pkcs7-mime'
  ) {
    const smimeType = type.params.get('smime-type')?.toLowerCase();
    if (smimeType === 'enveloped-data') {
      return {
        ok: false,
        code: 'ENCRYPTED',
        reason:
          'the message is encrypted; send it signed only (no server_cert in sender.cfg): the transport is TLS already',
      };
    }
    const der: Read<Buffer> =
      (entity.value.headers.get('content-transfer-encoding') ?? '').toLowerCase() === 'base64'
        ? decodeBase64Body(entity.value.body, 'the opaque signed message')
        : { ok: true, value: entity.value.body };
    if (!der.ok) return malformed(der);
    return { ok: true, form: 'opaque', der: der.value, signedContent: Buffer.alloc(0) };
  }
  return malformed({
    reason: `not an S/MIME signed message: its Content-Type is ${type.mediaType}, not multipart/signed or application/pkcs7-mime`,
  });
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function certificatePem(certificate: pkijs.Certificate): string {
  const base64 = Buffer.from(certificate.toSchema().toBER()).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
