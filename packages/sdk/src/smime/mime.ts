/**
 * The MIME layer of an S/MIME message (RFC 8551, RFC 1847), read only as far as signatures need:
 * the top-level headers, the two parts of a multipart/signed, and base64 bodies. Anything this
 * does not understand is an `unreadable` answer with the reason, never a guess.
 */

interface MimeHeaders {
  /** Header names in lower case; a repeated header keeps its first value. */
  get(name: string): string | undefined;
}

export interface MimeEntity {
  headers: MimeHeaders;
  /** The bytes after the blank line that ends the headers. */
  body: Buffer;
}

export interface ContentType {
  /** `type/subtype` in lower case. */
  mediaType: string;
  /** Parameter names in lower case, values unquoted. */
  params: Map<string, string>;
}

/** The signed part of a multipart/signed, and the detached signature's DER. */
export interface DetachedParts {
  /** The first part exactly as sent, without the line break that belongs to the boundary. */
  signed: Buffer;
  signature: Buffer;
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Splits an entity at its first empty line (CRLF or LF: ssmsend hands on LF-only text). */
export function parseEntity(raw: Buffer): Read<MimeEntity> {
  const match = /\r?\n\r?\n/.exec(raw.toString('latin1'));
  if (!match) return fail('no blank line between the MIME headers and the body');
  const head = raw.subarray(0, match.index).toString('latin1');
  const headers = new Map<string, string>();
  // Folded headers continue on lines that start with white space (RFC 5322 §2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return fail(`not a MIME header line: "${line.slice(0, 60)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return {
    ok: true,
    value: {
      headers: { get: (name) => headers.get(name.toLowerCase()) },
      body: raw.subarray(match.index + match[0].length),
    },
  };
}

/** `type/subtype; a=b; c="d"` → its parts; quoted values may hold `;`. */
export function parseContentType(value: string | undefined): ContentType {
  const text = value ?? 'text/plain';
  const params = new Map<string, string>();
  const semicolon = text.indexOf(';');
  const mediaType = (semicolon < 0 ? text : text.slice(0, semicolon)).trim().toLowerCase();
  const rest = semicolon < 0 ? '' : text.slice(semicolon + 1);
  for (const m of rest.matchAll(/\s*([^=;\s]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)\s*;?/g)) {
    const quoted = m[3];
    params.set(
      m[1]!.toLowerCase(),
      quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : m[2]!.trim(),
    );
  }
  return { mediaType, params };
}

/** A base64 body as MIME writes it (lines of 64 or 76 characters); refuses other characters. */
export function decodeBase64Body(body: Buffer, what: string): Read<Buffer> {
  const text = body.toString('latin1').replace(/[\r\n\t ]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    return fail(`${what} is not base64`);
  }
  return { ok: true, value: Buffer.from(text, 'base64') };
}

/**
 * The two parts of a multipart/signed body. The line break before a boundary belongs to the
 * boundary (RFC 2046 §5.1.1), so it is not part of what was signed.
 */
export function splitMultipartSigned(body: Buffer, boundary: string): Read<DetachedParts> {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const starts: number[] = [];
  // Each delimiter line starts a line: at the very beginning, or after a line break.
  for (let at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + 1)) {
    if (at === 0 || text[at - 1] === '\n') starts.push(at);
  }
  if (starts.length < 3) {
    return fail(
      'a multipart/signed message has two parts and a closing boundary; this one has fewer',
    );
  }
  const partAt = (index: number) => {
    const lineEnd = text.indexOf('\n', starts[index]);
    const start = lineEnd < 0 ? text.length : lineEnd + 1;
    let end = starts[index + 1]!;
    if (text[end - 1] === '\n') end -= 1;
    if (text[end - 1] === '\r') end -= 1;
    return body.subarray(start, Math.max(start, end));
  };
  const signatureEntity = parseEntity(partAt(1));
  if (!signatureEntity.ok) return fail(`the signature part: ${signatureEntity.reason}`);
  const { headers, body: signatureBody } = signatureEntity.value;
  const type = parseContentType(headers.get('content-type')).mediaType;
  if (type !== 'application/pkcs7-signature' && type !== 'application/x-pkcs7-signature') {
    return fail(`the second part of a multipart/signed is the signature, not ${type}`);
  }
  const encoding = (headers.get('content-transfer-encoding') ?? 'binary').toLowerCase();
  const signature =
    encoding === 'base64'
      ? decodeBase64Body(signatureBody, 'the signature')
      : { ok: true as const, value: signatureBody };
  if (!signature.ok) return signature;
  return { ok: true, value: { signed: partAt(0), signature: signature.value } };
}

/**
 * The canonical form of a text entity that was signed (RFC 8551 §3.1.1): every line break CRLF.
 * openssl signs that form, while ssmsend (Python's universal newlines) hands on LF-only text.
 */
export function canonicalLineBreaks(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

/**
 * The text a signed entity carries: `openssl smime -sign -text` wraps it in a
 * `Content-Type: text/plain` entity; without `-text` the content is the text itself.
 */
export function innerText(content: Buffer): Read<string> {
  let body = content;
  let encoding = '';
  if (/^content-(type|transfer-encoding)\s*:/i.test(content.toString('latin1', 0, 40))) {
    const entity = parseEntity(content);
    if (!entity.ok) return fail(`the signed content: ${entity.reason}`);
    const type = parseContentType(entity.value.headers.get('content-type')).mediaType;
    if (!type.startsWith('text/')) return fail(`the signed content is ${type}, not text`);
    encoding = (entity.value.headers.get('content-transfer-encoding') ?? '').toLowerCase();
    body = entity.value.body;
  }
  if (encoding === 'base64') {
    const decoded = decodeBase64Body(body, 'the signed content');
    if (!decoded.ok) return decoded;
    body = decoded.value;
  } else if (encoding === 'quoted-printable') {
    body = decodeQuotedPrintable(body);
  }
  const text = body.toString('utf8');
  if (text.includes('\uFFFD')) return fail('the signed content is not UTF-8 text');
  return { ok: true, value: text.replace(/\r\n/g, '\n') };
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body
    .toString('latin1')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(text, 'latin1');
}
