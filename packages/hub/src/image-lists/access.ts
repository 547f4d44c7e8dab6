import { isAllowed } from '../auth/permissions.js';
import type { Principal } from '../auth/types.js';
import type { HubContext } from '../context.js';
import { HubError } from '../errors.js';

/** Who reads lists: the caller, and (lazily, once) the VOs its token makes it a member of. */
export interface ImageListReader {
  principal: Principal;
  /** The user's VOs from the issuer's userinfo; asked only when a private list needs it. */
  memberVos(): Promise<readonly string[]>;
}

export function imageListReader(
  ctx: HubContext,
  principal: Principal,
  token: string | undefined,
): ImageListReader {
  let vos: Promise<string[]> | undefined;
  return {
    principal,
    memberVos() {
      if (principal.kind !== 'user' || !token || !ctx.verifier.vosOf) return Promise.resolve([]);
      vos ??= ctx.verifier.vosOf(token);
      return vos;
    },
  };
}

/**
 * A private list is for those who use it: the VO's managers, its members (an entitlement of the
 * VO, as sites map users to projects), and the agents and admins of the sites that support the
 * VO, which sync it (atrope's `token` for private AppDB lists).
 */
export async function mayReadPrivate(
  ctx: HubContext,
  reader: ImageListReader,
  vo: string,
): Promise<boolean> {
  const { principal } = reader;
  if (principal.kind === 'anonymous') return false;
  if (isAllowed(principal, 'image-list.read', { vo })) return true;
  const siteNames = principal.grants
    .filter((g) => g.role === 'site-agent' || g.role === 'site-admin')
    .map((g) => g.target);
  if (siteNames.length > 0) {
    const supported = await ctx.database.db
      .selectFrom('site_vos')
      .innerJoin('sites', 'sites.id', 'site_vos.site_id')
      .select('sites.name')
      .where('site_vos.vo', '=', vo)
      .where('sites.name', 'in', siteNames)
      .executeTakeFirst();
    if (supported) return true;
  }
  return (await reader.memberVos()).includes(vo);
}

/** @throws HubError UNAUTHENTICATED (anonymous) or FORBIDDEN for a private list it may not read */
export async function assertMayRead(
  ctx: HubContext,
  reader: ImageListReader,
  list: { vo: string; public: number },
): Promise<void> {
  if (list.public === 1 || (await mayReadPrivate(ctx, reader, list.vo))) return;
  if (reader.principal.kind === 'anonymous') {
    throw new HubError(
      'UNAUTHENTICATED',
      `VO ${list.vo}'s image list is private: send a bearer token of a member of the VO or of an agent of a site that supports it`,
    );
  }
  throw new HubError(
    'FORBIDDEN',
    `VO ${list.vo}'s image list is private: ${reader.principal.subject} is not a member or manager of the VO, nor an agent of a site that supports it`,
    { action: 'image-list.read', vo: list.vo },
  );
}
