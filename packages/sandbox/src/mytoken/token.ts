import { createHash, randomUUID } from 'node:crypto';
import { compactVerify, errors, SignJWT } from 'jose';
import { z } from 'zod';
import { formatGoDuration } from '../go-duration.js';
import { MYTOKEN_ALG, type MytokenKeys } from './keys.js';

/** One restriction of a mytoken (api v0 Restriction); the sandbox mints at most one. */
const restrictionSchema = z
  .object({
    nbf: z.number().optional(),
    exp: z.number().optional(),
    scope: z.string().optional(),
    audience: z.array(z.string()).optional(),
    usages_AT: z.number().int().optional(),
    usages_other: z.number().int().optional(),
  })
  .passthrough();

export type Restriction = z.infer<typeof restrictionSchema>;

/** The claims of a mytoken JWT (oidc-mytoken/api v0 Mytoken, token version 0.7). */
const mytokenClaimsSchema = z
  .object({
    ver: z.string(),
    token_type: z.literal('mytoken'),
    iss: z.string(),
    sub: z.string(),
    exp: z.number().optional(),
    nbf: z.number(),
    iat: z.number(),
    auth_time: z.number(),
    jti: z.string(),
    seq_no: z.number(),
    name: z.string().optional(),
    aud: z.string(),
    oidc_sub: z.string(),
    oidc_iss: z.string(),
    restrictions: z.array(restrictionSchema).optional(),
    capabilities: z.array(z.string()),
  })
  .passthrough();

export type MytokenClaims = z.infer<typeof mytokenClaimsSchema>;

/** utils.CreateMytokenSubject: a hash of the OIDC subject and issuer, not the subject itself. */
function mytokenSubject(oidcSub: string, oidcIss: string): string {
  return createHash('sha3-256').update(`${oidcSub}@${oidcIss}`).digest('base64');
}

export async function signMytoken(
  keys: MytokenKeys,
  input: {
    server: string;
    oidcIssuer: string;
    oidcSub: string;
    name: string;
    restriction: Restriction | undefined;
    now: number;
  },
): Promise<{ token: string; claims: MytokenClaims }> {
  const now = Math.floor(input.now);
  const claims: MytokenClaims = {
    ver: '0.7',
    token_type: 'mytoken',
    iss: input.server,
    sub: mytokenSubject(input.oidcSub, input.oidcIssuer),
    ...(input.restriction?.exp === undefined ? {} : { exp: input.restriction.exp }),
    nbf: now,
    iat: now,
    auth_time: now,
    jti: randomUUID(),
    seq_no: 1,
    name: input.name,
    aud: input.server,
    oidc_sub: input.oidcSub,
    oidc_iss: input.oidcIssuer,
    ...(input.restriction ? { restrictions: [input.restriction] } : {}),
    capabilities: ['AT', 'tokeninfo'],
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: MYTOKEN_ALG, kid: keys.kid, typ: 'JWT' })
    .sign(keys.privateKey);
  return { token, claims };
}

/**
 * mytoken.ParseJWT with golang-jwt v3's messages: the claims are checked first (expiry, issue
 * time, not-before, each later failure replacing the earlier message), then a bad signature
 * replaces them all; then the server's own checks of issuer and audience.
 */
export async function verifyMytoken(
  token: string,
  keys: MytokenKeys,
  server: string,
  nowSeconds: number,
): Promise<{ ok: true; claims: MytokenClaims } | { ok: false; message: string }> {
  const parts = token.split('.');
  if (parts.length !== 3)
    return { ok: false, message: 'token contains an invalid number of segments' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, message: 'illegal base64 data at input byte 0' };
  }
  const now = Math.floor(nowSeconds);
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<
    string,
    unknown
  >;
  const time = (name: string) => (typeof record[name] === 'number' ? record[name] : 0);
  let claimsError: string | undefined;
  if (time('exp') !== 0 && now > time('exp')) {
    claimsError = `token is expired by ${formatGoDuration(now - time('exp'))}`;
  }
  if (time('iat') !== 0 && now < time('iat')) claimsError = 'Token used before issued';
  if (time('nbf') !== 0 && now < time('nbf')) claimsError = 'token is not valid yet';
  try {
    await compactVerify(token, keys.publicKey, { algorithms: [MYTOKEN_ALG] });
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed)
      return { ok: false, message: 'key is of invalid type' };
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, message: 'crypto/ecdsa: verification error' };
    }
    return { ok: false, message: 'illegal base64 data at input byte 0' };
  }
  if (claimsError) return { ok: false, message: claimsError };
  const parsed = mytokenClaimsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, message: 'token not valid' };
  if (parsed.data.iss !== server) return { ok: false, message: 'invalid issuer' };
  if (parsed.data.aud !== server) return { ok: false, message: 'invalid Audience' };
  if (parsed.data.sub !== mytokenSubject(parsed.data.oidc_sub, parsed.data.oidc_iss)) {
    return { ok: false, message: 'invalid subject' };
  }
  return { ok: true, claims: parsed.data };
}
