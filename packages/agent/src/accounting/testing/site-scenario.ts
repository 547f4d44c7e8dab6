import {
  createClient,
  createFloatingIp,
  createServer,
  deleteServer,
  finishResize,
  getServer,
  listNetworks,
  listPorts,
  loginWithFederation,
  loginWithPassword,
  resizeServer,
  scopeToProject,
  serverAction,
  type Client,
} from '@fedcloud/openstack';
import { subFor } from '@fedcloud/sandbox';
import { startEphemeralSandbox, type EphemeralSandbox } from '@fedcloud/sandbox/testing';

/**
 * For the accounting tests only: a sandbox site whose clock the test moves, and alice's VMs on
 * it, created, resized, stopped and deleted at chosen times, so every expected figure can be
 * worked out by hand.
 */
export interface SiteScenario {
  sandbox: EphemeralSandbox;
  siteName: string;
  identityUrl: string;
  /** The site's Keystone user for the agent. */
  agent: { username: string; password: string; userDomainName: string };
  projectOf(vo: string): string;
  /** Moves the site's clock (ISO time). */
  at(iso: string): void;
  /** alice's client on the VO's project. */
  alice(vo: string): Promise<Client>;
  /** alice's Keystone user id and name (the name is the token's sub). */
  aliceUser(): Promise<{ id: string; name: string }>;
  admin(): Promise<Client>;
  flavorId(name: string): string;
  imageId(index: number): string;
  /** Creates a server at the current clock; it is ACTIVE one second later. */
  boot(client: Client, name: string, flavor: string, image?: number): Promise<string>;
  resize(client: Client, id: string, flavor: string): Promise<void>;
  stop(client: Client, id: string): Promise<void>;
  remove(client: Client, id: string): Promise<void>;
  /** A floating IP from `public` on the server's port. */
  floatingIp(client: Client, id: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startSiteScenario(start: string): Promise<SiteScenario> {
  const sandbox = await startEphemeralSandbox({ sites: 1, tokenTtlSeconds: 604_800 });
  const site = sandbox.sites[0]!;
  let clock = Date.parse(start);
  site.context.now = () => new Date(clock);
  const transport = { fetch: sandbox.fetch };
  const spec = site.context.spec;
  const clients = new Map<string, Client>();

  const alice = async (vo: string): Promise<Client> => {
    const known = clients.get(vo);
    if (known) return known;
    const unscoped = await loginWithFederation(transport, {
      authUrl: site.identityUrl,
      identityProvider: 'egi.eu',
      protocol: 'openid',
      accessToken: await sandbox.tokenFor('alice'),
    });
    const auth = await scopeToProject(transport, unscoped, { id: projectOf(vo) });
    const client = createClient({ transport, auth });
    clients.set(vo, client);
    return client;
  };
  const projectOf = (vo: string): string => {
    const project = site.vos.find((v) => v.vo === vo);
    if (!project) throw new Error(`${site.name} has no project for ${vo}`);
    return project.projectId;
  };
  const flavorId = (name: string): string => {
    const flavor = spec.flavors.find((f) => f.name === name);
    if (!flavor) throw new Error(`no flavor ${name}`);
    return flavor.id;
  };

  return {
    sandbox,
    siteName: site.name,
    identityUrl: site.identityUrl,
    agent: site.agent,
    projectOf,
    at(iso) {
      clock = Date.parse(iso);
    },
    alice,
    async aliceUser() {
      const client = await alice(site.vos[0]!.vo);
      return { id: client.auth.userId ?? '', name: subFor('alice') };
    },
    async admin() {
      const auth = await loginWithPassword(transport, {
        authUrl: site.identityUrl,
        username: 'admin',
        password: spec.adminPassword,
        projectId: spec.adminProjectId,
      });
      return createClient({ transport, auth });
    },
    flavorId,
    imageId: (index) => spec.images[index]!.id,
    async boot(client, name, flavor, image = 0) {
      const networks = await listNetworks(client);
      const own = networks.find(
        (n) => n['router:external'] !== true && n.project_id === client.auth.projectId,
      );
      const created = await createServer(client, {
        name,
        flavorRef: flavorId(flavor),
        imageRef: spec.images[image]!.id,
        networks: own ? [{ uuid: own.id }] : 'none',
      });
      clock += 1000;
      const server = await getServer(client, created.id);
      if (server.status !== 'ACTIVE') throw new Error(`${name} is ${server.status}`);
      return created.id;
    },
    async resize(client, id, flavor) {
      await resizeServer(client, id, flavorId(flavor));
      await finishResize(client, id, 'confirm');
    },
    stop: (client, id) => serverAction(client, id, 'stop'),
    remove: (client, id) => deleteServer(client, id),
    async floatingIp(client, id) {
      const networks = await listNetworks(client, { 'router:external': true });
      const [port] = await listPorts(client, { device_id: id });
      if (!networks[0] || !port) throw new Error('no public network or no port');
      await createFloatingIp(client, { floating_network_id: networks[0].id, port_id: port.id });
    },
    cleanup: () => sandbox.cleanup(),
  };
}
