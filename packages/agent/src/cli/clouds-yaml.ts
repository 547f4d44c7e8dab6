import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AgentError } from '../errors.js';
import type { AuditorCloud } from '../siteinfo/auditor-role.js';

/** The part of a clouds.yaml entry the agent uses (openstacksdk's format). */
const cloudSchema = z
  .object({
    auth_type: z.string().optional(),
    auth: z
      .object({
        auth_url: z.string().optional(),
        username: z.string().optional(),
        password: z.string().optional(),
        project_id: z.string().optional(),
        project_name: z.string().optional(),
        project_domain_name: z.string().optional(),
        user_domain_name: z.string().optional(),
        access_token: z.string().optional(),
        identity_provider: z.string().optional(),
        protocol: z.string().optional(),
      })
      .loose()
      .optional(),
    cacert: z.string().optional(),
    region_name: z.string().optional(),
  })
  .loose();

export type CloudEntry = z.infer<typeof cloudSchema>;

const fileSchema = z.object({ clouds: z.record(z.string(), cloudSchema) }).loose();

/**
 * Where openstacksdk looks for clouds.yaml, first match wins.
 * https://docs.openstack.org/openstacksdk/latest/user/config/configuration.html#config-files
 */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd: string): string[] {
  if (env['OS_CLIENT_CONFIG_FILE']) return [env['OS_CLIENT_CONFIG_FILE']];
  return [
    join(cwd, 'clouds.yaml'),
    join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'openstack', 'clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ];
}

/** The named cloud's entry; USAGE errors name the file and what is wrong. */
export function readCloud(name: string, files: string[]): { file: string; cloud: CloudEntry } {
  const file = files.find((candidate) => existsSync(candidate));
  if (!file) {
    throw new AgentError(
      'USAGE',
      `--os-cloud ${name}: no clouds.yaml found (looked at ${files.join(', ')})`,
    );
  }
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AgentError('USAGE', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new AgentError('USAGE', `${file} is not a clouds.yaml (expected a "clouds" mapping)`);
  }
  const cloud = parsed.data.clouds[name];
  if (!cloud) {
    const known = Object.keys(parsed.data.clouds).join(', ') || 'none';
    throw new AgentError('USAGE', `no cloud named ${name} in ${file} (clouds: ${known})`);
  }
  return { file, cloud };
}

/** `--auditor-role-cloud <name>`: a password entry with its auth URL and project. */
export function auditorCloud(name: string, files: string[]): AuditorCloud {
  const { file, cloud } = readCloud(name, files);
  const auth = cloud.auth ?? {};
  const missing = (['auth_url', 'username', 'password'] as const).filter((key) => !auth[key]);
  if (!auth.project_id && !auth.project_name) missing.push('project_id' as never);
  if (missing.length > 0) {
    throw new AgentError(
      'USAGE',
      `--auditor-role-cloud ${name}: the entry in ${file} lacks auth.${missing.join(', auth.')} (a password login scoped to a project)`,
    );
  }
  return {
    name,
    authUrl: auth.auth_url!,
    username: auth.username!,
    password: auth.password!,
    userDomainName: auth.user_domain_name ?? 'Default',
    project: auth.project_id
      ? { id: auth.project_id }
      : { name: auth.project_name!, domainName: auth.project_domain_name ?? 'Default' },
  };
}
