/**
 * Every OpenStack service wraps its errors differently; this finds the human message and the
 * service's fault name in any of them.
 */
export interface ParsedErrorBody {
  message?: string;
  fault?: string;
}

const MAX_MESSAGE = 500;

export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') return parseText(body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;

  // Keystone (and keystonemiddleware in front of every service):
  // {"error": {"code": 401, "message": "...", "title": "Unauthorized"}}
  // https://docs.openstack.org/api-ref/identity/v3/#what-s-new-in-version-3-14-ussuri
  const keystone = asRecord(record.error);
  if (keystone && typeof keystone.message === 'string') {
    return pick(keystone.message, stringOrUndefined(keystone.title));
  }

  // Neutron: {"NeutronError": {"type": "NetworkNotFound", "message": "...", "detail": ""}}
  // https://docs.openstack.org/api-ref/network/v2/#response-codes
  const neutron = asRecord(record.NeutronError);
  if (neutron) {
    return pick(stringOrUndefined(neutron.message), stringOrUndefined(neutron.type));
  }

  // Placement and newer APIs: {"errors": [{"status": 404, "title": "...", "detail": "..."}]}
  // https://specs.openstack.org/openstack/api-wg/guidelines/errors.html
  if (Array.isArray(record.errors)) {
    const first = asRecord(record.errors[0]);
    if (first) return pick(stringOrUndefined(first.detail), stringOrUndefined(first.title));
  }

  if (typeof record.message === 'string') return pick(record.message, undefined);

  // Nova and Cinder: {"<faultName>": {"code": 404, "message": "..."}} with a single key such as
  // itemNotFound, badRequest, forbidden, overLimit, conflictingRequest.
  // https://docs.openstack.org/api-guide/compute/faults.html
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] !== undefined) {
    const fault = asRecord(record[keys[0]]);
    if (fault && typeof fault.message === 'string') return pick(fault.message, keys[0]);
  }
  return {};
}

/**
 * Glance (webob) answers errors as text/plain or HTML, e.g.
 * `<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>No image found
 * with ID x<br /><br /></body></html>`; bodies that are JSON without a JSON content type are
 * also accepted.
 */
function parseText(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return parseErrorBody(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: treat it as text below.
    }
  }
  const plain = trimmed
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? { message: truncate(plain) } : {};
}

function pick(message: string | undefined, fault: string | undefined): ParsedErrorBody {
  const out: ParsedErrorBody = {};
  const text = message?.trim();
  if (text) out.message = truncate(text);
  if (fault) out.fault = fault;
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
