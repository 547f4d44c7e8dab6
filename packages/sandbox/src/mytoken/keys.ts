import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { z } from 'zod';
import { type Db, getMeta, setMeta } from '../store/db.js';

const META_KEY = 'mytoken.signing_key';

/** The mytoken server signs its tokens with ES512 by default (config `signing.mytoken.alg`). */
export const MYTOKEN_ALG = 'ES512';

const storedSchema = z.object({ kty: z.string(), crv: z.string(), kid: z.string() }).passthrough();

export interface MytokenKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

/** Created once per data folder, so mytokens handed out survive a restart. */
export async function loadMytokenKeys(db: Db): Promise<MytokenKeys> {
  const stored = getMeta(db, META_KEY);
  let jwk: JWK;
  if (stored) {
    jwk = storedSchema.parse(JSON.parse(stored));
  } else {
    const pair = await generateKeyPair(MYTOKEN_ALG, { extractable: true });
    const exported = await exportJWK(pair.privateKey);
    jwk = {
      ...exported,
      kid: await calculateJwkThumbprint(exported),
      alg: MYTOKEN_ALG,
      use: 'sig',
    };
    setMeta(db, META_KEY, JSON.stringify(jwk));
  }
  const { d: _d, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, MYTOKEN_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, MYTOKEN_ALG)) as CryptoKey,
    publicJwk,
    kid: jwk.kid!,
  };
}
