import type { HubContext } from '../context.js';
import { type PublishResult, publishSiteInfo, validateGlueDocument } from '../info/index.js';

/**
 * Publishes a document for a registered site through the hub's own validation and publication,
 * as PUT /api/v1/sites/{site}/info does once the publisher is admitted: for seeding a database
 * without tokens or HTTP. A document the hub would refuse is an error in the fixture.
 */
export async function publishDocument(
  ctx: Pick<HubContext, 'database' | 'info'>,
  input: { siteId: number; site: string; document: unknown; now: Date; publisher?: string },
): Promise<PublishResult> {
  const body = JSON.stringify(input.document);
  const checked = validateGlueDocument(JSON.parse(body), { site: input.site, now: input.now });
  if (!checked.ok) {
    throw new Error(`fixture for ${input.site} is invalid: ${JSON.stringify(checked.issues)}`);
  }
  return publishSiteInfo(ctx.database.db, ctx.info, {
    siteId: input.siteId,
    body,
    validated: checked.value,
    publisher: input.publisher ?? 'test',
    now: input.now,
  });
}
