import type { Hono } from 'hono';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { AuthContext, AuthEnv } from '../keystone/auth.js';
import type { SiteContext } from '../site/context.js';
import { NeutronError, conflict, notFound } from './errors.js';
import type { PortBody } from './port-model.js';
import { checkQuota } from './quota-store.js';
import {
  definedFields,
  readBody,
  zBool,
  zDescription,
  zId,
  zName,
  zProject,
  zTags,
} from './request.js';
import { readUpdate, registerReads, type ResourceDef } from './resource-routes.js';
import { KINDS, findOwned, findVisible, insert, save } from './resource-store.js';
import {
  PROTOCOLS,
  RULE_ATTRIBUTES,
  SECURITY_GROUP_ATTRIBUTES,
  buildRule,
  protocolNumber,
  sameRule,
  type SecurityGroupBody,
  type SecurityGroupRuleBody,
} from './security-group-model.js';
import { createGroup, ensureDefaultGroup, rulesOf } from './security-group-store.js';
import { owningProject, owns } from './standard-attr-model.js';
import { asStored } from './standard-attr-view.js';
import { registerTags } from './tag-routes.js';

const SECURITY_GROUPS: ResourceDef<SecurityGroupBody> = {
  kind: KINDS.securityGroup,
  singular: 'security_group',
  plural: 'security_groups',
  path: 'security-groups',
  attributes: SECURITY_GROUP_ATTRIBUTES,
  notFound: notFound.securityGroup,
  visible: (_site, auth, body) => owns(auth, body),
  render: (site, _auth, body) => ({ ...body, security_group_rules: rulesOf(site, body.id) }),
  // Neutron creates the caller's default group the first time the project looks at groups.
  beforeRead: (site, auth) => void ensureDefaultGroup(site, auth.projectId),
};

const SECURITY_GROUP_RULES: ResourceDef<SecurityGroupRuleBody> = {
  kind: KINDS.securityGroupRule,
  singular: 'security_group_rule',
  plural: 'security_group_rules',
  path: 'security-group-rules',
  attributes: RULE_ATTRIBUTES,
  notFound: notFound.securityGroupRule,
  visible: (site, auth, body) => {
    if (auth.isAdmin || body.project_id === auth.projectId) return true;
    return (
      site.store.get<SecurityGroupBody>(KINDS.securityGroup, body.security_group_id)?.project_id ===
      auth.projectId
    );
  },
  render: asStored,
  beforeRead: (site, auth) => void ensureDefaultGroup(site, auth.projectId),
};

const zProtocol = z
  .union([z.string(), z.number().int()])
  .nullable()
  .transform((value) => (value === null ? null : String(value).toLowerCase()));
const zPort = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable();

/** What both create and update accept. */
const groupUpdatable = {
  name: zName.optional(),
  description: zDescription.optional(),
  stateful: zBool.optional(),
};

const zGroupCreate = z.strictObject({
  ...groupUpdatable,
  tags: zTags.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

const zGroupUpdate = z.strictObject(groupUpdatable);

const zRuleCreate = z.strictObject({
  security_group_id: zId,
  direction: z.enum(['ingress', 'egress']),
  ethertype: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['ipv4', 'ipv6']))
    .transform((value) => (value === 'ipv4' ? 'IPv4' : 'IPv6'))
    .optional(),
  protocol: zProtocol.optional(),
  port_range_min: zPort.optional(),
  port_range_max: zPort.optional(),
  remote_ip_prefix: z.string().nullable().optional(),
  remote_group_id: zId.nullable().optional(),
  remote_address_group_id: z.null().optional(),
  description: zDescription.optional(),
  project_id: zProject.optional(),
  tenant_id: zProject.optional(),
});

type RuleRequest = z.output<typeof zRuleCreate>;

function invalid(type: string, message: string): NeutronError {
  return new NeutronError(400, type, message);
}

