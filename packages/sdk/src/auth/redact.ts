import { REDACTED } from '@fedcloud/openstack';

/** Shorter values are left alone so that a stray short "secret" cannot garble a message. */
const MIN_SECRET_LENGTH = 6;

/**
 * Replaces every literal secret in a text. Servers sometimes echo what they were sent (an invalid
 * mytoken, a refresh token), and such text ends up in our error messages.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}
