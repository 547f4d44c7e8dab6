import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { AgentError } from '../errors.js';

/** cASO's record types; storage (Cinder) is not extracted. */
const RECORD_TYPES = ['cloud', 'ip', 'accelerator'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const DEFAULT_SPOOLDIR = '/var/spool/fedcloud-agent/accounting';

const httpUrl = z
  .string()
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL',
  );

/**
 * The per-site accounting file: caso.conf's settings under their cASO names (`[DEFAULT]`
 * site_name, service_name, projects, caso_tag, vo_property, spooldir, region_name; `[ssm]`
 * output_path, max_size), plus how the agent logs in and where the hub is. Unknown keys are
 * refused, so a typo is not silently ignored.
 */
const configSchema = z
  .object({
    site_name: z.string().trim().min(1, 'must name the site as in GOCDB'),
    service_name: z.string().trim().min(1).optional(),
    auth_url: httpUrl.optional(),
    region_name: z.string().trim().min(1).optional(),
    projects: z.array(z.string().trim().min(1)).default([]),
    caso_tag: z.string().trim().nullable().default('caso'),
    vo_property: z.string().trim().min(1).default('VO'),
    spooldir: z.string().trim().min(1).default(DEFAULT_SPOOLDIR),
    record_types: z
      .array(z.enum(RECORD_TYPES))
      .min(1)
      .default([...RECORD_TYPES]),
    max_records_per_message: z.number().int().min(1).max(1000).default(100),
    ca_file: z.string().trim().min(1).optional(),
    credentials: z
      .object({
        os_cloud: z.string().trim().min(1).optional(),
        username: z.string().trim().min(1).optional(),
        user_domain_name: z.string().trim().min(1).optional(),
        password_file: z.string().trim().min(1).optional(),
        auth_type: z.string().trim().min(1).optional(),
        identity_provider: z.string().trim().min(1).optional(),
        protocol: z.string().trim().min(1).optional(),
      })
      .strict()
      .default({}),
    hub: z
      .object({
        url: httpUrl,
        issuer: httpUrl,
        client_id: z.string().trim().min(1),
        client_secret_file: z.string().trim().min(1).optional(),
        scope: z.string().trim().min(1).optional(),
      })
      .strict()
      .optional(),
    ssm: z
      .object({ output_path: z.string().trim().min(1) })
      .strict()
      .optional(),
  })
  .strict();

type AccountingConfigFile = z.infer<typeof configSchema>;

/** The file's settings, defaults applied (plain camelCase inside the agent). */
export interface AccountingConfig {
  file: string;
  siteName: string;
  /** CloudComputeService; caso.conf's default is the site name. */
  serviceName: string;
  authUrl?: string;
  regionName?: string;
  projects: string[];
  /** Projects with this Keystone tag are accounted too; null: only the list. */
  casoTag: string | null;
  voProperty: string;
  spooldir: string;
  recordTypes: RecordType[];
  maxRecordsPerMessage: number;
  caFile?: string;
  credentials: AccountingConfigFile['credentials'];
  hub?: {
    url: string;
    issuerUrl: string;
    clientId: string;
    clientSecretFile?: string;
    scope?: string;
  };
  ssmOutputPath?: string;
}

/** Parses the YAML text; errors name the file, the key and what is wrong with it. */
export function parseAccountingConfig(text: string, file: string): AccountingConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const at = lines.linePos(first.pos[0]);
    throw new AgentError(
      'USAGE',
      `${file}:${at.line}:${at.col}: not YAML: ${first.message.split('\n')[0]}`,
    );
  }
  const parsed = configSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.');
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${key ? ` in ${key}` : ''} (a typo?)`
        : `${key || 'the file'}: ${/received undefined$/.test(issue.message) ? 'missing' : issue.message}`;
    throw new AgentError('USAGE', `${file}: ${message}`);
  }
  const c = parsed.data;
  return {
    file,
    siteName: c.site_name,
    serviceName: c.service_name ?? c.site_name,
    ...(c.auth_url ? { authUrl: c.auth_url } : {}),
    ...(c.region_name ? { regionName: c.region_name } : {}),
    projects: [...new Set(c.projects)],
    casoTag: c.caso_tag ? c.caso_tag : null,
    voProperty: c.vo_property,
    spooldir: c.spooldir,
    recordTypes: [...new Set(c.record_types)],
    maxRecordsPerMessage: c.max_records_per_message,
    ...(c.ca_file ? { caFile: c.ca_file } : {}),
    credentials: c.credentials,
    ...(c.hub
      ? {
          hub: {
            url: c.hub.url,
            issuerUrl: c.hub.issuer,
            clientId: c.hub.client_id,
            ...(c.hub.client_secret_file ? { clientSecretFile: c.hub.client_secret_file } : {}),
            ...(c.hub.scope ? { scope: c.hub.scope } : {}),
          },
        }
      : {}),
    ...(c.ssm ? { ssmOutputPath: c.ssm.output_path } : {}),
  };
}

export async function readAccountingConfig(file: string): Promise<AccountingConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('USAGE', `cannot read accounting config ${file} (${reason})`, {
      cause: error,
    });
  }
  return parseAccountingConfig(text, file);
}
