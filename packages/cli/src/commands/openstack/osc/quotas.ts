import {
  getComputeQuotaLimits,
  getComputeQuotas,
  getLimits,
  getNetworkQuotas,
  getVolumeLimits,
  getVolumeQuotas,
} from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { flag, type NativeCommand } from './registry.js';
import { showOf } from './show.js';

const limitsShow: NativeCommand = {
  path: ['limits', 'show'],
  positionals: [0, 0],
  options: { absolute: { type: 'boolean' }, reserved: { type: 'boolean' } },
  async run(ctx, values) {
    if (!flag(values, 'absolute')) {
      throw new FedcloudError('USAGE', 'one of the arguments --absolute --rate is required');
    }
    const { client } = ctx.session;
    const [compute, volume] = await Promise.all([
      getLimits(client, { signal: ctx.signal }),
      getVolumeLimits(client, { signal: ctx.signal }).then(
        (limits) => limits.absolute,
        () => ({}),
      ),
    ]);
    return {
      kind: 'list',
      columns: ['Name', 'Value'],
      rows: [...Object.entries(compute.absolute), ...Object.entries(volume)].map(([k, v]) => [
        k,
        v,
      ]),
    };
  },
};

/** openstackclient's names for the compute, volume and network quota keys. */
const QUOTA_NAMES: Record<string, string> = {
  fixed_ips: 'fixed-ips',
  floating_ips: 'floating-ips',
  injected_file_content_bytes: 'injected-file-size',
  injected_file_path_bytes: 'injected-path-size',
  injected_files: 'injected-files',
  key_pairs: 'key-pairs',
  metadata_items: 'properties',
  server_groups: 'server-groups',
  server_group_members: 'server-group-members',
  security_groups: 'secgroups',
  security_group_rules: 'secgroup-rules',
  backup_gigabytes: 'backup-gigabytes',
  per_volume_gigabytes: 'per-volume-gigabytes',
  floatingip: 'floating-ips',
  network: 'networks',
  port: 'ports',
  rbac_policy: 'rbac_policies',
  router: 'routers',
  security_group: 'secgroups',
  security_group_rule: 'secgroup-rules',
  subnet: 'subnets',
  subnetpool: 'subnet_pools',
};

const quotaShow: NativeCommand = {
  path: ['quota', 'show'],
  positionals: [0, 1],
  show: true,
  options: { default: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const { client, auth } = ctx.session;
    const project = positionals[0] ?? auth.projectId ?? ctx.session.projectId;
    if (flag(values, 'default')) {
      throw new FedcloudError('USAGE', '--default is not supported natively');
    }
    const call = { signal: ctx.signal };
    // A service the project may not ask about shows no quotas rather than failing the others.
    const orNothing = (quotas: Promise<Record<string, unknown>>) =>
      quotas.catch((): Record<string, unknown> => ({}));
    const [compute, volume, network] = await Promise.all([
      orNothing(getComputeQuotaLimits(client, project, call)).then((q) =>
        Object.keys(q).length
          ? q
          : getComputeQuotas(client, project, call).then((d) =>
              Object.fromEntries(
                Object.entries(d).map(([k, v]) => [
                  k,
                  typeof v === 'object' && v !== null ? (v as { limit: number }).limit : v,
                ]),
              ),
            ),
      ),
      orNothing(getVolumeQuotas(client, project, call)),
      orNothing(getNetworkQuotas(client, project, call)),
    ]);
    const info: Record<string, unknown> = {};
    for (const source of [compute, volume, network]) {
      for (const [k, v] of Object.entries(source)) {
        if (k === 'id') continue;
        info[QUOTA_NAMES[k] ?? k] = v;
      }
    }
    info.location = {
      cloud: '',
      region_name: '',
      zone: null,
      project: { id: project, name: null, domain_id: null, domain_name: null },
    };
    info.project = project;
    info.project_name = project === auth.projectId ? (auth.projectName ?? null) : null;
    return showOf(info);
  },
};

export const QUOTA_COMMANDS: NativeCommand[] = [limitsShow, quotaShow];
