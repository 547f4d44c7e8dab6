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
  const ascii = !NON_ASCII.test(body);
  let index = 0;
  for (const chunk of body.split('%%')) {
    if (chunk.trim() === '') continue;
    const parsed = parseCloudRecord(chunk, ascii);
    if ('reason' in parsed) rejected.push({ index, ...parsed });
    else records.push(parsed.record);
    index += 1;
  }
  return { ok: true, records, rejected };
}

const FIELDS_BY_APEL = new Map(CLOUD_FIELDS.map((field) => [field.apel, field]));
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The ISO form the APEL server accepts besides epoch seconds (`%Y-%m-%dT%H:%M:%S` + zone). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$/;

type RecordResult = { record: CloudRecord } | { reason: string; vmUuid?: string };

/**
 * One pass over the lines, no intermediate map: the hub parses every record it stores. A later
 * line for the same key wins, as in the APEL server's dict, so a bad value is only fatal if no
 * later line replaces it.
 */
export function parseCloudRecord(text: string, knownAscii = false): RecordResult {
  const record: Partial<Record<keyof CloudRecord, string | number>> = {};
  let errors: Map<string, string> | undefined;
  let lineError: string | undefined;
  let rawUuid: string | undefined;
  const ascii = knownAscii || !NON_ASCII.test(text);
  let position = 0;
  while (position <= text.length) {
    let stop = text.indexOf('\n', position);
    if (stop === -1) stop = text.length;
    const line = text.slice(position, stop);
    position = stop + 1;
    const colon = line.indexOf(':');
    if (colon === -1) {
      if (line.trim() === '') continue;
      lineError ??= `a line without "key: value": "${line.trim().slice(0, 60)}"`;
      continue;
    }
    const key = line.slice(0, colon).trim();
    const raw = line.slice(colon + 1).trim();
    if (key === 'VMUUID') rawUuid = raw;
    const field = FIELDS_BY_APEL.get(key);
    let error: string | undefined;
    if (!field) {
      if (IGNORED_CLOUD_KEYS.has(key)) continue;
      error = `unexpected field ${key}`;
    } else if (isNull(raw)) {
      delete record[field.key];
    } else if (!ascii && NON_ASCII.test(raw)) {
      error = `field ${key} is not ASCII`;
    } else {
      const value = convert(field.kind, raw);
      if (value === undefined) {
        error = `field ${key} is not ${KIND_NAMES[field.kind]}: "${raw.slice(0, 40)}"`;
      } else record[field.key] = value;
    }
    if (error) (errors ??= new Map()).set(key, error);
    else errors?.delete(key);
  }
  const vmUuid = rawUuid === undefined || isNull(rawUuid) ? undefined : rawUuid;
  const reject = (reason: string): RecordResult => (vmUuid ? { reason, vmUuid } : { reason });
  if (lineError) return reject(lineError);
  const firstError = errors?.values().next().value;
  if (firstError) return reject(firstError);
  if (record.vmUuid === undefined) return reject('mandatory field VMUUID missing');
  if (record.siteName === undefined) return reject('mandatory field SiteName missing');
  const { startTime, endTime } = record;
  if (typeof startTime === 'number' && typeof endTime === 'number' && endTime !== 0) {
    if (endTime < startTime) return reject('EndTime is before StartTime');
  }
  return { record: record as unknown as CloudRecord };
}

const NON_ASCII = /[^\p{ASCII}]/u;

/** The APEL server's nulls: `none`, `null` and the empty string, in any case. */
function isNull(raw: string): boolean {
  if (raw.length === 0) return true;
  if (raw.length !== 4) return false;
  const lower = raw.toLowerCase();
  return lower === 'none' || lower === 'null';
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
