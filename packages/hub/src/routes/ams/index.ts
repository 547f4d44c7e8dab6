import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { OpenAPIHono } from '@hono/zod-openapi';
import { certificateNames, readTrustAnchors, type TrustAnchors } from '@fedcloud/sdk/smime';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import { readLimitedText } from '../limited-body.js';
import { amsErrorBody, amsErrorOf } from './errors.js';
import { keyOf, publisherOf } from './key.js';
import {
  MAX_MESSAGE_BYTES,
  type MessageRefused,
  type MessageStored,
  publishMessage,
  PublishSchema,
} from './publish.js';
import { ACCOUNTING_SERVICE_TYPE, siteOfSigner } from './signer-site.js';
import { X509Tokens } from './x509-tokens.js';

/** The AMS project and topic cASO's documentation has sites send to (`ams_project`, `destination`). */
const PROJECT = 'accounting';
const TOPIC = 'eu-egi-cloud-accounting';
/** A publish holds at most this much JSON: 1000 messages are far more than a run sends. */
const MAX_PUBLISH_BYTES = 64 * MAX_MESSAGE_BYTES;

/**
 * The part of the Argo Messaging Service that stock APEL `ssmsend` (protocol AMS) calls, so a
 * site running cASO + ssmsend only points `[broker] host` at the hub:
 *   GET  /v1/service-types/ams/hosts/{host}:authx509    a key for the TLS client certificate
 *   GET  /v1/projects/accounting/topics/eu-egi-cloud-accounting
 *   POST /v1/projects/accounting/topics/eu-egi-cloud-accounting:publish
 * AMS is a broker and the APEL server reads from it later; the hub is both, so a publish is
 * answered only after each message was verified and stored. Errors are in AMS's shape.
 *
 * Partial failure: AMS publishes message by message and, when one fails, answers an error and
 * keeps those before it. Here every message is tried; the kept ones stay kept, and when any was
 * refused the answer is an AMS error (its status the refusals' own, or 400 when they differ)
 * whose `errors` list says, per refused message, why; `messageIds` (null where refused) and
 * `results` go alongside. ssmsend then keeps a refused message in its queue and logs the
 * reason: once the cause is fixed (DN registered, CA trusted) its next run delivers it.
 */
export function amsRoutes(ctx: HubContext): OpenAPIHono {
  const app = new OpenAPIHono();
  const tokens = new X509Tokens(ctx.now);
  let trust: Promise<TrustAnchors> | undefined;
  const trusted = () => {
    const file = ctx.config.trustedCaFile;
    if (!file) {
      throw new HubError(
        'FORBIDDEN',
        'this hub trusts no CA for signed accounting (start it with a trusted CA file), so it can verify no message',
      );
    }
    trust ??= readTrustAnchors(file);
    return trust;
  };

  app.get('/v1/service-types/ams/hosts/:hostAction', (c) =>
    amsAnswer(c, async () => {
      if (!c.req.param('hostAction').endsWith(':authx509')) throw noSuchPath(c);
      const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket as
        Partial<TLSSocket> | undefined;
      const peer = socket?.getPeerCertificate?.();
      if (!peer?.raw) {
        throw new HubError(
          'UNAUTHENTICATED',
          'No certificate provided: ask for a key over TLS with the host certificate of the accounting endpoint',
        );
      }
      const { subjectDn, issuerDn } = certificateNames(peer.raw);
      if (!socket?.authorized) {
        throw new HubError(
          'UNAUTHENTICATED',
          `the certificate ${subjectDn} (issued by ${issuerDn}) is not trusted by this hub: ${String(socket?.authorizationError ?? 'no chain to a trusted CA')}`,
        );
      }
      const site = await siteOfSigner(ctx.database.db, subjectDn);
      return c.json({ token: tokens.issue(site, subjectDn) }, 200);
    }),
  );

  app.get('/v1/projects/:project/topics/:topic', (c) =>
    amsAnswer(c, async () => {
      await publisherOf(ctx, tokens, keyOf(c));
      const topic = knownTopic(c.req.param('project'), c.req.param('topic'));
      return c.json({ name: `/projects/${PROJECT}/topics/${topic}` }, 200);
    }),
  );

  app.post('/v1/projects/:project/topics/:topicAction', (c) =>
    amsAnswer(c, async () => {
      const [topicName, action] = c.req.param('topicAction').split(':');
      if (action !== 'publish') throw noSuchPath(c);
      const publisher = await publisherOf(ctx, tokens, keyOf(c));
      knownTopic(c.req.param('project'), topicName ?? '');
      const anchors = await trusted();
      const text = await readLimitedText(c.req.raw, {
        limit: MAX_PUBLISH_BYTES,
        tooLarge: () =>
          new HubError('PAYLOAD_TOO_LARGE', `a publish holds at most ${MAX_PUBLISH_BYTES} bytes`),
        notText: 'Invalid Message Arguments: the body is not UTF-8 JSON',
      });
      let envelope;
      try {
        envelope = PublishSchema.safeParse(JSON.parse(text));
      } catch {
        envelope = undefined;
      }
      if (!envelope?.success) {
        throw new HubError(
          'BAD_REQUEST',
          'Invalid Message Arguments: the body is {"messages":[{"attributes":{...},"data":"<base64>"}, ...]}, 1 to 1000 messages',
        );
      }
      // One after the other, as AMS does: messages of one site take the site's lock in turn.
      const results: (MessageStored | MessageRefused)[] = [];
      for (const [index, message] of envelope.data.messages.entries()) {
        results.push(await publishMessage(ctx, anchors, publisher, message, index));
      }
      const messageIds = results.map((r) => (r.ok ? r.messageId : null));
      const stored = results.filter((r): r is MessageStored => r.ok);
      const refused = results.filter((r): r is MessageRefused => !r.ok);
      const details = stored.map(({ ok: _ok, ...result }) => result);
      if (refused.length === 0) return c.json({ messageIds, results: details }, 200);
      const statuses = new Set(refused.map((r) => r.status));
      const status: ContentfulStatusCode = statuses.size === 1 ? refused[0]!.status : 400;
      const summary =
        refused.length === 1
          ? `${refused[0]!.item.domain}: ${refused[0]!.item.message}`
          : `${refused.length} of ${results.length} messages refused (see errors); the others are stored`;
      return c.json(
        {
          ...amsErrorBody(
            status,
            summary,
            refused.map((r) => r.item),
          ),
          messageIds,
          results: details,
        },
        status,
      );
    }),
  );
  return app;
}

function knownTopic(project: string, topic: string): string {
  if (project !== PROJECT || topic !== TOPIC) {
    throw new HubError(
      'NOT_FOUND',
      `Topic doesn't exist: this hub takes cloud accounting (${ACCOUNTING_SERVICE_TYPE}) on project ${PROJECT}, topic ${TOPIC}`,
    );
  }
  return topic;
}

function noSuchPath(c: Context): HubError {
  return new HubError('NOT_FOUND', `no such path: ${c.req.method} ${c.req.path}`);
}

/** Runs a handler and answers any error in AMS's shape, not the hub's. */
async function amsAnswer(c: Context, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const { status, body } = amsErrorOf(error);
    if (status === 413) c.header('connection', 'close');
    return c.json(body, status);
  }
}
