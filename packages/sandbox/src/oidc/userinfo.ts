import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { isForm, readForm, sendJson } from './http.js';
import { claimsForScopes, userBySub } from './users.js';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Answers userinfo for our JWT access tokens. Returns false when the request is not ours to answer.
 * Machine (client_credentials) tokens get `{ sub: client_id }`, so agents can check their token works.
 */
export function userinfoResponder(issuer: string, publicKey: JWK) {
  const keys = createLocalJWKSet({ keys: [publicKey] });

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    let token = bearer(req);
    if (token === undefined) {
      if (req.method !== 'POST' || !isForm(req)) return false;
      token = (await readForm(req)).get('access_token') ?? '';
    }
    if (!JWT_SHAPE.test(token)) {
      if (req.headers.authorization) return false;
      deny(res, 'no JWT access token provided');
      return true;
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        typ: 'at+jwt',
        algorithms: ['RS256'],
      }));
    } catch (error) {
      deny(
        res,
        error instanceof errors.JWTExpired ? 'access token expired' : 'invalid access token',
      );
      return true;
    }

    const user = typeof payload.sub === 'string' ? userBySub(payload.sub) : undefined;
    if (!user) {
      if (payload.sub !== undefined && payload.sub === payload['client_id']) {
        sendJson(res, 200, { sub: payload.sub });
      } else {
        deny(res, 'access token subject is unknown');
      }
      return true;
    }

    const scopes = new Set(typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : []);
    if (!scopes.has('openid')) {
      sendJson(
        res,
        403,
        { error: 'insufficient_scope', error_description: 'access token lacks the openid scope' },
        { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' },
      );
      return true;
    }
    sendJson(res, 200, claimsForScopes(user, scopes));
    return true;
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function deny(res: ServerResponse, description: string): void {
  sendJson(
    res,
    401,
    { error: 'invalid_token', error_description: description },
    { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  );
}
