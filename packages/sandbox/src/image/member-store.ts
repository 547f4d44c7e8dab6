import type { SiteContext } from '../site/context.js';
import type { MemberBody } from './member-model.js';

export const MEMBER_KIND = 'glance-member';

export function memberKey(imageId: string, memberId: string): string {
  return `${imageId}/${memberId}`;
}

export function loadMember(
  site: SiteContext,
  imageId: string,
  memberId: string,
): MemberBody | undefined {
  return site.store.get<MemberBody>(MEMBER_KIND, memberKey(imageId, memberId));
}

export function imageMembers(site: SiteContext, imageId: string): MemberBody[] {
  // Membership rows are few; filtering by prefix in memory keeps the store interface generic.
  return site.store.list<MemberBody>(MEMBER_KIND).filter((m) => m.image_id === imageId);
}

/** The images shared with a project, by image id. */
export function membershipsOf(site: SiteContext, projectId: string): Map<string, MemberBody> {
  return new Map(
    site.store.list<MemberBody>(MEMBER_KIND, { projectId }).map((m) => [m.image_id, m]),
  );
}
