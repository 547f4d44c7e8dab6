import { FedcloudError } from '../errors.js';

/**
 * The statuses of ARGO's `egi_ops` operations profile, in its `available_states` order
 * (ARGOeu/argo-streaming: flink_jobs_v2/batch_multi/src/main/resources/ops/EGI-algorithm.json).
 * MISSING means "no result at all"; UNKNOWN means a probe ran and could not tell.
 */
export const STATUSES = ['OK', 'WARNING', 'UNKNOWN', 'MISSING', 'CRITICAL', 'DOWNTIME'] as const;

export type Status = (typeof STATUSES)[number];

export const OPERATIONS = ['AND', 'OR'] as const;

export type Operation = (typeof OPERATIONS)[number];

type Row = readonly [a: Status, b: Status, x: Status];

/**
 * The egi_ops truth tables, row for row as in EGI-algorithm.json. Each row is written once
 * (a, b); the lookup is symmetric, as ARGO's OperationsManager fills [a][b] and [b][a].
 * They are not plain "worst/best wins": under OR, MISSING∨DOWNTIME is DOWNTIME but
 * UNKNOWN∨DOWNTIME is UNKNOWN, and CRITICAL beats both UNKNOWN and MISSING.
 */
const TRUTH_TABLES: Readonly<Record<Operation, readonly Row[]>> = {
  AND: [
    ['OK', 'OK', 'OK'],
    ['OK', 'WARNING', 'WARNING'],
    ['OK', 'UNKNOWN', 'UNKNOWN'],
    ['OK', 'MISSING', 'MISSING'],
    ['OK', 'CRITICAL', 'CRITICAL'],
    ['OK', 'DOWNTIME', 'DOWNTIME'],
    ['WARNING', 'WARNING', 'WARNING'],
    ['WARNING', 'UNKNOWN', 'UNKNOWN'],
    ['WARNING', 'MISSING', 'MISSING'],
    ['WARNING', 'CRITICAL', 'CRITICAL'],
    ['WARNING', 'DOWNTIME', 'DOWNTIME'],
    ['UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
    ['UNKNOWN', 'MISSING', 'MISSING'],
    ['UNKNOWN', 'CRITICAL', 'CRITICAL'],
    ['UNKNOWN', 'DOWNTIME', 'DOWNTIME'],
    ['MISSING', 'MISSING', 'MISSING'],
    ['MISSING', 'CRITICAL', 'CRITICAL'],
    ['MISSING', 'DOWNTIME', 'DOWNTIME'],
    ['CRITICAL', 'CRITICAL', 'CRITICAL'],
    ['CRITICAL', 'DOWNTIME', 'CRITICAL'],
    ['DOWNTIME', 'DOWNTIME', 'DOWNTIME'],
  ],
  OR: [
    ['OK', 'OK', 'OK'],
    ['OK', 'WARNING', 'OK'],
    ['OK', 'UNKNOWN', 'OK'],
    ['OK', 'MISSING', 'OK'],
    ['OK', 'CRITICAL', 'OK'],
    ['OK', 'DOWNTIME', 'OK'],
    ['WARNING', 'WARNING', 'WARNING'],
    ['WARNING', 'UNKNOWN', 'WARNING'],
    ['WARNING', 'MISSING', 'WARNING'],
    ['WARNING', 'CRITICAL', 'WARNING'],
    ['WARNING', 'DOWNTIME', 'WARNING'],
    ['UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
    ['UNKNOWN', 'MISSING', 'UNKNOWN'],
    ['UNKNOWN', 'CRITICAL', 'CRITICAL'],
    ['UNKNOWN', 'DOWNTIME', 'UNKNOWN'],
    ['MISSING', 'MISSING', 'MISSING'],
    ['MISSING', 'CRITICAL', 'CRITICAL'],
    ['MISSING', 'DOWNTIME', 'DOWNTIME'],
    ['CRITICAL', 'CRITICAL', 'CRITICAL'],
    ['CRITICAL', 'DOWNTIME', 'CRITICAL'],
    ['DOWNTIME', 'DOWNTIME', 'DOWNTIME'],
  ],
};

const pairKey = (a: Status, b: Status): string => `${a}|${b}`;

const LOOKUP: Readonly<Record<Operation, ReadonlyMap<string, Status>>> = {
  AND: lookupOf(TRUTH_TABLES.AND),
  OR: lookupOf(TRUTH_TABLES.OR),
};

function lookupOf(rows: readonly Row[]): Map<string, Status> {
  const map = new Map<string, Status>();
  for (const [a, b, x] of rows) {
    map.set(pairKey(a, b), x);
    map.set(pairKey(b, a), x);
  }
  return map;
}

/** Combines two statuses with an egi_ops operation. */
export function combine(op: Operation, a: Status, b: Status): Status {
  const x = LOOKUP[op].get(pairKey(a, b));
  // Unreachable for typed callers: the tables cover every pair (a test checks it).
  if (x === undefined) throw new FedcloudError('INTERNAL', `no ${op} rule for ${a} and ${b}`);
  return x;
}

/** Folds `combine` over one or more statuses, left to right as ARGO's aggregator does. */
export function combineAll(op: Operation, statuses: readonly Status[]): Status {
  const [first, ...rest] = statuses;
  if (first === undefined) {
    throw new FedcloudError('USAGE', `${op} needs at least one status to combine`);
  }
  return rest.reduce((acc, status) => combine(op, acc, status), first);
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
