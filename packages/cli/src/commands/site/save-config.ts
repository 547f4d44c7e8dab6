import { chmod, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FedcloudError, type SiteConfig } from '@fedcloud/sdk';
import { parse, stringify } from 'yaml';
import type { CliContext } from '../../context.js';
import { writeErr, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';
import { siteYaml } from './site-yaml.js';

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** fedcloudclient's local site folder, read first by every command when it exists. */
function siteConfigDir(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.config', 'fedcloud', 'site-config');
}

export interface SaveResult {
  kind: 'site-config' | 'clouds-yaml';
  path: string;
  files: string[];
  clouds?: string[];
  /** Sites left out, with the reason (a name that cannot be a file name). */
  skipped?: { site: string; reason: string }[];
}

/**
 * Why a site name (it may come from any hub) cannot name a file in the site folder, or
 * undefined when it can: no path separators, no `..`, no leading dot, no control characters.
 */
function unsafeFileName(name: string): string | undefined {
  if (name === '') return 'it is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'it holds control characters';
  if (/[/\\]/.test(name)) return 'it holds a path separator';
  if (name.startsWith('.')) return 'it starts with a dot';
  return undefined;
}

/** What a shown name looks like with its control characters made visible. */
function printable(name: string): string {
  return JSON.stringify(name);
}

/**
 * Copies the directory's sites to ~/.config/fedcloud/site-config/<gocdb>.yaml, after removing
 * the YAML files already there (fedcloudclient wipes the folder; we only remove *.yaml, so
 * nothing else a user keeps there is lost). The sites are read before anything is removed, so
 * saving the folder onto itself is safe.
 */
export async function saveSiteConfig(runtime: Runtime): Promise<SaveResult> {
  const all = await runtime.sites.listSites();
  const dir = resolve(siteConfigDir(runtime.ctx.env));
  const skipped: { site: string; reason: string }[] = [];
  const sites = all.filter((site) => {
    const reason = unsafeFileName(site.name);
    // The resolved path is checked too: whatever the name, nothing is written outside `dir`.
    const outside = dirname(resolve(dir, `${site.name}.yaml`)) !== dir;
    if (reason || outside) {
      skipped.push({ site: printable(site.name), reason: reason ?? 'it leads out of the folder' });
    }
    return !reason && !outside;
  });
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.endsWith('.yaml')) await rm(join(dir, name), { force: true });
  }
  const files: string[] = [];
  for (const site of sites) {
    const file = join(dir, `${site.name}.yaml`);
    await writeFile(file, siteYaml(site));
    files.push(file);
  }
  return { kind: 'site-config', path: dir, files, ...(skipped.length ? { skipped } : {}) };
}

export interface CloudsYamlOptions {
  caFile?: string;
}

/** `<site>-<vo>`, lowercased, as the sandbox and EGI docs name clouds. */
export function cloudName(site: string, vo: string): string {
  return `${site}-${vo}`.toLowerCase();
}

/**
 * One openstacksdk cloud per site × VO using OIDC access-token auth; the token itself is given
 * at run time (`--os-access-token` / OS_ACCESS_TOKEN), so the file holds no secret.
 * https://docs.openstack.org/openstacksdk/latest/user/config/configuration.html
 */
export function cloudsFor(
  sites: SiteConfig[],
  options: CloudsYamlOptions,
): Record<string, unknown> {
  const clouds: Record<string, unknown> = {};
  for (const site of sites) {
    for (const vo of site.vos) {
      clouds[cloudName(site.name, vo.name)] = {
        auth_type: 'v3oidcaccesstoken',
        auth: {
          auth_url: site.endpoint,
          identity_provider: 'egi.eu',
          protocol: site.protocol,
          project_id: vo.projectId,
        },
        ...(site.region ? { region_name: site.region } : {}),
        interface: 'public',
        identity_api_version: 3,
        ...(options.caFile ? { cacert: options.caFile } : {}),
      };
    }
  }
  return clouds;
}

/**
 * Writes (or updates) a clouds.yaml: our clouds replace those of the same name, other clouds in
 * an existing file are kept, as is its mode (it may hold passwords); a new file gets 0644.
 */
export async function saveCloudsYaml(
  runtime: Runtime,
  file: string,
  options: CloudsYamlOptions,
): Promise<SaveResult> {
  const sites = await runtime.sites.listSites();
  const clouds = cloudsFor(sites, {
    ...(options.caFile ? { caFile: resolve(runtime.ctx.cwd, options.caFile) } : {}),
  });
  const path = resolve(runtime.ctx.cwd, file);
  let existing: Record<string, unknown> = {};
  let mode = 0o644;
  try {
    const text = await readFile(path, 'utf8');
    mode = (await stat(path)).mode & 0o777;
    const parsed: unknown = parse(text);
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new FedcloudError('USAGE', `${path} is not a clouds.yaml (not a mapping)`);
      }
      existing = parsed as Record<string, unknown>;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const previous = existing.clouds;
  const kept =
    previous && typeof previous === 'object' && !Array.isArray(previous)
      ? (previous as Record<string, unknown>)
      : {};
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify({ ...existing, clouds: { ...kept, ...clouds } }), { mode });
  await chmod(path, mode);
  return { kind: 'clouds-yaml', path, files: [path], clouds: Object.keys(clouds) };
}

/** The default clouds.yaml: openstacksdk's per-user file. */
export function defaultCloudsYaml(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.config', 'openstack', 'clouds.yaml');
}

export function renderSaveResult(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  result: SaveResult,
): void {
  for (const { site, reason } of result.skipped ?? []) {
    writeErr(ctx, `warning: site ${site} not saved: its name cannot be a file name (${reason})`);
  }
  if (result.kind === 'site-config') {
    writeOut(ctx, `Saving site configs to directory ${result.path}\n`);
  } else {
    writeOut(
      ctx,
      `Saved ${result.clouds?.length ?? 0} clouds to ${result.path}\n` +
        (result.clouds ?? []).map((c) => `  ${c}\n`).join(''),
    );
  }
}
