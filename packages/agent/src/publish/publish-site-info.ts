import type { GlueDocument } from '../siteinfo/types.js';
import { clientCredentialsTokenSource, type HubTokenSource } from './hub-token.js';
import { publishDocument, type PublishResult, type RetryPolicy } from './publish.js';

/** Where and as whom the agent publishes. */
export interface HubConnection {
  /** The hub's base URL, e.g. https://hub.example.org */
  url: string;
  /** The federation's OIDC issuer, whose client-credentials tokens the hub accepts. */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Scope to ask the issuer for; its default otherwise. */
  scope?: string;
  retry?: RetryPolicy;
}

export interface PublishSiteInfoOptions {
  hub: HubConnection;
  /** GOCDB name of the site (the hub's site key). */
  siteName: string;
  document: GlueDocument;
  fetch?: typeof fetch;
  /** Reuse a token source (and its cached token) across calls; a new one otherwise. */
  tokens?: HubTokenSource;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * Publishes a GLUE 2.1 document: `PUT <hub>/api/v1/sites/<site>/info` with a client-credentials
 * bearer token. Network errors and 5xx are retried (bounded backoff), 4xx are not.
 * @throws AgentError TOKEN_FAILED, PUBLISH_REJECTED (4xx, with the hub's message), PUBLISH_FAILED
 */
export async function publishSiteInfo(options: PublishSiteInfoOptions): Promise<PublishResult> {
  const tokens = options.tokens ?? hubTokenSource(options.hub, options.fetch);
  return publishDocument({
    hubUrl: options.hub.url,
    siteName: options.siteName,
    document: options.document,
    tokens,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.hub.retry ? { retry: options.hub.retry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

export function hubTokenSource(hub: HubConnection, fetchFn?: typeof fetch): HubTokenSource {
  return clientCredentialsTokenSource({
    issuerUrl: hub.issuerUrl,
    clientId: hub.clientId,
    clientSecret: hub.clientSecret,
    ...(hub.scope ? { scope: hub.scope } : {}),
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
}
