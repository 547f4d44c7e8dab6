import { randomBytes } from 'node:crypto';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { createRemoteJWKSet, customFetch } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { addVoToSite, restoreAddedVos } from './add-vo.js';
import {
  type AgentCredentials,
  agentCredentials,
  type ClientCredentials,
  hubAdminCredentials,
  machineClients,
  writeAgentsFile,
} from './agents.js';
import { controlApp } from './control.js';
import {
  type SiteEndpoint,
  writeCatchallSites,
  writeCloudsYaml,
  writeSecretFile,
} from './files.js';
import { CLI_CLIENT_ID, createIssuer, type Issuer, SEEDED_USERS, subFor } from './oidc/index.js';
import { appliancesApp } from './appliances/app.js';
import { sandboxAppliances, type Appliance } from './appliances/catalogue.js';
import { ensurePki } from './pki/ca.js';
import { ensureEndorser } from './pki/endorser.js';
import { buildSiteApp } from './site-app.js';
import type { IssuerLink, SiteContext } from './site/context.js';
import { type Faults, type FaultsPatch, faultsSchema, noFaults } from './site/faults.js';
import { honoListener, Listener, type TlsMaterial } from './site/listener.js';
import { seedSite } from './site-seed.js';
import { buildSiteSpecs } from './site/specs.js';
import { type Db, getMeta, openDb, setMeta } from './store/db.js';
import { ResourceStore } from './store/resources.js';
import { passwordGrant } from './token-request.js';
import { type SandboxOptions, type SandboxOptionsInput, sandboxOptionsSchema } from './options.js';
import { createMytokenServer, type MintOptions } from './mytoken/index.js';
import { createVault, VaultListener } from './vault/index.js';

/** The `aud` of the issuer's access tokens, which the Vault's JWT role is bound to. */
const ISSUER_AUDIENCE = 'fedcloud';

/** What tokenFor asks for, and the mytoken server for a mytoken that restricts no scope. */
const DEFAULT_SCOPE = 'openid profile email eduperson_entitlement';

export interface RunningSite {
  name: string;
  /** Keystone v3 URL (what goes into GOCDB and the catch-all YAML). */
  identityUrl: string;
  baseUrl: string;
  port: number;
  vos: { vo: string; projectId: string; projectName: string }[];
  /** The project owning the images the site's image sync keeps (the agent is its member). */
  imagesProjectId: string;
  context: SiteContext;
  /** The site's fedcloud-agent: Keystone reader account and OIDC machine client (secrets). */
  agent: AgentCredentials;
}

export interface SandboxUser {
  username: string;
  vos: string[];
}

export interface SandboxFiles {
  dataDir: string;
  /** CA certificate to trust (absent with insecureHttp). */
  caFile?: string;
  caDir?: string;
  /**
   * The sandbox VO manager's certificate and key (mode 0600), issued by the sandbox CA: what
   * signs the VOs' image lists. Absent with insecureHttp, as the CA is.
   */
  endorserCertFile?: string;
  endorserKeyFile?: string;
  sitesDir: string;
  cloudsYaml: string;
  /** Seeded users' passwords and the CLI client id (mode 0600). */
  usersFile: string;
  /** URLs of the running sandbox and the control token (mode 0600). */
  controlFile: string;
  /** Every site's agent credentials and the hub admin client (mode 0600). */
  agentsFile: string;
}

