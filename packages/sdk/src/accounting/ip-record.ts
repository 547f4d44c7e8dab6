import { pythonJson } from './python-json.js';
import { MAX_RECORDS_PER_MESSAGE } from './apel-message.js';

/**
 * APEL's public IP usage record v0.2, as cASO's neutron extractor makes it: how many floating
 * addresses of one IP version a project held at the measurement time.
 */
export interface IpRecord {
  /** Epoch seconds. */
  measurementTime: number;
  siteName: string;
  cloudComputeService?: string;
  cloudType?: string;
  /** cASO's raw record id (a UUID), sent under its own lower-case key. */
  uuid?: string;
  localUser?: string;
  globalUserName?: string;
  /** The project id. */
  localGroup: string;
  fqan: string;
  ipVersion: 4 | 6;
  ipCount: number;
}

export const IP_MESSAGE_TYPE = 'APEL Public IP message';
export const IP_MESSAGE_VERSION = '0.2';

/**
 * The record's JSON object in pydantic's field order (caso/record.py IPRecord: the base fields,
 * then its own, then the computed MeasurementTime), absent values left out.
 */
function ipRecordObject(record: IpRecord): Record<string, string | number> {
  const out: Record<string, string | number | undefined> = {
    SiteName: record.siteName,
    CloudType: record.cloudType,
    CloudComputeService: record.cloudComputeService,
    uuid: record.uuid,
    LocalUser: record.localUser,
    GlobalUserName: record.globalUserName,
    LocalGroup: record.localGroup,
    FQAN: record.fqan,
    IPVersion: record.ipVersion,
    IPCount: record.ipCount,
    MeasurementTime: record.measurementTime,
  };
  return dropUndefined(out);
}

/** Messages of at most `maxRecords` records each, as cASO's SSM messenger queues them. */
export function renderIpMessages(
  records: readonly IpRecord[],
  maxRecords = MAX_RECORDS_PER_MESSAGE,
): string[] {
  return jsonMessages(records.map(ipRecordObject), IP_MESSAGE_TYPE, IP_MESSAGE_VERSION, maxRecords);
}

/** `{"Type": …, "Version": …, "UsageRecords": […]}` in chunks, written as Python writes JSON. */
export function jsonMessages(
  objects: readonly Record<string, unknown>[],
  type: string,
  version: string,
  maxRecords: number,
): string[] {
  const messages: string[] = [];
  for (let i = 0; i < objects.length; i += maxRecords) {
    messages.push(
      pythonJson({ Type: type, Version: version, UsageRecords: objects.slice(i, i + maxRecords) }),
    );
  }
  return messages;
}

export function dropUndefined<T>(object: Record<string, T | undefined>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out;
}
