import { CLOUD_FIELDS, type CloudRecord, IGNORED_CLOUD_KEYS } from './cloud-record.js';

export const CLOUD_MESSAGE_HEADER = 'APEL-cloud-message: v0.4';

/** SSM's `max_size`: more records in one message overflow the broker's limit (GGUS 143436). */
export const MAX_RECORDS_PER_MESSAGE = 100;

/**
 * One record as cASO writes it: `Key: value` lines sorted, absent fields left out. Integers in
 * float fields keep Python's `.0` (Benchmark), except CpuCount, which cASO holds as an int.
 */
export function renderCloudRecord(record: CloudRecord): string {
  const lines: string[] = [];
  for (const field of CLOUD_FIELDS) {
    const value = record[field.key];
    if (value === undefined) continue;
    lines.push(`${field.apel}: ${renderValue(field.key, field.kind, value)}`);
  }
  return lines.sort().join('\n');
}

function renderValue(key: keyof CloudRecord, kind: string, value: string | number): string {
  if (typeof value === 'string') return value;
  if (kind === 'float' && key !== 'cpuCount' && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

/** Messages of at most `maxRecords` records each, in SSM's outgoing-queue text form. */
export function renderCloudMessages(
  records: readonly CloudRecord[],
  maxRecords = MAX_RECORDS_PER_MESSAGE,
): string[] {
  const messages: string[] = [];
  for (let i = 0; i < records.length; i += maxRecords) {
    const body = records
      .slice(i, i + maxRecords)
      .map(renderCloudRecord)
      .join('\n%%\n');
    messages.push(`${CLOUD_MESSAGE_HEADER}\n${body}\n`);
  }
  return messages;
}

export interface RejectedRecord {
  /** 0-based position of the record in the message. */
  index: number;
  reason: string;
  /** The record's VMUUID when it had one, to name it in reports. */
  vmUuid?: string;
}

export type ParsedCloudMessage =
  { ok: true; records: CloudRecord[]; rejected: RejectedRecord[] } | { ok: false; reason: string };

/**
 * Parses a cloud message as the APEL server's loader does (header `<type>: <version>`, records
 * split on `%%`, `key: value` split at the first colon, `none`/`null`/empty meaning absent), but
 * judges each record alone: a bad record is rejected with its reason and the others are kept.
 */
export function parseCloudMessage(text: string): ParsedCloudMessage {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  const header = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trim();
  const colon = header.indexOf(':');
  const type = colon === -1 ? header : header.slice(0, colon).trim();
  const version = colon === -1 ? '' : header.slice(colon + 1).trim();
  if (type !== 'APEL-cloud-message') {
    return { ok: false, reason: `not a cloud message: header "${header.slice(0, 60)}"` };
  }
  if (version !== 'v0.4') {
    return { ok: false, reason: `unsupported cloud message version "${version}" (v0.4 only)` };
  }
  const records: CloudRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const body = newline === -1 ? '' : trimmed.slice(newline + 1);
  let index = 0;
  for (const chunk of body.split('%%')) {
    if (chunk.trim() === '') continue;
    const parsed = parseCloudRecord(chunk);
    if ('reason' in parsed) rejected.push({ index, ...parsed });
    else records.push(parsed.record);
    index += 1;
  }
  return { ok: true, records, rejected };
}

const FIELDS_BY_APEL = new Map(CLOUD_FIELDS.map((field) => [field.apel, field]));
const NULLS = new Set(['none', 'null', '']);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The ISO form the APEL server accepts besides epoch seconds (`%Y-%m-%dT%H:%M:%S` + zone). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$/;

type RecordResult = { record: CloudRecord } | { reason: string; vmUuid?: string };

export function parseCloudRecord(text: string): RecordResult {
  const values = new Map<string, string>();
  for (const line of text.trim().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) return { reason: `a line without "key: value": "${line.slice(0, 60)}"` };
    values.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const rawUuid = values.get('VMUUID');
  const vmUuid = rawUuid === undefined || NULLS.has(rawUuid.toLowerCase()) ? undefined : rawUuid;
  const reject = (reason: string): RecordResult => (vmUuid ? { reason, vmUuid } : { reason });

  const record: Partial<Record<keyof CloudRecord, string | number>> = {};
  for (const [key, raw] of values) {
    const field = FIELDS_BY_APEL.get(key);
    if (!field) {
      if (IGNORED_CLOUD_KEYS.has(key)) continue;
      return reject(`unexpected field ${key}`);
    }
    if (NULLS.has(raw.toLowerCase())) continue;
    if (!isAscii(raw)) return reject(`field ${key} is not ASCII`);
    const value = convert(field.kind, raw);
    if (value === undefined)
      return reject(`field ${key} is not ${KIND_NAMES[field.kind]}: "${raw.slice(0, 40)}"`);
    record[field.key] = value;
  }
  for (const mandatory of ['VMUUID', 'SiteName'] as const) {
    const field = FIELDS_BY_APEL.get(mandatory);
    if (field && record[field.key] === undefined) {
      return reject(`mandatory field ${mandatory} missing`);
    }
  }
  const { startTime, endTime } = record;
  if (typeof startTime === 'number' && typeof endTime === 'number' && endTime !== 0) {
    if (endTime < startTime) return reject('EndTime is before StartTime');
  }
  return { record: record as unknown as CloudRecord };
}

const KIND_NAMES = {
  string: 'text',
  int: 'an integer',
  float: 'a number',
  time: 'epoch seconds or an ISO time',
} as const;

function convert(kind: keyof typeof KIND_NAMES, raw: string): string | number | undefined {
  switch (kind) {
    case 'string':
      return raw;
    case 'int':
      return INT.test(raw) ? Number.parseInt(raw, 10) : undefined;
    case 'float':
      return FLOAT.test(raw) ? Number.parseFloat(raw) : undefined;
    case 'time': {
      if (INT.test(raw)) return Number.parseInt(raw, 10);
      if (!ISO.test(raw)) return undefined;
      const ms = Date.parse(raw);
      return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
    }
  }
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}
