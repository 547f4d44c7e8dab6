import * as pkijs from 'pkijs';
import {
  decodeBase64Body,
  innerText,
  parseContentType,
  parseEntity,
  splitMultipartSigned,
} from './mime.js';

/**
 * The text a signed message carries, read WITHOUT checking its signature: for showing a list
 * before it is verified, or learning its VO before publishing it. Undefined when the bytes are
 * not S/MIME (plain text, which the caller takes as it is). Never a verdict: verifySmime is.
 */
export function unverifiedSmimeContent(message: string | Buffer): string | undefined {
  const raw = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const entity = parseEntity(raw);
  if (!entity.ok) return undefined;
  const type = parseContentType(entity.value.headers.get('content-type'));
  let content: Buffer | undefined;
  if (type.mediaType === 'multipart/signed') {
    const parts = splitMultipartSigned(entity.value.body, type.params.get('boundary') ?? '');
    if (parts.ok) content = parts.value.signed;
  } else if (/^application\/(x-)?pkcs7-mime$/.test(type.mediaType)) {
    const der = decodeBase64Body(entity.value.body, 'the message');
    if (!der.ok) return undefined;
    try {
      const info = pkijs.ContentInfo.fromBER(new Uint8Array(der.value));
      const signed = new pkijs.SignedData({ schema: info.content });
      const value = signed.encapContentInfo.eContent?.getValue();
      if (value) content = Buffer.from(value);
    } catch {
      return undefined;
    }
  }
  if (!content) return undefined;
  const text = innerText(content);
  return text.ok ? text.value : undefined;
}
