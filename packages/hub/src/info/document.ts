import {
  GLUE21_CLASSES,
  type Glue21Document,
  glue21DocumentSchema,
  staleMarkOf,
} from '@fedcloud/sdk/glue2';
import type { z } from 'zod';
import { HubError } from '../errors.js';

/** One problem of a published document, located by a JSONPath such as `$.Share[0].ProjectID`. */
export interface DocumentIssue {
  path: string;
  message: string;
}

export interface VoProject {
  vo: string;
  projectId: string;
  projectName: string;
  /** Set when the publisher could not read the project and sent its last good share. */
  stale?: { reason: string; lastGoodAt: string | null };
}

export interface ValidatedDocument {
  document: Glue21Document;
  /** The service's CreationTime, normalised to ISO 8601 UTC. */
  creationTime: string;
  /** CreationTime + the service's Validity: after this instant the document is stale. */
  expiresAt: string;
  /** One entry per VO, in document order (the first share of a VO wins, as in cloud-info-api). */
  voProjects: VoProject[];
  counts: { shares: number; images: number; instanceTypes: number };
}

/** Clocks drift; a publisher a little ahead of the hub is not an error. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * GLUE dates as providers write them: Python's isoformat(), with or without an offset. A value
 * without one is UTC (cloud-info-api reads it so), not the hub's local time as Date.parse would.
 */
export function parseGlueTime(value: string): number {
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value.trim());
  const utc = hasZone ? Number.NaN : Date.parse(`${value}Z`);
  return Number.isNaN(utc) ? Date.parse(value) : utc;
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][\w]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return `is required (${issue.expected})`;
  }
  return issue.message;
}

/**
 * Checks a parsed JSON value against the GLUE 2.1 schema and then against what readers of the
 * document rely on (cloud-info-api, the hub's own views): every share reachable through a
 * mapping policy naming its VO, associations that resolve, the service describing this very
 * site, a CreationTime that is not from the future. Returns every issue, never only the first.
 */
export function validateGlueDocument(
  value: unknown,
  context: { site: string; now: Date },
): { ok: true; value: ValidatedDocument } | { ok: false; issues: DocumentIssue[] } {
  const parsed = glue21DocumentSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: jsonPath(issue.path),
        message: describeZodIssue(issue),
      })),
    };
  }
  const document = parsed.data;
  const issues: DocumentIssue[] = [];
  const service = document.CloudComputingService[0]!;

  // Ids per class. Images, instance types and accelerators repeat their id once per share in
  // cloud-info-provider's output (one entity per VO's project), so only the classes whose ids
  // must be unique are checked for duplicates.
  const ids = new Map<string, Set<string>>();
  for (const name of GLUE21_CLASSES) {
    const set = new Set<string>();
    const list = document[name] as { ID: string }[];
    list.forEach((entity, index) => {
      if (
        set.has(entity.ID) &&
        (name === 'Share' ||
          name === 'CloudComputingEndpoint' ||
          name === 'MappingPolicy' ||
          name === 'AccessPolicy')
      ) {
        issues.push({ path: jsonPath([name, index, 'ID']), message: `duplicate ${name} id` });
      }
      set.add(entity.ID);
    });
    ids.set(name, set);
  }

  for (const name of GLUE21_CLASSES) {
    const list = document[name] as { Associations?: Record<string, string[]> }[];
    list.forEach((entity, index) => {
      for (const [target, targets] of Object.entries(entity.Associations ?? {})) {
        const known = ids.get(target);
        if (!known) continue; // AdminDomain, PolicyUserDomain and unknown classes name no entity
        targets.forEach((id, position) => {
          if (!known.has(id)) {
            issues.push({
              path: jsonPath([name, index, 'Associations', target, position]),
              message: `points at ${target} "${id}", which is not in the document`,
            });
          }
        });
      }
    });
  }

  const siteName = service.OtherInfo?.site_name;
  if (siteName !== undefined && siteName !== context.site) {
    issues.push({
      path: jsonPath(['CloudComputingService', 0, 'OtherInfo', 'site_name']),
      message: `names site ${JSON.stringify(siteName)} but the document was published for site "${context.site}"`,
    });
  }
  const adminDomain = service.Associations?.AdminDomain?.[0];
  if (adminDomain !== undefined && adminDomain !== context.site) {
    issues.push({
      path: jsonPath(['CloudComputingService', 0, 'Associations', 'AdminDomain', 0]),
      message: `names site "${adminDomain}" but the document was published for site "${context.site}"`,
    });
  }

  const created = parseGlueTime(service.CreationTime);
  const ahead = created - context.now.getTime();
  if (ahead > FUTURE_TOLERANCE_MS) {
    issues.push({
      path: jsonPath(['CloudComputingService', 0, 'CreationTime']),
      message: `is ${Math.round(ahead / 60_000)} minutes in the future (hub time ${context.now.toISOString()}); check the publisher's clock`,
    });
  }

  const voProjects: VoProject[] = [];
  const seenVos = new Set<string>();
  document.Share.forEach((share, index) => {
    if (share.ProjectID.trim() === '') {
      issues.push({ path: jsonPath(['Share', index, 'ProjectID']), message: 'must not be blank' });
    }
    const policyIndex = document.MappingPolicy.findIndex((policy) =>
      policy.Associations?.Share?.includes(share.ID),
    );
    if (policyIndex < 0) {
      issues.push({
        path: jsonPath(['Share', index]),
        message: `share "${share.ID}" has no MappingPolicy; add one whose Associations.Share lists it and whose Associations.PolicyUserDomain names its VO`,
      });
      return;
    }
    const vo = document.MappingPolicy[policyIndex]!.Associations?.PolicyUserDomain?.[0];
    if (vo === undefined || vo.trim() === '') {
      issues.push({
        path: jsonPath(['MappingPolicy', policyIndex, 'Associations', 'PolicyUserDomain']),
        message: `must name the VO of share "${share.ID}"`,
      });
      return;
    }
    if (seenVos.has(vo)) return;
    seenVos.add(vo);
    const projectName = share.OtherInfo?.project_name;
    const stale = staleMarkOf(share);
    voProjects.push({
      vo,
      projectId: share.ProjectID,
      projectName: typeof projectName === 'string' ? projectName : '',
      ...(stale ? { stale } : {}),
    });
  });

  const expiresAtMs = created + service.Validity * 1000;
  if (issues.length === 0 && expiresAtMs <= context.now.getTime()) {
    issues.push({
      path: jsonPath(['CloudComputingService', 0, 'CreationTime']),
      message: `the document expired at ${new Date(expiresAtMs).toISOString()} (CreationTime + Validity), before it reached the hub (hub time ${context.now.toISOString()}); publish a fresh one`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      document,
      creationTime: new Date(created).toISOString(),
      expiresAt: new Date(expiresAtMs).toISOString(),
      voProjects,
      counts: {
        shares: document.Share.length,
        images: document.CloudComputingImage.length,
        instanceTypes: document.CloudComputingInstanceType.length,
      },
    },
  };
}

/** The 422 a publisher gets: a one-line summary plus every issue in `details.issues`. */
export function invalidDocumentError(issues: DocumentIssue[]): HubError {
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  return new HubError(
    'INVALID_DOCUMENT',
    `the GLUE 2.1 document has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`,
    { issues },
  );
}
