import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A stable Keystone-style id, so that a restarted sandbox keeps the same project ids. */
export function stableKeystoneId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A stable UUID (Nova, Glance, Neutron and Cinder use dashed UUIDs). */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function uuid(): string {
  return randomUUID();
}

/** Nova request ids look like `req-<uuid>`. */
export function requestId(): string {
  return `req-${randomUUID()}`;
}

/** Fernet tokens are url-safe base64 starting with `gAAAAA`; clients sometimes assume the length. */
export function fernetLikeToken(): string {
  return `gAAAAA${randomBytes(135).toString('base64url')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
