import { createHash } from 'node:crypto';
import type { RejectedRecord } from '@fedcloud/sdk/accounting';
import { type TrustAnchors, verifySmime } from '@fedcloud/sdk/smime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { ingestCloudMessage } from '../../accounting/index.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import type { AmsErrorItem } from './errors.js';
import { type Publisher, publisherMayPublish } from './key.js';
import { siteOfSigner } from './signer-site.js';

/** AMS's limit on one message (`migrating_to_ams.md`): what could not travel to EGI is refused here. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A publish as argo-ams-library sends it: `{"messages":[{"attributes":{..},"data":".."}]}`. */
export const PublishSchema = z.object({
  messages: z
    .array(
      z.object({
        attributes: z.record(z.string(), z.string()).optional(),
        data: z.string().optional(),
      }),
    )
    .min(1)
    .max(1000),
});
type AmsMessage = z.infer<typeof PublishSchema>['messages'][number];

export interface MessageStored {
  ok: true;
  messageId: string;
  empaid?: string;
  site: string;
  accepted: number;
  superseded: number;
  rejected: RejectedRecord[];
  duplicate: boolean;
}

export interface MessageRefused {
  ok: false;
  status: ContentfulStatusCode;
  item: AmsErrorItem;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One message of a publish, as the APEL receiver takes it (ssm2 `_handle_msg`): the signature
 * checked against the trusted CAs, the signer's DN matched to a site's accounting endpoint,
 * then the records stored for that site only. A refusal stores nothing of the message.
 */
export async function publishMessage(
  ctx: HubContext,
  trust: TrustAnchors,
  publisher: Publisher,
  message: AmsMessage,
  index: number,
): Promise<MessageStored | MessageRefused> {
  const empaid = message.attributes?.empaid;
  const domain = `messages[${index}]${empaid ? ` (empaid ${empaid})` : ''}`;
  const refuse = (status: ContentfulStatusCode, reason: string, text: string): MessageRefused => ({
    ok: false,
    status,
    item: { message: text, domain, reason },
  });

  if (!message.data) return refuse(400, 'NO_DATA', 'the message has no data');
  if (!BASE64.test(message.data)) {
    return refuse(
      400,
      'DATA_NOT_BASE64',
      'the message data is not base64 (AMS carries it base64-encoded)',
    );
  }
  const bytes = Buffer.from(message.data, 'base64');
  if (bytes.length > MAX_MESSAGE_BYTES) {
    return refuse(
      413,
      'MESSAGE_TOO_LARGE',
      `Message size is too large: ${bytes.length} bytes, and AMS takes at most ${MAX_MESSAGE_BYTES} a message; send fewer records a message (ssm's max_size, 100 by default)`,
    );
  }
  const verified = await verifySmime(bytes, trust, { now: ctx.now() });
  if (!verified.ok) {
    return refuse(verified.code === 'SIGNER_UNTRUSTED' ? 403 : 400, verified.code, verified.reason);
  }

  let site: string;
  try {
    site = await siteOfSigner(ctx.database.db, verified.signerDn);
  } catch (error) {
    if (error instanceof HubError) return refuse(403, 'SIGNER_DN_NOT_REGISTERED', error.message);
    throw error;
  }
  const denied = publisherMayPublish(publisher, site);
  if (denied) return refuse(403, 'KEY_NOT_FOR_SITE', denied);

  // The same message again (a resend, even signed anew) is the same batch: the id holds the
  // content's digest, so a sender that reuses an empaid for new records is not refused either.
  const digest = createHash('sha256').update(verified.content).digest('hex');
  const batchId = `ams:${(empaid ?? '').slice(0, 100)}:${digest.slice(0, 24)}`;
  try {
    const result = await ingestCloudMessage(ctx.database, {
      site,
      batchId,
      body: verified.content,
      publisher: verified.signerDn,
      receivedAt: ctx.now(),
    });
    return {
      ok: true,
      messageId: createHash('sha256').update(`${site}\n${batchId}`).digest('hex').slice(0, 16),
      ...(empaid === undefined ? {} : { empaid }),
      site,
      accepted: result.accepted,
      superseded: result.superseded,
      rejected: result.rejected,
      duplicate: result.duplicate,
    };
  } catch (error) {
    if (error instanceof HubError && error.status < 500) {
      return refuse(400, error.code, error.message);
    }
    throw error;
  }
}
