import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { AgentError } from '../errors.js';

const DEFAULT_STATE_DIR = '/var/lib/fedcloud-agent/images';
const DEFAULT_CA_DIR = '/etc/grid-security/certificates';

const httpUrl = z
  .string()
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL',
  );
const text = z.string().trim().min(1);
const absolutePath = text.refine(isAbsolute, 'must be an absolute path');

/** atrope's `sources.yaml` entry of type hepix, plus where the images go at this site. */
const subscriptionSchema = z
  .object({
    url: httpUrl,
    enabled: z.boolean().default(true),
    endorser: z.object({ dn: text, ca: text }).strict(),
    /** A private list's token (AppDB's, or the hub's), in a file only its owner reads. */
    token_file: absolutePath.optional(),
    /** How the token is sent: a bearer token, or atrope's basic `(token, 'x-oauth-basic')`. */
    token_auth: z.enum(['bearer', 'basic']).default('bearer'),
    images: z.array(text).default([]),
    prefix: z.string().optional(),
    project: text.optional(),
    vo: text.optional(),
  })
  .strict()
  .refine((s) => !(s.project && s.vo), {
    message: 'give project or vo, not both',
    path: ['vo'],
  });

const configSchema = z
  .object({
    auth_url: httpUrl.optional(),
    region_name: text.optional(),
    /** The project that owns the images and shares them (atrope's `[glance] project_id`). */
    project: text,
    credentials: z
      .object({
        os_cloud: text.optional(),
        username: text.optional(),
        user_domain_name: text.optional(),
        password_file: text.optional(),
      })
      .strict()
      .default({}),
    ca_dir: text.optional(),
    ca_file: text.optional(),
    prefix: z.string().default(''),
    tag: text.default('fedcloud-agent'),
    formats: z.array(text).min(1).default(['qcow2', 'raw']),
    state_dir: text.default(DEFAULT_STATE_DIR),
    /** The Keystone project property naming the project's VO (cASO's `vo_property`). */
    vo_property: text.default('VO'),
    subscriptions: z.record(
      z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -'),
      subscriptionSchema,
    ),
  })
  .strict()
  .refine((c) => !(c.ca_dir && c.ca_file), {
    message: 'give ca_dir or ca_file, not both',
    path: ['ca_file'],
  });

export interface ImageSubscription {
  name: string;
  url: string;
  enabled: boolean;
  endorser: { dn: string; ca: string };
  tokenFile?: string;
  tokenAuth: 'bearer' | 'basic';
  images: string[];
  prefix?: string;
  /** The target: a project id, or a VO looked up by the projects' VO property. */
  target: { project: string } | { vo: string } | undefined;
}

export interface ImagesConfig {
  file: string;
  authUrl?: string;
  regionName?: string;
  project: string;
  credentials: z.infer<typeof configSchema>['credentials'];
  /** Trust for the list signatures: a PEM bundle or an IGTF-style CA folder. */
  trustPath: string;
  prefix: string;
  tag: string;
  formats: string[];
  stateDir: string;
  voProperty: string;
  subscriptions: ImageSubscription[];
}

/**
 * `:line:col` of the node at `path` (of the key itself for an unknown key), or of the nearest
 * parent the file has.
 */
function whereIs(
  document: Document,
  lines: LineCounter,
  path: PropertyKey[],
  unknownKey?: string,
): string {
  const parent: unknown = document.getIn(path, true);
  if (unknownKey !== undefined && isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === unknownKey);
    if (pair && isNode(pair.key) && pair.key.range) {
      const at = lines.linePos(pair.key.range[0]);
      return `:${at.line}:${at.col}`;
    }
  }
  for (let n = path.length; n >= 0; n -= 1) {
    const node: unknown = document.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const at = lines.linePos(node.range[0]);
      return `:${at.line}:${at.col}`;
    }
  }
  return '';
}

/**
 * Parses the image sync's YAML file (atrope's sources and `[glance]` settings in one file).
 * Errors name the file, the line and the key. Unknown keys are refused: a typo must not turn a
 * subscription's subset into "every image".
 */
export function parseImagesConfig(text: string, file: string): ImagesConfig {
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
    const where = `${file}${whereIs(
      document,
      lines,
      issue.path,
      issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined,
    )}`;
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${key ? ` in ${key}` : ''} (a typo?)`
        : `${key || 'the file'}: ${/received undefined$/.test(issue.message) ? 'missing' : issue.message}`;
    throw new AgentError('USAGE', `${where}: ${message}`);
  }
  const c = parsed.data;
  return {
    file,
    ...(c.auth_url ? { authUrl: c.auth_url } : {}),
    ...(c.region_name ? { regionName: c.region_name } : {}),
    project: c.project,
    credentials: c.credentials,
    trustPath: c.ca_file ?? c.ca_dir ?? DEFAULT_CA_DIR,
    prefix: c.prefix,
    tag: c.tag,
    formats: [...new Set(c.formats.map((f) => f.toLowerCase()))],
    stateDir: c.state_dir,
    voProperty: c.vo_property,
    subscriptions: Object.entries(c.subscriptions).map(([name, s]) => ({
      name,
      url: s.url,
      enabled: s.enabled,
      endorser: s.endorser,
      ...(s.token_file ? { tokenFile: s.token_file } : {}),
      tokenAuth: s.token_auth,
      images: [...new Set(s.images)],
      ...(s.prefix ? { prefix: s.prefix } : {}),
      target: s.project ? { project: s.project } : s.vo ? { vo: s.vo } : undefined,
    })),
  };
}

export async function readImagesConfig(file: string): Promise<ImagesConfig> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('USAGE', `cannot read image sync config ${file} (${reason})`, {
      cause: error,
    });
  }
  return parseImagesConfig(content, file);
}
