/**
 * The error bodies of the emulated OpenStack APIs, written once. Each service keeps its own error
 * class and messages; how a status becomes a body is decided here. Clients (openstacksdk,
 * python-*client, keystoneauth) parse these shapes, so every byte matters.
 */

/** HTTP reason phrases, as webob (Glance) and Flask (Keystone) print them. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The one-key wrapper Nova and Cinder put around an error, named after the status
 * (nova/api/openstack/wsgi.py and cinder/api/openstack/wsgi.py `Fault._fault_names`); statuses
 * without a name become `computeFault` (e.g. 406 for an unsupported microversion).
 * https://docs.openstack.org/api-guide/compute/faults.html
 */
const WSGI_FAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** `{"itemNotFound": {"code": 404, "message": "…"}}`, with Cinder's extra keys after them. */
export function wsgiFaultBody(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { [WSGI_FAULT_NAMES[status] ?? 'computeFault']: { code: status, message, ...extra } };
}

/**
 * `{"error": {"code", "message", "title"}}`: Keystone's, and keystonemiddleware's in front of
 * every other service. https://docs.openstack.org/api-ref/identity/v3/#error-responses
 */
export function keystoneErrorBody(status: number, message: string) {
  return { error: { code: status, message, title: REASON_PHRASES[status] ?? 'Error' } };
}

/**
 * `{"NeutronError": {"type", "message", "detail"}}`, where `type` is the exception class name.
 * https://docs.openstack.org/api-ref/network/v2/#response-codes (neutron/api/v2/resource.py)
 */
export function neutronErrorBody(type: string, message: string) {
  return { NeutronError: { type, message, detail: '' } };
}

export type WebobKind = 'html' | 'json' | 'plain';

/**
 * webob's WSGIHTTPException page (webob/exc.py `generate_response`), which Glance answers every
 * error with and Neutron its unknown URLs. The body template is
 * `${explanation}<br /><br />\n${detail}\n${html_comment}\n` with an empty detail, which is why
 * JSON messages end in `<br /><br />\n\n\n`; text/plain strips the tags (newlines become spaces
 * first, then each <br /> a newline).
 */
export function webobErrorPage(
  status: number,
  explanation: string,
  kind: WebobKind,
): { text: string; contentType: string } {
  const title = REASON_PHRASES[status] ?? 'Error';
  const statusLine = `${status} ${title}`;
  if (kind === 'json') {
    const message = `${explanation}<br /><br />\n\n\n`;
    return {
      text: JSON.stringify({ message, code: statusLine, title }),
      contentType: 'application/json; charset=UTF-8',
    };
  }
  if (kind === 'html') {
    return {
      text: `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${escapeHtml(explanation)}<br /><br />\n\n\n\n </body>\n</html>`,
      contentType: 'text/html; charset=UTF-8',
    };
  }
  return {
    text: `${statusLine}\n\n${explanation}\n\n   `,
    contentType: 'text/plain; charset=UTF-8',
  };
}

/**
 * webob's `acceptable_offers(['text/html', 'application/json'])[0]`, reduced to what matters: no
 * Accept at all picks HTML, an Accept naming neither picks text/plain. openstacksdk sends
 * `Accept: application/json` and reads `message`; glanceclient strips the HTML.
 */
export function webobKind(accept: string | undefined): WebobKind {
  if (accept === undefined || accept.trim() === '') return 'html';
  let best: { kind: 'html' | 'json'; q: number } | undefined;
  for (const [kind, type] of [
    ['html', 'text/html'],
    ['json', 'application/json'],
  ] as const) {
    const q = quality(accept, type);
    if (q > 0 && (!best || q > best.q)) best = { kind, q };
  }
  return best?.kind ?? 'plain';
}

function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let found = -1;
  let specificity = -1;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const r = range.trim().toLowerCase();
    const level = r === type ? 2 : r === `${major}/*` ? 1 : r === '*/*' ? 0 : -1;
    if (level <= specificity) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    specificity = level;
    found = qParam ? Number(qParam.slice(2)) || 0 : 1;
  }
  return Math.max(found, 0);
}

function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
