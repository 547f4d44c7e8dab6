import { transportFetch, type Transport } from '@fedcloud/openstack';
import {
  FedcloudError,
  createKeystoneCache,
  createTokenProvider,
  caTrustFromEnv,
  createTransport,
  defaultSiteCacheDir,
  defaultSiteDirectory,
  findSite,
  normalizeHubUrl,
  tokenOptionsFromEnv,
  type KeystoneCache,
  type SessionOptions,
  type SiteConfig,
  type SiteDirectory,
  type TokenOptions,
  type TokenProvider,
} from '@fedcloud/sdk';
import { processContext, type CliContext } from './context.js';
import { DEFAULT_CONCURRENCY } from './defaults.js';
import { isAllSites, type OidcFlags, type OpenstackAuthFlags, type SiteFlags } from './options.js';

/**
 * The SDK objects every command needs, built once per run from the root options and the
 * environment. Everything is created lazily on first use, so a command that never talks to the
 * network (site list, completion) never builds a transport or a token provider.
 *
 * How a command gets one: in the action, `(…args, command) => runtimeFor(command)`, which reads
 * the root options with `command.optsWithGlobals()` (commander merges the root's `--debug`,
 * `--ca-file`, `--ca-dir`, `--timeout`, `--concurrency` and their env vars into it).
 */
export interface Runtime {
  ctx: CliContext;
  transport: Transport;
  tokens(flags: OidcFlags): TokenProvider;
  /** The hub's site list when FEDCLOUD_HUB is set (the site folder as fallback), else the folder. */
  sites: SiteDirectory;
  /** FEDCLOUD_HUB, normalised; undefined when no hub is set. */
  hubUrl?: string;
  /** A fetch through the transport (custom CAs, --debug), for the hub's other APIs. */
  fetch: typeof fetch;
  keystoneCache: KeystoneCache;
  /** --timeout (seconds) in milliseconds: per site, and per HTTP call. */
  timeoutMs: number;
  /** --concurrency: sites contacted at once with ALL_SITES. */
  concurrency: number;
  /**
   * The CA bundle in use (--ca-file, FEDCLOUD_CA_FILE, else OS_CACERT, REQUESTS_CA_BUNDLE or
   * SSL_CERT_FILE): handed on to a delegated python client and exported as OS_CACERT.
   */
  caFile?: string;
}

interface RootOptions {
  debug?: boolean;
  caFile?: string;
  caDir?: string;
  timeout: string;
  concurrency: string;
}

function positiveNumber(value: string, flag: string, integer: boolean): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new FedcloudError(
      'USAGE',
      `${flag} must be a positive ${integer ? 'integer' : 'number'}, not "${value}"`,
    );
  }
  return n;
}

function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T | undefined;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * `ctx` is for tests (captured stdout/stderr, a fake env); by default the process's.
 * Throws FedcloudError USAGE for a bad --timeout or --concurrency.
 */