/** neutron/db/securitygroups_db.py _validate_* checks, with their messages. */
function validateRule(site: SiteContext, auth: AuthContext, request: RuleRequest): void {
  const protocol = request.protocol ?? null;
  if (protocol !== null && protocol !== 'any' && !(protocol in PROTOCOLS)) {
    const number = Number(protocol);
    if (!/^\d+$/.test(protocol) || number > 255) {
      throw invalid(
        'SecurityGroupRuleInvalidProtocol',
        `Security group rule protocol ${protocol} not supported. Only protocol values [${Object.keys(
          PROTOCOLS,
        )
          .map((p) => `'${p}'`)
          .join(', ')}, None] and integer representations [0 to 255] are supported.`,
      );
    }
  }
  const min = request.port_range_min ?? null;
  const max = request.port_range_max ?? null;
  if ((min !== null || max !== null) && (protocol === null || protocol === 'any')) {
    throw invalid(
      'SecurityGroupProtocolRequiredWithPorts',
      'Must also specify protocol if port range is given.',
    );
  }
  const number = protocolNumber(protocol);
  if (number === 6 || number === 17 || number === 132 || number === 33 || number === 136) {
    for (const port of [min, max]) {
      if (port !== null && (port < 1 || port > 65535)) {
        throw invalid('SecurityGroupInvalidPortValue', `Invalid value for port ${port}.`);
      }
    }
    if (min !== null && max !== null && min > max) {
      throw invalid(
        'SecurityGroupInvalidPortRange',
        'For TCP/UDP protocols, port_range_min must be <= port_range_max',
      );
    }
  } else if (number === 1 || number === 58) {
    if (min === null && max !== null) {
      throw invalid(
        'SecurityGroupMissingIcmpType',
        `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`,
      );
    }
    for (const [field, value] of [
      ['type', min],
      ['code', max],
    ] as const) {
      if (value !== null && (value < 0 || value > 255)) {
        throw invalid(
          'SecurityGroupInvalidIcmpValue',
          `Invalid value for ICMP ${field} (port-range-${field === 'type' ? 'min' : 'max'}) ${value}. It must be 0 to 255.`,
        );
      }
    }
  }
  if (request.remote_ip_prefix && request.remote_group_id) {
    throw invalid(
      'SecurityGroupRemoteGroupAndRemoteIpPrefix',
      'Only remote_ip_prefix or remote_group_id may be provided.',
    );
  }
  if (request.remote_ip_prefix) {
    const [address, prefix, ...rest] = request.remote_ip_prefix.split('/');
    const version = isIP(address ?? '');
    const bits = prefix === undefined ? (version === 4 ? 32 : 128) : Number(prefix);
    if (
      version === 0 ||
      rest.length > 0 ||
      !Number.isInteger(bits) ||
      bits < 0 ||
      bits > (version === 4 ? 32 : 128)
    ) {
      throw invalid(
        'InvalidInput',
        `Invalid input for remote_ip_prefix. Reason: '${request.remote_ip_prefix}' is not a valid IP subnet.`,
      );
    }
    const ethertype = request.ethertype ?? 'IPv4';
    if ((version === 4) !== (ethertype === 'IPv4')) {
      throw invalid(
        'SecurityGroupRuleParameterConflict',
        `Conflicting value ethertype ${ethertype} for CIDR ${request.remote_ip_prefix}`,
      );
    }
  }
  if (request.remote_group_id) {
    const remote = site.store.get<SecurityGroupBody>(KINDS.securityGroup, request.remote_group_id);
    if (!remote || !(auth.isAdmin || remote.project_id === auth.projectId)) {
      throw notFound.securityGroup(request.remote_group_id);
    }
  }
}

