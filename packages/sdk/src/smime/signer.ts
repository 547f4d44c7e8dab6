import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as pkijs from 'pkijs';
import { FedcloudError } from '../errors.js';
import { openSslOneLine } from './dn.js';

/** Who signs: the endorser's certificate and its private key, read once. */
export interface SmimeSigner {
  certificateDer: Buffer;
  /** The certificate's subject and issuer in OpenSSL's one-line form. */
  subjectDn: string;
  issuerDn: string;
  /** Held as a KeyObject only: never turned back into text, never logged. */
  key: KeyObject;
}

/**
 * The signer from a PEM certificate and a PEM private key without a passphrase, as
 * `openssl smime -sign -signer cert.pem -inkey key.pem` takes them. A key file that others may
 * read is refused, as ssh refuses one: a list signed with a leaked key endorses anything.
 * @throws FedcloudError NOT_FOUND, KEY_FILE_INSECURE, USAGE (unreadable PEM, key not the certificate's)
 */
export async function readSmimeSigner(certFile: string, keyFile: string): Promise<SmimeSigner> {
  let keyMode: number;
  try {
    keyMode = (await stat(keyFile)).mode;
  } catch (cause) {
    throw new FedcloudError('NOT_FOUND', `cannot read the key file ${keyFile}`, { cause });
  }
  if ((keyMode & 0o077) !== 0) {
    throw new FedcloudError(
      'KEY_FILE_INSECURE',
      `the key file ${keyFile} may be read by others (mode ${(keyMode & 0o777).toString(8)})`,
      { hint: `chmod 600 ${keyFile}` },
    );
  }
  const [certText, keyText] = await Promise.all([
    readFile(certFile, 'utf8').catch((cause: unknown) => {
      throw new FedcloudError('NOT_FOUND', `cannot read the certificate ${certFile}`, { cause });
    }),
    readFile(keyFile, 'utf8'),
  ]);
  return smimeSignerFromPem(certText, keyText, { certFile, keyFile });
}

/** The signer from PEM texts; `names` only word the errors. */
export function smimeSignerFromPem(
  certificatePem: string,
  keyPem: string,
  names: { certFile: string; keyFile: string } = {
    certFile: 'the certificate',
    keyFile: 'the key',
  },
): SmimeSigner {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (cause) {
    throw new FedcloudError('USAGE', `${names.certFile} is not a PEM certificate`, { cause });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch (cause) {
    // Node's message would not name the file and may say little; the cause keeps no key text.
    const encrypted = /ENCRYPTED/.test(keyPem);
    throw new FedcloudError(
      'USAGE',
      encrypted
        ? `${names.keyFile} is encrypted: give the key without a passphrase (openssl pkey -in ${names.keyFile} -out plain.pem, mode 600)`
        : `${names.keyFile} is not a PEM private key`,
      { cause: cause instanceof Error ? new Error(cause.message) : undefined },
    );
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new FedcloudError(
      'USAGE',
      `${names.keyFile} is not the private key of the certificate in ${names.certFile}`,
    );
  }
  const parsed = pkijs.Certificate.fromBER(new Uint8Array(certificate.raw));
  return {
    certificateDer: certificate.raw,
    subjectDn: openSslOneLine(parsed.subject),
    issuerDn: openSslOneLine(parsed.issuer),
    key,
  };
}
