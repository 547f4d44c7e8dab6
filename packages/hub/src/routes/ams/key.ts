import type { Context } from 'hono';
import { isAllowed } from '../../auth/permissions.js';
import { ROLES, type Principal, type Role } from '../../auth/types.js';
import type { HubContext } from '../../context.js';
import { HubError } from '../../errors.js';
import type { X509Tokens } from './x509-tokens.js';

/**
 * Who publishes, from AMS's key: the `x-api-key` header (argo-ams-library ≥ 0.5.5) or the
 * `key` query parameter (older clients, and AMS's documented form). Two kinds are accepted:
 *  - a key this hub handed out at `:authx509` for a client certificate whose DN is a site's
 *    accounting Host DN: what stock ssmsend does with no `token` in sender.cfg, so a site
 *    changes nothing but the host;
 *  - an access token of the federation's issuer (e.g. the site agent's client-credentials
 *    token, as `token:` in sender.cfg), whose holder may publish accounting for the site.
 * Either way the site of each message is the one its signature names; the key only has to be
 * allowed to speak for that site.
 */
export type Publisher =
  { kind: 'certificate'; site: string; dn: string } | { kind: 'token'; principal: Principal };

export function keyOf(c: Context): string | undefined {
  return c.req.header('x-api-key') || c.req.query('key') || undefined;
}

/** @throws HubError UNAUTHENTICATED for a missing, unknown or expired key */
export async function publisherOf(
  ctx: HubContext,
  tokens: X509Tokens,
  key: string | undefined,
): Promise<Publisher> {
  if (!key) {
    throw new HubError(
      'UNAUTHENTICATED',
      'Unauthorized: send the key as x-api-key (or ?key=): a token from :authx509 with the host certificate, or an access token of the federation issuer',
    );
  }
  const grant = tokens.lookup(key);
  if (grant) return { kind: 'certificate', site: grant.site, dn: grant.dn };
  let identity: Awaited<ReturnType<HubContext['verifier']['verify']>>;
  try {
    identity = await ctx.verifier.verify(key);
  } catch {
    throw new HubError(
      'UNAUTHENTICATED',
      'Unauthorized: the key is neither a live :authx509 token of this hub nor a valid access token of its issuer',
    );
  }
  const rows = await ctx.database.db
    .selectFrom('role_grants')
    .select(['role', 'target'])
    .where('subject', '=', identity.subject)
    .execute();
  const grants = rows
    .filter((r): r is { role: Role; target: string } =>
      (ROLES as readonly string[]).includes(r.role),
    )
    .map((r) => ({ role: r.role, target: r.target }));
  if (ctx.config.admins.includes(identity.subject))
    grants.push({ role: 'federation-admin', target: '' });
  return {
    kind: 'token',
    principal: { kind: identity.isClient ? 'client' : 'user', subject: identity.subject, grants },
  };
}

/** Whether this publisher may send the site's accounting; the refusal in words when not. */
export function publisherMayPublish(publisher: Publisher, site: string): string | undefined {
  if (publisher.kind === 'certificate') {
    return publisher.site === site
      ? undefined
      : `the key was issued to ${publisher.dn} of site ${publisher.site}, but the message is signed for site ${site}`;
  }
  if (isAllowed(publisher.principal, 'accounting.publish', { site })) return undefined;
  const who = publisher.principal.kind === 'anonymous' ? 'anonymous' : publisher.principal.subject;
  return `${who} may not publish accounting for site ${site}: needs site-agent or site-admin of ${site}`;
}