export function securityGroupRoutes(app: Hono<AuthEnv>, site: SiteContext): void {
  registerReads(app, site, SECURITY_GROUPS);
  registerTags(app, site, SECURITY_GROUPS);
  registerReads(app, site, SECURITY_GROUP_RULES);

  app.post('/security-groups', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'security_group', zGroupCreate);
    const projectId = owningProject(auth, request);
    const name = request.name ?? '';
    const group = site.store.transaction(() => {
      ensureDefaultGroup(site, projectId);
      if (name === 'default') {
        throw conflict(
          'SecurityGroupDefaultAlreadyExists',
          'Default security group already exists.',
        );
      }
      checkQuota(site, projectId, 'security_group');
      return createGroup(
        site,
        projectId,
        name,
        request.description ?? '',
        request.stateful ?? true,
        request.tags ?? [],
      );
    });
    return c.json({ security_group: SECURITY_GROUPS.render(site, auth, group) }, 201);
  });

  app.put('/security-groups/:id', async (c) => {
    const { auth, current, request } = await readUpdate(site, c, SECURITY_GROUPS, zGroupUpdate, [
      'id',
      'project_id',
      'tenant_id',
    ]);
    if (current.name === 'default' && request.name !== undefined && request.name !== 'default') {
      throw conflict(
        'SecurityGroupCannotUpdateDefault',
        'Updating default security group not allowed.',
      );
    }
    const group = save(site, KINDS.securityGroup, { ...current, ...definedFields(request) });
    return c.json({ security_group: SECURITY_GROUPS.render(site, auth, group) });
  });

  app.delete('/security-groups/:id', (c) => {
    const auth = c.get('auth');
    const group = findOwned(site, auth, SECURITY_GROUPS, c.req.param('id'), 'delete');
    if (group.name === 'default' && !auth.isAdmin) {
      throw conflict(
        'SecurityGroupCannotRemoveDefault',
        'Insufficient rights for removing default security group.',
      );
    }
    site.store.transaction(() => {
      if (
        site.store
          .list<PortBody>(KINDS.port)
          .some((port) => port.security_groups.includes(group.id))
      ) {
        throw conflict('SecurityGroupInUse', `Security Group ${group.id} in use.`);
      }
      // Rules of the group, and rules elsewhere that name it as their remote group, go with it.
      for (const rule of site.store.list<SecurityGroupRuleBody>(KINDS.securityGroupRule)) {
        if (rule.security_group_id === group.id || rule.remote_group_id === group.id) {
          site.store.delete(KINDS.securityGroupRule, rule.id);
        }
      }
      site.store.delete(KINDS.securityGroup, group.id);
    });
    return c.body(null, 204);
  });

  app.post('/security-group-rules', async (c) => {
    const auth = c.get('auth');
    const request = await readBody(c, 'security_group_rule', zRuleCreate);
    ensureDefaultGroup(site, auth.projectId);
    const group = findVisible(site, auth, SECURITY_GROUPS, request.security_group_id);
    if (!auth.isAdmin && group.project_id !== auth.projectId)
      throw notFound.securityGroup(group.id);
    owningProject(auth, request);
    validateRule(site, auth, request);
    const rule = site.store.transaction(() => {
      const candidate = buildRule(site, group, {
        direction: request.direction,
        ethertype: request.ethertype ?? 'IPv4',
        protocol: request.protocol === 'any' ? null : (request.protocol ?? null),
        port_range_min: request.port_range_min ?? null,
        port_range_max: request.port_range_max ?? null,
        remote_ip_prefix: request.remote_ip_prefix ?? null,
        remote_group_id: request.remote_group_id ?? null,
        description: request.description ?? '',
      });
      const duplicate = rulesOf(site, group.id).find((existing) => sameRule(existing, candidate));
      if (duplicate) {
        throw conflict(
          'SecurityGroupRuleExists',
          `Security group rule already exists. Rule id is ${duplicate.id}.`,
        );
      }
      checkQuota(site, group.project_id, 'security_group_rule');
      insert(site, KINDS.securityGroupRule, candidate);
      save(site, KINDS.securityGroup, group);
      return candidate;
    });
    return c.json({ security_group_rule: rule }, 201);
  });

  app.delete('/security-group-rules/:id', (c) => {
    const auth = c.get('auth');
    const rule = findVisible(site, auth, SECURITY_GROUP_RULES, c.req.param('id'));
    site.store.transaction(() => {
      site.store.delete(KINDS.securityGroupRule, rule.id);
      const group = site.store.get<SecurityGroupBody>(KINDS.securityGroup, rule.security_group_id);
      if (group) save(site, KINDS.securityGroup, group);
    });
    return c.body(null, 204);
  });
}
