import type { IncomingMessage, ServerResponse } from 'node:http';
import { isForm, readForm, sendJson } from './http.js';

/** The form body, already read, for oidc-provider to use instead of the (consumed) stream. */
type ParsedRequest = IncomingMessage & { body?: string };

/**
 * Keycloak (hence EGI Check-in) lets a public client name itself in an HTTP Basic header with an
 * empty password, `Authorization: Basic base64("fedcloud-cli:")`, and ignores the secret
 * (ClientIdAndSecretAuthenticator: a public client is authenticated by its id alone). That is what
 * oidc-agent sends for a pre-registered public client (`oidc-gen --client-id X --client-secret=`):
 * libcurl's user and password on every token, device and revocation request, no `client_id` in
 * the body. oidc-provider refuses such a header ("client_secret must be provided in the
 * Authorization header"), so for the public clients alone the id moves from the header into the
 * form, where oidc-provider's `none` method looks for it. Any other Authorization header (a
 * confidential client, a wrong format) is left for oidc-provider to judge.
 *
 * Returns true when it answered the request itself (a client_id that contradicts the header).
 */
export async function publicClientBasicAuth(
  req: IncomingMessage,
  res: ServerResponse,
  publicClients: ReadonlySet<string>,
): Promise<boolean> {
  if (req.method !== 'POST' || !isForm(req)) return false;
  const clientId = publicClientOf(req.headers.authorization, publicClients);
  if (clientId === undefined) return false;
  const form = await readForm(req);
  const named = form.get('client_id');
  if (named !== null && named !== clientId) {
    // oidc-provider's own answer when the header and the body name different clients.
    sendJson(res, 400, { error: 'invalid_request', error_description: 'client_id mismatch' });
    return true;
  }
  form.set('client_id', clientId);
  delete req.headers.authorization;
  // oidc-provider reads `req.body` when the stream was consumed before it (its documented
  // fallback for servers with a body parser in front; quiet-runtime-warning.ts explains the notice).
  (req as ParsedRequest).body = form.toString();
  return false;
}

/** The public client a `Basic <id>:` header names, or undefined for anything else. */
function publicClientOf(
  header: string | undefined,
  publicClients: ReadonlySet<string>,
): string | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1 || colon !== decoded.length - 1) return undefined;
  let clientId: string;
  try {
    // RFC 6749 §2.3.1: the id is form-urlencoded before it goes into the header.
    clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  return publicClients.has(clientId) ? clientId : undefined;
}
