/**
 * The few Keystone and Nova calls the history replay makes, as plain HTTP against the site's own
 * API: the sandbox stands for outside services and uses none of our client packages.
 */
export interface UserSession {
  token: string;
  novaUrl: string;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status) {
    const body = (await response.text()).slice(0, 300);
    throw new Error(`${what}: HTTP ${response.status} ${body}`);
  }
}

/** Federated login with an OIDC access token, then a token scoped to the project. */
export async function projectSession(
  fetch: typeof globalThis.fetch,
  identityUrl: string,
  identityProvider: string,
  accessToken: string,
  projectId: string,
): Promise<UserSession> {
  const federated = await fetch(
    `${identityUrl}/OS-FEDERATION/identity_providers/${encodeURIComponent(identityProvider)}/protocols/openid/auth`,
    { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } },
  );
  await expectStatus(federated, 201, 'federated login');
  await federated.body?.cancel();
  const scoped = await fetch(`${identityUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['token'], token: { id: federated.headers.get('x-subject-token') } },
        scope: { project: { id: projectId } },
      },
    }),
  });
  await expectStatus(scoped, 201, 'project scope');
  const { token } = (await scoped.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const novaUrl = token.catalog
    .find((service) => service.type === 'compute')
    ?.endpoints.find((endpoint) => endpoint.interface === 'public')?.url;
  if (!novaUrl) throw new Error('project scope: no public compute endpoint in the catalog');
  return { token: scoped.headers.get('x-subject-token') ?? '', novaUrl };
}

/** POST /servers without a network (microversion 2.37's "none"); returns the server id. */
export async function bootServer(
  fetch: typeof globalThis.fetch,
  session: UserSession,
  server: { name: string; flavorRef: string; imageRef: string },
): Promise<string> {
  const response = await fetch(`${session.novaUrl}/servers`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-token': session.token,
      'openstack-api-version': 'compute 2.37',
    },
    body: JSON.stringify({ server: { ...server, networks: 'none' } }),
  });
  await expectStatus(response, 202, 'server create');
  return ((await response.json()) as { server: { id: string } }).server.id;
}

export async function readServer(
  fetch: typeof globalThis.fetch,
  session: UserSession,
  id: string,
): Promise<void> {
  const response = await fetch(`${session.novaUrl}/servers/${id}`, {
    headers: { 'x-auth-token': session.token },
  });
  await expectStatus(response, 200, 'server show');
  await response.body?.cancel();
}

export async function removeServer(
  fetch: typeof globalThis.fetch,
  session: UserSession,
  id: string,
): Promise<void> {
  const response = await fetch(`${session.novaUrl}/servers/${id}`, {
    method: 'DELETE',
    headers: { 'x-auth-token': session.token },
  });
  await expectStatus(response, 204, 'server delete');
}