export interface Sandbox {
  issuerUrl: string;
  controlUrl: string;
  /** The emulated Vault (EGI's secret store), e.g. https://127.0.0.1:7445, no trailing slash. */
  vaultUrl: string;
  /** The emulated mytoken server, e.g. https://127.0.0.1:7446, no trailing slash. */
  mytokenUrl: string;
  /** The appliance repository (`<url>/images/<file>`), e.g. https://127.0.0.1:7447. */
  appliancesUrl: string;
  /** The images it serves, each at `<appliancesUrl>/images/<file>`. */
  appliances: Appliance[];
  sites: RunningSite[];
  users: SandboxUser[];
  files: SandboxFiles;
  options: SandboxOptions;
  /** A fresh access token for a seeded user, through the issuer's real token endpoint. */
  tokenFor(username: string, scope?: string): Promise<string>;
  /**
   * A mytoken for a seeded user, restricted to `usesAt` access tokens and `expiresInSeconds` of
   * life when given; exchange it at mytokenUrl (/api/v0/token/access), revoke it there too.
   */
  mintMytoken(username: string, options?: MintOptions): Promise<string>;
  /** A fetch that trusts the sandbox CA. */
  fetch: typeof fetch;
  issuer: Issuer;
  site(name: string): RunningSite;
  /** The hub's administrator client (client_credentials), to list in the hub's `admins`. */
  hubAdminClient: ClientCredentials;
  /**
   * Makes a site support one more VO at run time: its Keystone project (tagged with the VO, so
   * the VO's members can scope to it) with default quotas, network and the agent's reader role,
   * and the site's catch-all YAML rewritten to list it. Throws for an unknown site or a VO the
   * site already supports.
   */
  addVo(site: string, vo: string): Promise<{ projectId: string; projectName: string }>;
  setFaults(site: string, patch: FaultsPatch): Promise<Faults>;
  stop(): Promise<void>;
}