function createRuntime(rootOpts: RootOptions, ctx?: CliContext): Runtime {
  const context = ctx ?? processContext(rootOpts.debug === true);
  const timeoutMs = positiveNumber(rootOpts.timeout, '--timeout', false) * 1000;
  const concurrency = positiveNumber(rootOpts.concurrency, '--concurrency', true);

  const trust = caTrustFromEnv(rootOpts, context.env);
  const transport = lazy(() =>
    createTransport({
      ...trust,
      timeoutMs,
      // Without --debug the process's logger is a no-op: no logging wrapper on every request.
      ...(ctx || rootOpts.debug === true ? { debug: context.debug } : {}),
    }),
  );
  // Read on use: a malformed FEDCLOUD_HUB fails the commands that need sites, not `token check`.
  const hubUrl = lazy(() => {
    const hub = context.env.FEDCLOUD_HUB?.trim();
    return hub ? normalizeHubUrl(hub) : undefined;
  });
  // The transport is built on the first request, so the folder-only case never builds one.
  const fetchThroughTransport: typeof fetch = (input, init) =>
    transportFetch(transport())(input, init);
  const sites = lazy(() =>
    defaultSiteDirectory(context.env, {
      // Unchanged site files are not parsed again: YAML was the largest per-site CPU cost.
      siteCacheDir: defaultSiteCacheDir(context.env),
      fetch: fetchThroughTransport,
      timeoutMs,
      onWarning: (message) => context.stderr.write(`[WARN] ${message}\n`),
    }),
  );
  const keystoneCache = lazy(() => createKeystoneCache({ env: context.env }));
  const providers = new Map<string, TokenProvider>();

  return {
    ...(trust.caFile ? { caFile: trust.caFile } : {}),
    ctx: context,
    fetch: fetchThroughTransport,
    get transport() {
      return transport();
    },
    get sites() {
      return sites();
    },
    get hubUrl() {
      return hubUrl();
    },
    get keystoneCache() {
      return keystoneCache();
    },
    timeoutMs,
    concurrency,
    tokens(flags: OidcFlags): TokenProvider {
      // One provider per distinct set of flags, so a refreshable source is asked only once.
      const key = JSON.stringify([
        flags.oidcAccessToken,
        flags.mytoken,
        flags.mytokenServer,
        flags.oidcAgentAccount,
      ]);
      let provider = providers.get(key);
      if (!provider) {
        provider = createTokenProvider(tokenOptions(context.env, flags), {
          transport: transport(),
        });
        providers.set(key, provider);
      }
      return provider;
    },
  };
}

/** The flags win over the environment (commander has already folded the env vars into them). */
function tokenOptions(env: NodeJS.ProcessEnv, flags: OidcFlags): TokenOptions {
  const options: TokenOptions = { ...tokenOptionsFromEnv(env) };
  if (flags.oidcAccessToken) options.accessToken = flags.oidcAccessToken;
  if (flags.mytoken) options.mytoken = flags.mytoken;
  if (flags.mytokenServer) options.mytokenServer = flags.mytokenServer;
  if (flags.oidcAgentAccount) options.oidcAgentAccount = flags.oidcAgentAccount;
  return options;
}

/** Any commander command: its root options, merged with its own by `optsWithGlobals()`. */
export function runtimeFor(command: { optsWithGlobals(): object }, ctx?: CliContext): Runtime {
  const opts = command.optsWithGlobals() as Partial<RootOptions>;
  return createRuntime(
    {
      ...(opts.debug === true ? { debug: true } : {}),
      ...(opts.caFile ? { caFile: opts.caFile } : {}),
      ...(opts.caDir ? { caDir: opts.caDir } : {}),
      timeout: opts.timeout ?? '30',
      concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    },
    ctx,
  );
}

/**
 * The sites a command runs on: the one named by --site / EGI_SITE (SITE_UNKNOWN with suggestions
 * when there is none by that name), or every site for ALL_SITES / -a — only those offering
 * `opts.vo` when given. USAGE error when no site is given at all.
 */
export async function resolveSites(
  runtime: Runtime,
  flags: SiteFlags,
  opts: { vo?: string } = {},
): Promise<SiteConfig[]> {
  if (isAllSites(flags)) {
    const all = await runtime.sites.listSites();
    const { vo } = opts;
    return vo ? all.filter((site) => site.vos.some((v) => v.name === vo)) : all;
  }
  if (!flags.site) {
    throw new FedcloudError('USAGE', 'No site given', {
      hint: 'Use --site NAME (or set EGI_SITE), or --site ALL_SITES / -a for every site; `fedcloud site list` shows the names.',
    });
  }
  return [await findSite(runtime.sites, flags.site)];
}

/** What openSiteSession / listSiteProjects need, from the OIDC and (optional) auth flags. */
export function sessionOptions(
  runtime: Runtime,
  flags: OidcFlags & Partial<OpenstackAuthFlags>,
): SessionOptions {
  return {
    transport: runtime.transport,
    tokens: runtime.tokens(flags),
    identityProvider: flags.openstackAuthProvider ?? 'egi.eu',
    ...(flags.openstackAuthProtocol ? { protocol: flags.openstackAuthProtocol } : {}),
    cache: runtime.keystoneCache,
  };
}
