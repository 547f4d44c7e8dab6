import { createHash, randomBytes, sign as signBytes, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { FedcloudError } from '../errors.js';
import type { SmimeSigner } from './signer.js';

/** How the signed message carries its content, as `openssl smime -sign` (default) or `-nodetach`. */
export type SmimeForm = 'detached' | 'opaque';

export interface SignOptions {
  /** `detached` (multipart/signed, the content readable as is) by default. */
  form?: SmimeForm;
  /** The signing time written into the signature; now by default. */
  now?: Date;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  smimeCapabilities: '1.2.840.113549.1.9.15',
} as const;

/**
 * The SMIMECapabilities attribute OpenSSL 3 writes by default (`PKCS7_add0_attrib_smimecap`),
 * in its order: a receiver's choice of ciphers for a reply. Written so our signature carries the
 * same attributes as one made by `openssl smime -sign`.
 */
const SMIME_CAPABILITIES: [string, number?][] = [
  ['2.16.840.1.101.3.4.1.42'], // aes-256-cbc
  ['2.16.840.1.101.3.4.1.22'], // aes-192-cbc
  ['2.16.840.1.101.3.4.1.2'], // aes-128-cbc
  ['1.2.840.113549.3.7'], // des-ede3-cbc
  ['1.2.840.113549.3.2', 128], // rc2-cbc, 128 bits
  ['1.2.840.113549.3.2', 64],
  ['1.3.14.3.2.7'], // des-cbc
  ['1.2.840.113549.3.2', 40],
];

/**
 * Signs `content` as `openssl smime -sign -signer cert.pem -inkey key.pem` does, so that
 * `openssl smime -verify`, vmcatcher, cloudkeeper and atrope read it: CMS SignedData (SHA-256,
 * the signer's certificate included, signed attributes content type, signing time, message
 * digest, S/MIME capabilities) in a multipart/signed (micalg sha-256) or, opaque, an
 * application/x-pkcs7-mime message. Text is signed in its canonical form, every line break CRLF
 * (RFC 8551 §3.1.1), as openssl does without `-binary`.
 */
export function signSmime(
  content: string | Buffer,
  signer: SmimeSigner,
  options: SignOptions = {},
): Buffer {
  const form = options.form ?? 'detached';
  const canonical = canonicalText(typeof content === 'string' ? Buffer.from(content) : content);
  const der = signedDataDer(canonical, signer, form, options.now ?? new Date());
  const base64 = `${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n`;
  if (form === 'opaque') {
    return Buffer.from(
      [
        'MIME-Version: 1.0',
        'Content-Disposition: attachment; filename="smime.p7m"',
        'Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name="smime.p7m"',
        'Content-Transfer-Encoding: base64',
        '',
        `${base64}`,
      ].join('\n'),
    );
  }
  // openssl's boundary: 16 random bytes in upper-case hex after four dashes.
  const boundary = `----${randomBytes(16).toString('hex').toUpperCase()}`;
  const head = [
    'MIME-Version: 1.0',
    `Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="${boundary}"`,
    '',
    'This is an S/MIME signed message',
    '',
    `--${boundary}`,
    '',
  ].join('\n');
  const tail = [
    '',
    `--${boundary}`,
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="smime.p7s"',
    '',
    base64,
    `--${boundary}--`,
    '',
    '',
  ].join('\n');
  return Buffer.concat([Buffer.from(head), canonical, Buffer.from(tail)]);
}

/** openssl's SMIME_crlf_copy: each line's trailing CRs and its LF become one CRLF. */
function canonicalText(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r*\n/g, '\r\n'), 'latin1');
}

function signedDataDer(content: Buffer, signer: SmimeSigner, form: SmimeForm, now: Date): Buffer {
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(signer.certificateDer));
  const sha256 = () =>
    new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    // RFC 5652 §11.3: UTCTime until 2049, GeneralizedTime from 2050.
    attribute(
      OID.signingTime,
      now.getUTCFullYear() < 2050
        ? new asn1js.UTCTime({ valueDate: now })
        : new asn1js.GeneralizedTime({ valueDate: now }),
    ),
    attribute(
      OID.messageDigest,
      new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() }),
    ),
    attribute(OID.smimeCapabilities, capabilities()),
  ];
  // The signature covers the DER of the attributes as a SET OF (RFC 5652 §5.4), not as [0].
  const toSign = Buffer.from(
    new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(),
  );
  const { algorithm, signature } = signWithKey(signer.key, toSign);

  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data });
  // pkijs would cut the content into a constructed OCTET STRING; openssl writes one primitive.
  if (form === 'opaque') encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256()],
    encapContentInfo,
    certificates: [certificate],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: certificate.issuer,
          serialNumber: certificate.serialNumber,
        }),
        digestAlgorithm: sha256(),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        signatureAlgorithm: algorithm,
        signature: new asn1js.OctetString({ valueHex: signature }),
      }),
    ],
  });
  const info = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(info.toSchema().toBER());
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

function capabilities(): asn1js.Sequence {
  return new asn1js.Sequence({
    value: SMIME_CAPABILITIES.map(
      ([oid, bits]) =>
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: oid }),
            ...(bits === undefined ? [] : [new asn1js.Integer({ value: bits })]),
          ],
        }),
    ),
  });
}

/**
 * PKCS#1 v1.5 for RSA keys, named rsaEncryption as openssl names it in CMS; ECDSA for EC keys.
 * Other key types (RSA-PSS, Ed25519) are not what grid endorsers' certificates carry.
 */
function signWithKey(
  key: KeyObject,
  data: Buffer,
): { algorithm: pkijs.AlgorithmIdentifier; signature: Buffer } {
  if (key.asymmetricKeyType === 'rsa') {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.rsaEncryption,
        algorithmParams: new asn1js.Null(),
      }),
      signature: signBytes('sha256', data, key),
    };
  }
  if (key.asymmetricKeyType === 'ec') {
    return {
      algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
      signature: signBytes('sha256', data, { key, dsaEncoding: 'der' }),
    };
  }
  throw new FedcloudError(
    'USAGE',
    `cannot sign with a ${key.asymmetricKeyType ?? 'unknown'} key: use the RSA or EC key of the endorser's certificate`,
  );
}
