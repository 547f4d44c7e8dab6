import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { FedcloudError } from '../errors.js';
import { siteFileSchema, type SiteFile } from './schema.js';
import type { SiteConfig, SiteVo } from './types.js';

type Path = readonly PropertyKey[];

interface Problem {
  path: string;
  line: number;
  col: number;
  message: string;
}

/**
 * Parses one fedcloud-catchall site YAML. Every problem is reported as `file:line:col: path
 * message` (yaml keeps node offsets, zod gives the path), in one SITE_CONFIG_INVALID error.
 */
export function parseSiteYaml(text: string, source: string): SiteConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(
      source,
      doc.errors.map((error) => {
        const at = error.linePos?.[0] ?? { line: 1, col: 1 };
        return { path: '', line: at.line, col: at.col, message: error.message };
      }),
    );
  }
  keepScalarsAsWritten(doc);
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const at = position(doc.contents, lines);
    throw invalid(source, [{ path: '', ...at, message: 'expected a mapping of site settings' }]);
  }
  const parsed = siteFileSchema.safeParse(data);
  if (!parsed.success) {
    throw invalid(
      source,
      parsed.error.issues.flatMap((issue) => describeIssue(issue, doc, lines)),
    );
  }
  return toSiteConfig(parsed.data, source);
}

function toSiteConfig(file: SiteFile, source: string): SiteConfig {
  const site: SiteConfig = {
    name: file.gocdb,
    endpoint: file.endpoint,
    protocol: file.protocol,
    vos: (file.vos ?? []).map(toSiteVo),
    source,
  };
  if (file.region !== undefined) site.region = file.region;
  if (file.images !== undefined) {
    const images: NonNullable<SiteConfig['images']> = {};
    if (file.images.sync !== undefined) images.sync = file.images.sync;
    if (file.images.formats !== undefined) images.formats = file.images.formats;
    site.images = images;
  }
  return site;
}

function toSiteVo(vo: NonNullable<SiteFile['vos']>[number]): SiteVo {
  const { name, auth, ...extra } = vo;
  const { project_id: projectId, ...authExtra } = auth;
  return {
    name,
    projectId,
    extra: Object.keys(authExtra).length > 0 ? { ...extra, auth: authExtra } : extra,
  };
}

/**
 * Identifiers are strings even when they look like numbers: an all-digit project id (or one like
 * `0123e45`) would otherwise become a lossy float, and `gocdb: 2024` a number.
 */
function keepScalarsAsWritten(doc: Document): void {
  const paths: Path[] = [['gocdb'], ['region'], ['endpoint']];
  const vos = doc.get('vos', true);
  const count = isSeq(vos) ? vos.items.length : 0;
  for (let i = 0; i < count; i++) paths.push(['vos', i, 'name'], ['vos', i, 'auth', 'project_id']);
  for (const path of paths) {
    const node = doc.getIn(path, true);
    if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
      node.value = node.source ?? String(node.value);
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter): Problem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const container = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const allowed =
      path.length === 0 ? ` (allowed: ${Object.keys(siteFileSchema.shape).join(', ')})` : '';
    return issue.keys.map((key) => {
      const pair = isMap(container)
        ? container.items.find((item) => isScalar(item.key) && item.key.value === key)
        : undefined;
      const at = position(pair?.key ?? container, lines);
      return { path: formatPath([...path, key]), ...at, message: `unknown key${allowed}` };
    });
  }
  const { node, found } = nearestNode(doc, path);
  const missing = !found || (isScalar(node) && node.value === null);
  return [
    {
      path: formatPath(path),
      ...position(node, lines),
      message: missing ? 'is required' : issueText(issue),
    },
  ];
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}`;
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  }
  return issue.message;
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The node at `path`, or its closest existing ancestor when a key is missing. */
function nearestNode(doc: Document, path: Path): { node: unknown; found: boolean } {
  for (let depth = path.length; depth > 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    if (node !== undefined) return { node, found: depth === path.length };
  }
  return { node: doc.contents, found: path.length === 0 };
}

function position(node: unknown, lines: LineCounter): { line: number; col: number } {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? lines.linePos(range[0]) : { line: 1, col: 1 };
}

function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function invalid(source: string, problems: Problem[]): FedcloudError {
  const lines = problems.map(
    (p) => `${source}:${p.line}:${p.col}: ${p.path === '' ? '' : `${p.path} `}${p.message}`,
  );
  return new FedcloudError('SITE_CONFIG_INVALID', lines.join('\n'), {
    hint: 'Site files follow the fedcloud-catchall-operations format: gocdb, endpoint, vos[{name, auth: {project_id}}].',
    details: { source, problems },
  });
}
