/**
 * Asks the issuer's token endpoint for an access token with the password grant (the sandbox's
 * shortcut for seeded users). Kept apart from the issuer so that `fedcloud-sandbox token` does not
 * load the OpenID Provider library.
 */
export async function passwordGrant(
  fetchFn: typeof fetch,
  request: {
    tokenEndpoint: string;
    clientId: string;
    username: string;
    password: string;
    scope: string;
  },
): Promise<string> {
  const response = await fetchFn(request.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: request.username,
      password: request.password,
      scope: request.scope,
      client_id: request.clientId,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    const reason = `${body.error ?? response.status} ${body.error_description ?? ''}`.trim();
    throw new Error(`the issuer refused a token for ${request.username}: ${reason}`);
  }
  return body.access_token;
}
