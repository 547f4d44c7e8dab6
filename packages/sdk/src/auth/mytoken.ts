import type { Transport } from '@fedcloud/openstack';
import { z } from 'zod';
import { FedcloudError, isFedcloudError } from '../errors.js';
import { expiryOf, readJwt } from './decode.js';
import { MYTOKEN_HINT } from './hints.js';
import { callJson } from './http.js';
import type { IssuedToken, RenewableSource } from './source.js';

export interface MytokenSourceOptions {
  mytoken: string;
  server: string;
  transport: Transport;
  now: () => Date;
}

/** https://mytoken-docs.data.kit.edu/dev/api/latest/discovery/ */
const configurationSchema = z.object({ access_token_endpoint: z.url() });

/** https://mytoken-docs.data.kit.edu/dev/api/latest/access_token/ */
const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  // Present when the mytoken is rotating: the old one is spent, this one replaces it.
  token_updated: z.object({ mytoken: z.string().min(1) }).optional(),
});

/**
 * Access tokens from a mytoken server (fedcloudclient 1.3+): POST `{grant_type: mytoken, mytoken}`
 * to the server's access-token endpoint. The endpoint is read from the server's discovery document
 * when it has one, as mytoken clients do, and otherwise is the path fedcloudclient hard-codes.
 */
export function mytokenSource(options: MytokenSourceOptions): RenewableSource {
  const server = options.server.replace(/\/+$/, '');
  let mytoken = options.mytoken;
  let endpoint: Promise<string> | undefined;

  const resolveEndpoint = async (): Promise<string> => {
    try {
      const config = await callJson({
        transport: options.transport,
        url: `${server}/.well-known/mytoken-configuration`,
        schema: configurationSchema,
        what: 'the mytoken server discovery',
        code: 'MYTOKEN_FAILED',
      });
      return config.access_token_endpoint;
    } catch {
      // Older or minimal servers publish no discovery document; the fixed path still works there,
      // and if the server is down the token request below reports it.
      return `${server}/api/v0/token/access`;
    }
  };

  return {
    kind: 'mytoken',
    label: `mytoken (FEDCLOUD_MYTOKEN) at ${server}`,
    async issue(): Promise<IssuedToken> {
      endpoint ??= resolveEndpoint();
      const url = await endpoint;
      const sent = mytoken;
      const answer = await callJson({
        transport: options.transport,
        method: 'POST',
        url,
        body: { grant_type: 'mytoken', mytoken: sent },
        schema: accessTokenSchema,
        what: `the mytoken server ${server}`,
        code: 'MYTOKEN_FAILED',
        hint: MYTOKEN_HINT,
        secrets: [sent],
      }).catch((error: unknown) => {
        throw explainRefusal(error);
      });
      if (answer.token_updated) mytoken = answer.token_updated.mytoken;
      const fromJwt = expiryOf(readJwt(answer.access_token));
      const expiresAt =
        fromJwt ??
        (answer.expires_in === undefined
          ? undefined
          : new Date(options.now().getTime() + answer.expires_in * 1000));
      return expiresAt
        ? { accessToken: answer.access_token, expiresAt }
        : { accessToken: answer.access_token };
    },
  };
}

/**
 * What the mytoken server's refusals mean for the user (api v0 errors; the server says no more
 * than `invalid_token` for a revoked mytoken, on purpose). The server's own words stay at the end.
 */
const REFUSALS: Record<string, { meaning: string; hint: string }> = {
  invalid_token: {
    meaning: 'the mytoken is revoked, expired, or not one of this server',
    hint: MYTOKEN_HINT,
  },
  usage_restricted: {
    meaning:
      'the mytoken may give no more access tokens now: its restrictions (number of uses, time, scope) allow none',
    hint: 'Create a new mytoken at the mytoken server, with more uses or a longer life for a long job, and put it in FEDCLOUD_MYTOKEN.',
  },
  insufficient_capabilities: {
    meaning: 'the mytoken has no capability to get access tokens (AT)',
    hint: 'Create a mytoken with the AT capability at the mytoken server.',
  },
};

function explainRefusal(error: unknown): unknown {
  if (!isFedcloudError(error)) return error;
  const code = error.details?.['error'];
  const refusal = typeof code === 'string' ? REFUSALS[code] : undefined;
  if (!refusal) return error;
  return new FedcloudError('MYTOKEN_FAILED', `${refusal.meaning}: ${error.message}`, {
    hint: refusal.hint,
    ...(error.details ? { details: error.details } : {}),
  });
}
