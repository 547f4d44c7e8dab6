import type { SiteContext } from '../site/context.js';
import { stableUuid, uuid } from '../site/ids.js';
import { conflict } from './errors.js';
import { KINDS, insert } from './resource-store.js';
import {
  buildRule,
  type SecurityGroupBody,
  type SecurityGroupRuleBody,
} from './security-group-model.js';
import { standardAttrs } from './standard-attr-model.js';

export function rulesOf(site: SiteContext, groupId: string): SecurityGroupRuleBody[] {
  return site.store
    .list<SecurityGroupRuleBody>(KINDS.securityGroupRule)
    .filter((rule) => rule.security_group_id === groupId);
}

/** A new group with neutron's two egress rules (or, for `default`, also ingress from itself). */
export function createGroup(
  site: SiteContext,
  projectId: string,
  name: string,
  description: string,
  stateful: boolean,
  tags: string[],
  id = uuid(),
): SecurityGroupBody {
  const group: SecurityGroupBody = {
    ...standardAttrs(site, { id, projectId, name, description, tags }),
    stateful,
    shared: false,
  };
  insert(site, KINDS.securityGroup, group);
  // Neutron's own rules carry no description (null), unlike any a user adds.
  const rules: Parameters<typeof buildRule>[2][] = [
    { direction: 'egress', ethertype: 'IPv4', description: null },
    { direction: 'egress', ethertype: 'IPv6', description: null },
  ];
  if (name === 'default') {
    rules.push(
      { direction: 'ingress', ethertype: 'IPv4', remote_group_id: id, description: null },
      { direction: 'ingress', ethertype: 'IPv6', remote_group_id: id, description: null },
    );
  }
  rules.forEach((rule, i) => {
    // Stable ids for default groups, so a second ensure in a race creates nothing new.
    const ruleId = name === 'default' ? stableUuid(id, 'rule', String(i)) : uuid();
    insert(site, KINDS.securityGroupRule, buildRule(site, group, rule, ruleId));
  });
  return group;
}

function defaultGroupId(site: SiteContext, projectId: string): string {
  return stableUuid(site.spec.name, 'neutron', 'default-security-group', projectId);
}

/** The project's `default` group, created with its four rules on first use. */
export function ensureDefaultGroup(site: SiteContext, projectId: string): SecurityGroupBody {
  return site.store.transaction(() => {
    const existing = site.store
      .list<SecurityGroupBody>(KINDS.securityGroup, { projectId })
      .find((group) => group.name === 'default');
    if (existing) return existing;
    return createGroup(
      site,
      projectId,
      'default',
      'Default security group',
      true,
      [],
      defaultGroupId(site, projectId),
    );
  });
}

/** A group of the project by id, else by name; 409 when a name is ambiguous, as Nova reports. */
export function findProjectGroup(
  site: SiteContext,
  projectId: string,
  nameOrId: string,
): SecurityGroupBody | undefined {
  if (nameOrId === 'default') return ensureDefaultGroup(site, projectId);
  const groups = site.store.list<SecurityGroupBody>(KINDS.securityGroup, { projectId });
  const byId = groups.find((group) => group.id === nameOrId);
  if (byId) return byId;
  const byName = groups.filter((group) => group.name === nameOrId);
  if (byName.length > 1) {
    throw conflict(
      'NoUniqueMatch',
      `Multiple security_group matches found for name '${nameOrId}', use an ID to be more specific.`,
    );
  }
  return byName[0];
}
