import type { SiteContext } from '../site/context.js';
import { IMAGES_PROJECT_NAME } from '../site/specs.js';
import { seedAgentUser } from './agent-user.js';
import { upsertLocalUser } from './user-store.js';
import {
  FEDERATED_DOMAIN,
  ACCOUNTING_TAG,
  ACCOUNTING_VO_PROPERTY,
  VO_ATTRIBUTE,
  type DomainRecord,
  type ProjectRecord,
} from './project-model.js';
import { KINDS } from './resource-store.js';
import type { IdentityProviderRecord, ProtocolRecord } from './federation-model.js';
import type { RoleAssignment, RoleRecord } from './user-model.js';
import { ROLES } from './token-model.js';

const DEFAULT_DOMAIN_ID = 'default';

/**
 * What `keystone-manage bootstrap` plus an EGI site's federation setup leave behind: the Default
 * domain, admin/member/reader roles, the admin project and user, one project per supported VO and
 * the `egi.eu` identity provider with its protocols. Upserts only, so every start may run it.
 * https://docs.openstack.org/keystone/latest/admin/federation/configure_federation.html
 */
export function seedIdentity(site: SiteContext): void {
  const { store, spec } = site;
  const now = site.now();

  store.upsert<DomainRecord>(
    KINDS.domain,
    DEFAULT_DOMAIN_ID,
    null,
    {
      id: DEFAULT_DOMAIN_ID,
      name: 'Default',
      description: 'The default domain',
      enabled: true,
      tags: [],
      options: {},
    },
    now,
  );

  for (const role of Object.values(ROLES)) {
    store.upsert<RoleRecord>(
      KINDS.role,
      role.id,
      null,
      {
        id: role.id,
        name: role.name,
        domain_id: null,
        description: null,
        options: {},
      },
      now,
    );
  }

  upsertProject(site, {
    id: spec.adminProjectId,
    name: 'admin',
    description: 'Bootstrap project for initializing the cloud.',
  });
  upsertProject(site, {
    id: spec.imagesProjectId,
    name: IMAGES_PROJECT_NAME,
    description: "Images the site's image sync keeps in Glance, shared with the VOs' projects",
  });
  for (const vo of spec.vos) {
    upsertProject(site, {
      id: vo.projectId,
      name: vo.projectName,
      description: `EGI VO ${vo.vo}`,
      [VO_ATTRIBUTE]: vo.vo,
      // How EGI sites mark a project for accounting (cASO's defaults: vo_property VO, caso_tag
      // caso): `openstack project set --property VO=<vo> --tag caso <project>`.
      [ACCOUNTING_VO_PROPERTY]: vo.vo,
      tags: [ACCOUNTING_TAG],
    });
  }

  upsertLocalUser(site, {
    id: spec.adminUserId,
    name: 'admin',
    domainId: DEFAULT_DOMAIN_ID,
    password: spec.adminPassword,
  });
  store.upsert<RoleAssignment>(
    KINDS.assignment,
    `${spec.adminUserId}:${spec.adminProjectId}`,
    spec.adminProjectId,
    {
      user_id: spec.adminUserId,
      project_id: spec.adminProjectId,
      role_ids: [ROLES.admin.id, ROLES.member.id, ROLES.reader.id],
    },
    now,
  );

  seedAgentUser(site, DEFAULT_DOMAIN_ID);

  store.upsert<IdentityProviderRecord>(
    KINDS.identityProvider,
    spec.identityProvider,
    null,
    {
      id: spec.identityProvider,
      description: 'EGI Check-in',
      enabled: true,
      domain_id: FEDERATED_DOMAIN.id,
      remote_ids: [site.issuer.issuer],
      authorization_ttl: null,
    },
    now,
  );
  for (const protocol of spec.protocols) {
    store.upsert<ProtocolRecord>(
      KINDS.protocol,
      `${spec.identityProvider}:${protocol}`,
      null,
      {
        id: protocol,
        idp_id: spec.identityProvider,
        mapping_id: 'egi-mapping',
        remote_id_attribute: 'HTTP_OIDC_ISS',
      },
      now,
    );
  }
}

function upsertProject(
  site: SiteContext,
  project: Pick<ProjectRecord, 'id' | 'name' | 'description'> &
    Partial<Pick<ProjectRecord, typeof VO_ATTRIBUTE | typeof ACCOUNTING_VO_PROPERTY | 'tags'>>,
): void {
  site.store.upsert<ProjectRecord>(
    KINDS.project,
    project.id,
    project.id,
    {
      domain_id: DEFAULT_DOMAIN_ID,
      enabled: true,
      is_domain: false,
      parent_id: DEFAULT_DOMAIN_ID,
      tags: [],
      options: {},
      ...project,
    },
    site.now(),
  );
}
