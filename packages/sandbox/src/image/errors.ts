import type { Context } from 'hono';

const TITLES = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  410: 'Gone',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
} as const;

export type GlanceErrorStatus = keyof typeof TITLES;

/**
 * Raised inside Glance handlers; `onError` turns it into webob's error page. Glance raises
 * `webob.exc.HTTPxxx(explanation=msg)` and lets webob render it, so the body depends on Accept.
 */
export class GlanceError extends Error {
  constructor(
    readonly status: GlanceErrorStatus,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GlanceError';
  }
}

/**
 * Renders an error the way webob's WSGIHTTPException does (webob/exc.py `generate_response`):
 * it offers text/html then application/json to the Accept header; no Accept at all picks HTML,
 * an Accept naming neither picks text/plain. openstacksdk sends `Accept: application/json` and
 * reads `message`; glanceclient strips the HTML.
 * The body template is `${explanation}<br /><br />\n${detail}\n${html_comment}\n` with an empty
 * detail, which is why JSON messages end in `<br /><br />\n\n\n`.
 */
export function glanceErrorResponse(c: Context, error: GlanceError): Response {
  const status = error.status;
  const statusLine = `${status} ${TITLES[status]}`;
  const body = `${error.message}<br /><br />\n\n\n`;
  const kind = negotiate(c.req.header('accept'));
  let text: string;
  let type: string;
  if (kind === 'json') {
    text = JSON.stringify({ message: body, code: statusLine, title: TITLES[status] });
    type = 'application/json';
  } else if (kind === 'html') {
    text = `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${escapeHtml(error.message)}<br /><br />\n\n\n\n </body>\n</html>`;
    type = 'text/html';
  } else {
    // strip_tags: newlines become spaces first, then each <br /> a newline.
    text = `${statusLine}\n\n${error.message}\n\n   `;
    type = 'text/plain';
  }
  return new Response(text, {
    status,
    headers: { ...error.headers, 'Content-Type': `${type}; charset=UTF-8` },
  });
}

/** webob's `acceptable_offers(['text/html', 'application/json'])[0]`, reduced to what matters. */
function negotiate(accept: string | undefined): 'html' | 'json' | 'plain' {
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
