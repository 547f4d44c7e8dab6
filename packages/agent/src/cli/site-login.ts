import { readFile, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { AgentError } from '../errors.js';
import { cloudsYamlCandidates, readCloud } from './clouds-yaml.js';
import type { CredentialFlags } from './credentials.js';
import type { CliIo } from './io.js';

/** The `credentials` section the agent's config files share (caso.conf's and atrope's logins). */
export interface CredentialsSection {
  os_cloud?: string | undefined;
  username?: string | undefined;
  user_domain_name?: string | undefined;
  password_file?: string | undefined;
  auth_type?: string | undefined;
  identity_provider?: string | undefined;
  protocol?: string | undefined;
}

/** A config file's credentials as the flags `resolveCredentials` reads (the password read now). */
export async function credentialFlagsOf(section: CredentialsSection): Promise<CredentialFlags> {
  return {
    ...(section.os_cloud ? { osCloud: section.os_cloud } : {}),
    ...(section.username ? { osUsername: section.username } : {}),
    ...(section.user_domain_name ? { osUserDomainName: section.user_domain_name } : {}),
    ...(section.auth_type ? { osAuthType: section.auth_type } : {}),
    ...(section.identity_provider ? { osIdentityProvider: section.identity_provider } : {}),
    ...(section.protocol ? { osProtocol: section.protocol } : {}),
    ...(section.password_file ? { osPassword: await readPasswordFile(section.password_file) } : {}),
  };
}

/** auth_url of the file, else of the clouds.yaml entry, else OS_AUTH_URL (keystoneauth's order). */
export function authUrlOf(
  config: { authUrl?: string | undefined; file: string },
  flags: CredentialFlags,
  io: CliIo,
): string {
  if (config.authUrl) return config.authUrl;
  const cloudName = flags.osCloud ?? io.env['OS_CLOUD']?.trim();
  if (cloudName) {
    const { cloud } = readCloud(cloudName, cloudsYamlCandidates(io.env, io.cwd));
    if (cloud.auth?.auth_url) return cloud.auth.auth_url;
  }
  const fromEnv = io.env['OS_AUTH_URL']?.trim();
  if (fromEnv) return fromEnv;
  throw new AgentError(
    'USAGE',
    `no Keystone URL: set auth_url in ${config.file}, auth.auth_url in the clouds.yaml entry, or OS_AUTH_URL`,
  );
}

/** The Keystone password from a file only its owner may read (as the client secret). */
async function readPasswordFile(path: string): Promise<string> {
  if (!isAbsolute(path))
    throw new AgentError(
      'USAGE',
      `credentials.password_file must be an absolute path, got ${path}`,
    );
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('USAGE', `cannot read password file ${path} (${reason})`, {
      cause: error,
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new AgentError(
      'USAGE',
      `password file ${path} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`,
    );
  }
  // Only the final newline goes: blanks may be part of a password.
  const password = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  if (password === '') throw new AgentError('USAGE', `password file ${path} is empty`);
  return password;
}
