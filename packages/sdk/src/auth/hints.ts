/**
 * User-facing hints, in one place so every error that needs one says the same thing. They name the
 * environment variables fedcloudclient users already know (user-tools.md §1.2).
 */

const CHECKIN_TOKEN_PAGE = 'https://aai.egi.eu/fedcloud/';

export const TOKEN_MISSING_HINT =
  'Set OIDC_ACCESS_TOKEN (copy one from ' +
  CHECKIN_TOKEN_PAGE +
  ' or print one with `fedcloud token issue`), or let fedcloud fetch tokens itself: ' +
  'FEDCLOUD_MYTOKEN (mytoken), OIDC_AGENT_ACCOUNT (a running oidc-agent, OIDC_SOCK set), ' +
  'or OIDC_REFRESH_TOKEN with OIDC_CLIENT_ID and OIDC_URL.';

export const TOKEN_EXPIRED_HINT =
  'Get a new access token at ' +
  CHECKIN_TOKEN_PAGE +
  ', or set OIDC_AGENT_ACCOUNT, FEDCLOUD_MYTOKEN or OIDC_REFRESH_TOKEN so that fedcloud renews ' +
  'tokens by itself.';

export const REFRESH_AS_ACCESS_HINT =
  'This looks like a refresh token. Pass it as OIDC_REFRESH_TOKEN (with OIDC_CLIENT_ID and ' +
  'OIDC_URL), or get an access token at ' +
  CHECKIN_TOKEN_PAGE +
  '.';

export const OIDC_AGENT_HINT =
  'Start oidc-agent (eval `oidc-agent-service use`) so that OIDC_SOCK is set, and load the ' +
  'account with `oidc-add <account>`.';

export const MYTOKEN_HINT =
  'Check FEDCLOUD_MYTOKEN (it may have expired or been revoked) and FEDCLOUD_MYTOKEN_SERVER; ' +
  'create a new mytoken at the mytoken server.';

export const REFRESH_HINT =
  'Check OIDC_REFRESH_TOKEN, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_URL; refresh tokens ' +
  'expire or are revoked when you log out of the issuer.';

/** The one way the sandbox hands a shell everything: the hub, the CA trust and a token. */
export const SANDBOX_ENV = 'eval "$(npx fedcloud-sandbox env)"';

export const TLS_TRUST_HINT =
  'The server certificate is not trusted: give its CA with --ca-file / FEDCLOUD_CA_FILE or ' +
  '--ca-dir / FEDCLOUD_CA_DIR (OS_CACERT, REQUESTS_CA_BUNDLE, SSL_CERT_FILE and SSL_CERT_DIR are ' +
  'read too); many EGI sites use IGTF CAs (/etc/grid-security/certificates). For the local ' +
  `sandbox: ${SANDBOX_ENV}.`;

/** Whether a network failure's text says the peer's certificate chain was not trusted. */
export function isTlsTrustFailure(text: string): boolean {
  return /certificate|self[- ]signed|CERT_|UNABLE_TO_(GET|VERIFY)|unable to verify/i.test(text);
}

/** A token hint, with the sandbox's own way to a new token when the issuer is on this host. */
export function withSandboxTokenHint(hint: string, issuer: string | undefined): string {
  if (issuer === undefined) return hint;
  let host: string;
  try {
    host = new URL(issuer).hostname;
  } catch {
    return hint;
  }
  const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  return local
    ? `${hint} This token is from a local issuer (the sandbox?): ${SANDBOX_ENV} gives a fresh one, or \`npx fedcloud-sandbox token alice\`.`
    : hint;
}
