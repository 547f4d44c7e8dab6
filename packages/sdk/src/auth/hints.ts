/**
 * User-facing hints, in one place so every error that needs one says the same thing. They name the
 * environment variables fedcloudclient users already know (user-tools.md §1.2).
 */

export const CHECKIN_TOKEN_PAGE = 'https://aai.egi.eu/fedcloud/';

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
