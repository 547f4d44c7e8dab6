import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Defaults, documented in the README; every one can be set by a flag or an environment variable. */
export const DEFAULTS = {
  host: '127.0.0.1',
  issuerPort: 7443,
  controlPort: 7444,
  vaultPort: 7445,
  mytokenPort: 7446,
  appliancesPort: 7447,
  sitesPort: 7501,
  sites: 3,
  buildDelayMs: 1500,
  tokenTtlSeconds: 3600,
  accessTokenTtlSeconds: 3600,
} as const;

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'fedcloud-sandbox');
}

const port = z.coerce.number().int().min(0).max(65535);

export const sandboxOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    host: z.string().min(1).default(DEFAULTS.host),
    issuerPort: port.default(DEFAULTS.issuerPort),
    controlPort: port.default(DEFAULTS.controlPort),
    /** The emulated Vault; unset: 7445, or a free port when the sites take free ports (tests). */
    vaultPort: port.optional(),
    /** The emulated mytoken server; unset: 7446, or a free port like vaultPort. */
    mytokenPort: port.optional(),
    /** The appliance repository the VOs' image lists point at; unset: 7447, or a free port. */
    appliancesPort: port.optional(),
    /** Site i listens on sitesPort + i; 0 picks free ports (tests). */
    sitesPort: port.default(DEFAULTS.sitesPort),
    sites: z.coerce.number().int().min(1).max(1000).default(DEFAULTS.sites),
    /** Plain HTTP everywhere; only by an explicit flag, as no real EGI site allows it. */
    insecureHttp: z.boolean().default(false),
    buildDelayMs: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULTS.buildDelayMs),
    tokenTtlSeconds: z.coerce.number().int().min(10).max(604_800).default(DEFAULTS.tokenTtlSeconds),
    accessTokenTtlSeconds: z.coerce
      .number()
      .int()
      .min(10)
      .max(604_800)
      .default(DEFAULTS.accessTokenTtlSeconds),
  })
  .strict()
  // Callers that ask for free ports (sitesPort 0: every test) get free ones for the services added
  // after them too, without having to name each; `npm start` keeps fixed, documented ports.
  .transform((options) => ({
    ...options,
    vaultPort: options.vaultPort ?? (options.sitesPort === 0 ? 0 : DEFAULTS.vaultPort),
    mytokenPort: options.mytokenPort ?? (options.sitesPort === 0 ? 0 : DEFAULTS.mytokenPort),
    appliancesPort:
      options.appliancesPort ?? (options.sitesPort === 0 ? 0 : DEFAULTS.appliancesPort),
  }));

export type SandboxOptions = z.infer<typeof sandboxOptionsSchema>;
export type SandboxOptionsInput = z.input<typeof sandboxOptionsSchema>;

/** Environment variables, so scripts and CI can configure `npm start` without flags. */
const ENV_VARS: Record<string, keyof SandboxOptionsInput> = {
  FEDCLOUD_SANDBOX_DIR: 'dataDir',
  FEDCLOUD_SANDBOX_HOST: 'host',
  FEDCLOUD_SANDBOX_ISSUER_PORT: 'issuerPort',
  FEDCLOUD_SANDBOX_CONTROL_PORT: 'controlPort',
  FEDCLOUD_SANDBOX_VAULT_PORT: 'vaultPort',
  FEDCLOUD_SANDBOX_MYTOKEN_PORT: 'mytokenPort',
  FEDCLOUD_SANDBOX_APPLIANCES_PORT: 'appliancesPort',
  FEDCLOUD_SANDBOX_SITES_PORT: 'sitesPort',
  FEDCLOUD_SANDBOX_SITES: 'sites',
  FEDCLOUD_SANDBOX_BUILD_DELAY_MS: 'buildDelayMs',
  FEDCLOUD_SANDBOX_TOKEN_TTL: 'tokenTtlSeconds',
};

export function optionsFromEnv(env: NodeJS.ProcessEnv): Partial<SandboxOptionsInput> {
  const result: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_VARS)) {
    const value = env[name];
    if (value !== undefined && value !== '') result[key] = value;
  }
  if (env.FEDCLOUD_SANDBOX_HTTP === '1') result.insecureHttp = true;
  return result;
}

/** Turns zod's issues into one line per bad option, naming the flag and the variable. */
export function describeOptionIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const env = Object.entries(ENV_VARS).find(([, k]) => k === key)?.[0];
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return `${flag}${env ? ` (${env})` : ''}: ${issue.message}`;
    })
    .join('\n');
}