/** Starts the issuer and every site; resolves when all are listening. */
export async function startSandbox(input: SandboxOptionsInput): Promise<Sandbox> {
  const options = sandboxOptionsSchema.parse(input);
  const { dataDir, host } = options;
  // The folder holds the issuer's signing key (in sandbox.db), the CA key and every password:
  // tightened even when it already exists, since another local user could mint admin tokens.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Readable or writable by others: closed to 0700. Traverse-only (0711, how the real-site CI
  // lets apache read the public ca.pem) is kept: every secret inside is 0600 on its own.
  if (((await stat(dataDir)).mode & 0o066) !== 0) await chmod(dataDir, 0o700);
  const dbFile = join(dataDir, 'sandbox.db');
  await writeFile(dbFile, '', { flag: 'a', mode: 0o600 });
  await chmod(dbFile, 0o600);
  const db = openDb(dbFile);
  // SQLite gives -wal and -shm the database file's mode; older folders may hold wider ones.
  for (const companion of [`${dbFile}-wal`, `${dbFile}-shm`]) {
    await chmod(companion, 0o600).catch(() => undefined);
  }
  const listeners: PortListener[] = [];
  try {
    const secrets = loadSecrets(db);
    const scheme = options.insecureHttp ? 'http' : 'https';
    const pki = options.insecureHttp ? undefined : await ensurePki(dataDir, [host, 'localhost']);
    const tls: TlsMaterial | undefined = pki && {
      certPem: pki.serverCertPem,
      keyPem: pki.serverKeyPem,
      ticketKeys: randomBytes(48),
    };
    // One TLS context for every connection: with `ca` undici's connector builds one per socket.
    const dispatcher = new Agent({
      connect: pki ? { secureContext: createSecureContext({ ca: pki.caPem }) } : {},
    });
    const trustedFetch = ((url: string | URL | Request, init?: RequestInit) =>
      undiciFetch(url as string, { ...(init as object), dispatcher })) as unknown as typeof fetch;

    const issuerListener = new Listener({
      host,
      port: options.issuerPort,
      tls,
      handler: () => undefined,
    });
    // The issuer URL must be known before the provider is built, so bind the port first.
    const issuerPort = await bindPort(issuerListener, listeners);
    const issuerUrl = `${scheme}://${host}:${issuerPort}`;
    // Built before the issuer: each site's agent is one of the issuer's machine clients.
    const specs = buildSiteSpecs({
      count: options.sites,
      buildDelayMs: options.buildDelayMs,
      tokenTtlSeconds: options.tokenTtlSeconds,
      secret: secrets.siteSecret,
    });
    restoreAddedVos(db, specs);
    const issuer = await createIssuer({
      issuer: issuerUrl,
      audience: ISSUER_AUDIENCE,
      db,
      userPasswords: secrets.passwords,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      machineClients: machineClients(specs, secrets.siteSecret),
    });
    issuerListener.setHandler(issuer.handler);
    const link: IssuerLink = {
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      userinfoEndpoint: issuer.userinfoEndpoint,
      fetch: trustedFetch,
    };

    const sites: RunningSite[] = [];
    const siteListeners = new Map<string, Listener>();
    for (const spec of specs) {
      const context: SiteContext = {
        spec,
        store: new ResourceStore(db, spec.name),
        baseUrl: '',
        faults: noFaults(),
        issuer: link,
        dataDir: join(dataDir, 'sites', spec.name),
        now: () => new Date(),
      };
      const app = buildSiteApp(context);
      const listener = new Listener({
        host,
        port: options.sitesPort === 0 ? 0 : options.sitesPort + spec.index,
        tls,
        handler: honoListener(app),
        hang: () => context.faults.hang,
      });
      const port = await bindPort(listener, listeners);
      context.baseUrl = `${scheme}://${host}:${port}`;
      await mkdir(context.dataDir, { recursive: true });
      seedSite(context);
      siteListeners.set(spec.name, listener);
      sites.push({
        name: spec.name,
        identityUrl: `${context.baseUrl}/v3`,
        baseUrl: context.baseUrl,
        port,
        vos: spec.vos,
        imagesProjectId: spec.imagesProjectId,
        context,
        agent: agentCredentials(spec, secrets.siteSecret),
      });
    }

    // Vault verifies logins against the issuer's JWKS, fetched over HTTPS as a real Vault would.
    const vault = createVault({
      db,
      issuer: issuer.issuer,
      keys: createRemoteJWKSet(new URL(issuer.jwksUri), {
        [customFetch]: (url, init) => trustedFetch(url, init),
      }),
      audiences: [ISSUER_AUDIENCE],
    });
    const vaultListener = new VaultListener({
      host,
      port: options.vaultPort,
      tls,
      handler: honoListener(vault.app),
    });
    const vaultUrl = `${scheme}://${host}:${await bindPort(vaultListener, listeners)}`;

    const tokenFor = async (username: string, scope = DEFAULT_SCOPE): Promise<string> => {
      const password = secrets.passwords[username];
      if (!password) throw new Error(`no seeded user ${username}`);
      return passwordGrant(trustedFetch, {
        tokenEndpoint: issuer.tokenEndpoint,
        clientId: CLI_CLIENT_ID,
        username,
        password,
        scope,
      });
    };

    // Its URL is in the tokens it signs, so its port is bound first, like the issuer's.
    const mytokenListener = new Listener({
      host,
      port: options.mytokenPort,
      tls,
      handler: () => undefined,
    });
    const mytokenUrl = `${scheme}://${host}:${await bindPort(mytokenListener, listeners)}`;
    const mytoken = await createMytokenServer({
      db,
      url: mytokenUrl,
      oidcIssuer: issuer.issuer,
      scopes: DEFAULT_SCOPE.split(' '),
      accessToken: (username, scope) => tokenFor(username, scope),
      subjectOf: (username) =>
        SEEDED_USERS.some((u) => u.username === username) ? subFor(username) : undefined,
    });
    mytokenListener.setHandler(honoListener(mytoken.app));
    const mintMytoken = (username: string, mint?: MintOptions) => mytoken.mint(username, mint);

    const controlSecret = randomBytes(24).toString('base64url');
    const byName = new Map(sites.map((s) => [s.name, s]));
    const setFaults = async (name: string, patch: FaultsPatch): Promise<Faults> => {
      const site = byName.get(name);
      const listener = siteListeners.get(name);
      if (!site || !listener) throw new Error(`no site named ${name}`);
      site.context.faults = faultsSchema.parse({ ...site.context.faults, ...patch });
      if (site.context.faults.down) await listener.stop();
      else await listener.start();
      return site.context.faults;
    };
    const status = () => ({
      issuer: issuerUrl,
      vault: vaultUrl,
      mytoken: mytokenUrl,
      sites: sites.map((s) => ({ name: s.name, url: s.identityUrl, faults: s.context.faults })),
    });
    const control = new Listener({
      host,
      port: options.controlPort,
      handler: honoListener(
        controlApp(
          {
            status,
            siteNames: () => sites.map((s) => s.name),
            getFaults: (name) => byName.get(name)?.context.faults,
            setFaults,
            mintMytoken: async (username, mint) =>
              SEEDED_USERS.some((u) => u.username === username)
                ? mintMytoken(username, mint)
                : undefined,
          },
          controlSecret,
        ),
      ),
    });
    const appliancesListener = new Listener({
      host,
      port: options.appliancesPort,
      tls,
      handler: honoListener(appliancesApp()),
    });
    const appliancesUrl = `${scheme}://${host}:${await bindPort(appliancesListener, listeners)}`;
    const endorser = pki ? await ensureEndorser(dataDir) : undefined;

    const controlPort = await bindPort(control, listeners);
    const controlUrl = `http://${host}:${controlPort}`;

    const files: SandboxFiles = {
      dataDir,
      ...(pki ? { caFile: pki.caFile, caDir: pki.caDir } : {}),
      ...(endorser
        ? { endorserCertFile: endorser.certFile, endorserKeyFile: endorser.keyFile }
        : {}),
      sitesDir: join(dataDir, 'sites.d'),
      cloudsYaml: join(dataDir, 'clouds.yaml'),
      usersFile: join(dataDir, 'users.json'),
      controlFile: join(dataDir, 'control.json'),
      agentsFile: join(dataDir, 'agents.json'),
    };
    const endpoints: SiteEndpoint[] = sites.map((s) => ({
      spec: s.context.spec,
      identityUrl: s.identityUrl,
    }));
    await writeCatchallSites(files.sitesDir, endpoints);
    await writeCloudsYaml(files.cloudsYaml, endpoints, files.caFile);
    const users = SEEDED_USERS.map((u) => ({ username: u.username, vos: u.vos }));
    await writeSecretFile(
      files.usersFile,
      `${JSON.stringify(
        {
          issuer: issuerUrl,
          tokenEndpoint: issuer.tokenEndpoint,
          clientId: CLI_CLIENT_ID,
          users: SEEDED_USERS.map((u) => ({
            username: u.username,
            password: secrets.passwords[u.username],
            vos: u.vos,
            entitlements: u.entitlements,
          })),
        },
        null,
        2,
      )}\n`,
    );
    await writeSecretFile(
      files.controlFile,
      `${JSON.stringify({ controlUrl, token: controlSecret, issuer: issuerUrl, vaultUrl, mytokenUrl, caFile: files.caFile ?? null, pid: process.pid }, null, 2)}\n`,
    );

    const hubAdminClient = hubAdminCredentials(secrets.siteSecret);
    await writeAgentsFile(files.agentsFile, {
      issuer: issuerUrl,
      tokenEndpoint: issuer.tokenEndpoint,
      hubAdmin: hubAdminClient,
      sites: sites.map((s) => ({ site: s.name, identityUrl: s.identityUrl, ...s.agent })),
    });

    let stopped = false;
    return {
      issuerUrl,
      controlUrl,
      vaultUrl,
      mytokenUrl,
      appliancesUrl,
      appliances: sandboxAppliances(),
      sites,
      users,
      files,
      options,
      tokenFor,
      mintMytoken,
      fetch: trustedFetch,
      issuer,
      site(name) {
        const site = byName.get(name);
        if (!site) throw new Error(`no site named ${name}`);
        return site;
      },
      hubAdminClient,
      async addVo(name, vo) {
        const site = byName.get(name);
        if (!site) throw new Error(`no site named ${name}`);
        const { projectId, projectName } = await addVoToSite(db, site, vo, files.sitesDir);
        await writeCloudsYaml(files.cloudsYaml, endpoints, files.caFile);
        return { projectId, projectName };
      },
      setFaults,
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.stop()));
        await issuer.close();
        await dispatcher.close();
        db.close();
      },
    };
  } catch (error) {
    await Promise.all(listeners.map((l) => l.stop()));
    db.close();
    throw error;
  }
}

/** What every port of the sandbox is: the sites' Listener, and the Vault's. */
interface PortListener {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly port: number;
}

async function bindPort(listener: PortListener, all: PortListener[]): Promise<number> {
  await listener.start();
  all.push(listener);
  return listener.port;
}

interface Secrets {
  siteSecret: string;
  passwords: Record<string, string>;
}

/** Generated once per data folder, so restarts keep passwords (and clouds.yaml stays valid). */
function loadSecrets(db: Db): Secrets {
  const stored = getMeta(db, 'sandbox.secrets');
  const secrets: Secrets = stored
    ? (JSON.parse(stored) as Secrets)
    : { siteSecret: randomBytes(32).toString('base64url'), passwords: {} };
  for (const user of SEEDED_USERS) {
    secrets.passwords[user.username] ??= randomBytes(12).toString('base64url');
  }
  setMeta(db, 'sandbox.secrets', JSON.stringify(secrets));
  return secrets;
}
