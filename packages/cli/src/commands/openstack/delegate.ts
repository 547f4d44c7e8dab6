import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { FedcloudError, type SiteSession } from '@fedcloud/sdk';
import { nativeCommandNames } from './osc/index.js';

/** The python client: FEDCLOUD_OPENSTACK_CLI, else `openstack` on PATH. */
export function findOpenstackCli(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.FEDCLOUD_OPENSTACK_CLI;
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (explicit) {
    if (isAbsolute(explicit) || explicit.includes('/')) {
      return executable(explicit) ? explicit : undefined;
    }
  }
  const name = explicit || 'openstack';
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

export function missingCliError(command: string): FedcloudError {
  return new FedcloudError(
    'EXTERNAL_COMMAND_FAILED',
    `"openstack ${command}" is not run natively, and the OpenStack command-line client "openstack" was not found`,
    {
      hint: [
        'Install it (apt install python3-openstackclient, or pipx install python-openstackclient),',
        'or point FEDCLOUD_OPENSTACK_CLI at it. Natively supported commands:',
        `  ${nativeCommandNames().join(', ')}`,
      ].join('\n'),
    },
  );
}

/**
 * The child's environment: the caller's, without any inherited OS_* (a stale OS_TOKEN breaks
 * the client, fedcloudclient PR #96), plus the cached scoped Keystone token. Credentials go in the
 * environment only, never in argv, where `ps` would show them.
 */
export function openstackEnv(
  base: NodeJS.ProcessEnv,
  session: Pick<SiteSession, 'auth' | 'projectId' | 'site'>,
  caFile: string | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('OS_')) env[key] = value;
  }
  env.OS_AUTH_TYPE = 'v3token';
  env.OS_TOKEN = session.auth.token;
  env.OS_AUTH_URL = session.auth.identityUrl ?? session.site.endpoint;
  env.OS_PROJECT_ID = session.auth.projectId ?? session.projectId;
  env.OS_IDENTITY_API_VERSION = '3';
  if (session.site.region) env.OS_REGION_NAME = session.site.region;
  if (caFile) env.OS_CACERT = caFile;
  return env;
}

export interface DelegateResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `openstack ARGS` with the session's credentials in its environment; killed on abort. */
export function runOpenstackCli(
  executable: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<DelegateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : error);
      else {
        reject(
          new FedcloudError(
            'EXTERNAL_COMMAND_FAILED',
            `could not run ${executable}: ${error.message}`,
            {
              cause: error,
            },
          ),
        );
      }
    });
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
