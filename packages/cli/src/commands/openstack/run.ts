import { readFile, writeFile } from 'node:fs/promises';
import { isOpenStackError } from '@fedcloud/openstack';
import {
  fanOut,
  FedcloudError,
  openSiteSession,
  type SiteConfig,
  type SiteSession,
} from '@fedcloud/sdk';
import { EXIT_CODES } from '@fedcloud/sdk/exit-codes';
import {
  isAllSites,
  type OidcFlags,
  type OpenstackAuthFlags,
  type SiteFlags,
} from '../../options.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';
import { findOpenstackCli, missingCliError, openstackEnv, runOpenstackCli } from './delegate.js';
import { jsonResult } from './osc/format.js';
import { NATIVE_COMMANDS } from './osc/index.js';
import {
  findNative,
  parseInvocation,
  type NativeContext,
  type ParsedInvocation,
} from './osc/registry.js';
import { MISSING_VO_CODE, type OpenstackRun, type SiteOutcome, type SiteRow } from './outcome.js';
import { progressReporter } from './progress.js';

export interface OpenstackFlags extends OidcFlags, SiteFlags, Partial<OpenstackAuthFlags> {
  vo?: string;
  ignoreMissingVo?: boolean;
  jsonOutput?: boolean;
  mine?: boolean;
  wait?: boolean;
}

export interface RunSettings {
  /** --ca-file, handed to the python client as OS_CACERT. */
  caFile?: string;
  /** Deadline of --wait: the --timeout given explicitly, else 600 s. */
  waitTimeoutMs: number;
}

/**
 * `fedcloud openstack CMD…`: native commands run in process on a cached Keystone session, the
 * rest through the python client. Returns each site's outcome; render.ts prints them and
 * exit-status.ts turns them into the process's status.
 */
export async function runOpenstack(
  runtime: Runtime,
  flags: OpenstackFlags,
  args: string[],
  settings: RunSettings,
): Promise<OpenstackRun> {
  if (!args.length) {
    throw new FedcloudError('USAGE', 'No OpenStack command given', {
      hint: 'e.g. fedcloud openstack server list --site SITE --vo VO',
    });
  }
  const vo = flags.vo;
  if (!vo) {
    throw new FedcloudError('USAGE', 'Missing option --vo (or EGI_VO)', {
      hint: 'fedcloud token list-vos shows your VOs',
    });
  }
  const found = findNative(NATIVE_COMMANDS, args);
  const native = found ? parseInvocation(found.command, found.rest) : undefined;
  const json = flags.jsonOutput === true;
  let cli: string | undefined;
  const cliArgs = [...args];
  if (!native) {
    cli = findOpenstackCli(runtime.ctx.env);
    if (!cli) throw missingCliError(args.join(' '));
    if (flags.wait) cliArgs.push('--wait');
    if (json && !args.some((a) => a === '-f' || a.startsWith('--format') || /^-f./.test(a))) {
      cliArgs.push('--format', 'json');
    }
  }
  if (native && json) native.display.format = 'json';
  const command = args.join(' ');
  const allSites = isAllSites(flags);
  const sites = await resolveSites(runtime, flags);
  const progress = await progressReporter(runtime);
  const waiting = flags.wait === true;
  const timeoutMs = waiting
    ? Math.max(runtime.timeoutMs, settings.waitTimeoutMs + 30_000)
    : runtime.timeoutMs;

  const runSite = async (site: SiteConfig, signal: AbortSignal): Promise<SiteOutcome> => {
    const session = await openSiteSession(site, vo, { ...sessionOptions(runtime, flags), signal });
    if (native) return runNative(native, session, signal);
    const result = await runOpenstackCli(
      cli ?? 'openstack',
      cliArgs,
      openstackEnv(runtime.ctx.env, session, settings.caFile),
      signal,
    );
    if (result.code !== 0) {
      const message = `${result.stderr}${result.stdout}`;
      return {
        row: row(site, result.code, null, message),
        error: new FedcloudError('EXTERNAL_COMMAND_FAILED', message.trim()),
      };
    }
    let parsed: unknown = result.stdout;
    if (json) {
      try {
        parsed = JSON.parse(result.stdout) as unknown;
      } catch {
        parsed = result.stdout;
      }
    }
    return { row: row(site, 0, null, parsed), print: { text: result.stdout } };
  };

  const row = (
    site: SiteConfig,
    code: number,
    exception: string | null,
    result: unknown,
  ): SiteRow => ({
    Site: site.name,
    VO: vo,
    command,
    Exception: exception,
    'Error code': code,
    Result: result,
  });

  const runNative = async (
    invocation: ParsedInvocation,
    session: SiteSession,
    signal: AbortSignal,
  ): Promise<SiteOutcome> => {
    const ctx: NativeContext = {
      session,
      signal,
      wait: waiting,
      mine: flags.mine === true,
      waitTimeoutMs: settings.waitTimeoutMs,
      progress: (text) =>
        progress.update(sites.length > 1 ? `${session.site.name}: ${text}` : text),
      readFile: (path) => readFile(path, 'utf8'),
      writeFile: (path, text) => writeFile(path, text, { mode: 0o600 }),
    };
    const output = await invocation.command.run(ctx, invocation.values, invocation.positionals);
    return {
      row: {
        Site: session.site.name,
        VO: vo,
        command,
        Exception: null,
        'Error code': 0,
        Result: jsonResult(output, invocation.display),
      },
      print: { output, display: invocation.display },
    };
  };

  const withVo = sites.filter((site) => site.vos.some((v) => v.name === vo));
  let results;
  try {
    results = await fanOut(withVo, runSite, {
      concurrency: runtime.concurrency,
      timeoutMs,
    });
  } finally {
    progress.stop();
  }
  const bySite = new Map(results.map((r) => [r.key.name, r]));
  const outcomes: SiteOutcome[] = [];
  for (const site of sites) {
    const result = bySite.get(site.name);
    if (!result) {
      // fedcloudclient's -i hides these in text output only: its -j output keeps the entry.
      if (flags.ignoreMissingVo && !json) continue;
      const message = `VO ${vo} not found on site ${site.name}\n`;
      outcomes.push({
        row: row(site, MISSING_VO_CODE, null, message),
        error: new FedcloudError('VO_NOT_AT_SITE', message.trim()),
      });
      continue;
    }
    if (result.ok && result.value) {
      outcomes.push(result.value);
      continue;
    }
    // fanOut has mapped whatever the site threw with the SDK's one mapping.
    const error =
      result.error ?? new FedcloudError('INTERNAL', `no outcome from site ${site.name}`);
    const opError =
      isOpenStackError(error.cause) || error.code === 'NOT_FOUND' || error.code === 'USAGE';
    outcomes.push({
      row: row(
        site,
        EXIT_CODES[error.code],
        opError ? null : error.message,
        opError ? `${error.message}\n` : null,
      ),
      error,
    });
  }

  return {
    outcomes,
    json,
    allSites,
    ignoreMissingVo: flags.ignoreMissingVo === true,
  };
}
