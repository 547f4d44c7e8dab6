import { createHmac } from 'node:crypto';
import { writeSecretFile } from './files.js';
import { AGENT_USERNAME } from './keystone/index.js';
import type { MachineClient } from './oidc/index.js';
import type { SiteSpec } from './site/spec.js';

/** The hub's own administrator: a machine client listed in the hub's `admins`. */
export const HUB_ADMIN_CLIENT_ID = 'fedcloud-hub-admin';

/** What a site's fedcloud-agent needs: its Keystone service user and its OIDC machine client. */
export interface AgentCredentials {
  username: string;
  password: string;
  userDomainName: string;
  clientId: string;
  clientSecret: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** `agent-sandbox-alpha` for SANDBOX-ALPHA: one client per site, as real agents get. */
export function agentClientId(siteName: string): string {
  return `agent-${siteName.toLowerCase()}`;
}

/** Derived from the sandbox secret like the admin passwords, so restarts keep them. */
function clientSecret(secret: string, clientId: string): string {
  return createHmac('sha256', secret).update(`client:${clientId}`).digest('base64url').slice(0, 32);
}

export function agentCredentials(spec: SiteSpec, secret: string): AgentCredentials {
  const clientId = agentClientId(spec.name);
  return {
    username: AGENT_USERNAME,
    password: spec.agentPassword,
    userDomainName: 'Default',
    clientId,
    clientSecret: clientSecret(secret, clientId),
  };
}

export function hubAdminCredentials(secret: string): ClientCredentials {
  return { clientId: HUB_ADMIN_CLIENT_ID, clientSecret: clientSecret(secret, HUB_ADMIN_CLIENT_ID) };
}

/** The issuer's client_credentials clients: every site's agent plus the hub admin. */
export function machineClients(specs: SiteSpec[], secret: string): MachineClient[] {
  return [
    ...specs.map((spec) => {
      const { clientId, clientSecret: value } = agentCredentials(spec, secret);
      return { clientId, clientSecret: value };
    }),
    hubAdminCredentials(secret),
  ];
}

export interface AgentsFile {
  issuer: string;
  tokenEndpoint: string;
  hubAdmin: ClientCredentials;
  sites: (AgentCredentials & { site: string; identityUrl: string })[];
}

/** `<dataDir>/agents.json`: secrets, hence 0600 and never printed. */
export async function writeAgentsFile(file: string, content: AgentsFile): Promise<void> {
  await writeSecretFile(file, `${JSON.stringify(content, null, 2)}\n`);
}
