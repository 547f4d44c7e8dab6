import { readFile, writeFile } from 'node:fs/promises';
import { isOpenStackError } from '@fedcloud/openstack';
import {
  fanOut,
  FedcloudError,
  isFedcloudError,
  openSiteSession,
  type FedcloudErrorCode,
  type SiteConfig,
  type SiteSession,
} from '@fedcloud/sdk';
import { EXIT_CODES, EXIT_PARTIAL_FAILURE } from '../../exit-codes.js';
import {
  isAllSites,
  type OidcFlags,
  type OpenstackAuthFlags,
  type SiteFlags,
} from '../../options.js';
import { resolveSites, sessionOptions, type Runtime } from '../../runtime.js';
import { findOpenstackCli, missingCliError, openstackEnv, runOpenstackCli } from './delegate.js';
import { jsonResult, renderOsc } from './osc/format.js';
import { NATIVE_COMMANDS } from './osc/index.js';
import {
  findNative,
  parseInvocation,
  type NativeContext,
  type ParsedInvocation,
} from './osc/registry.js';

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

/** fedcloudclient's code for "this site does not offer the VO" (hidden by -i). */
export const MISSING_VO_CODE = 11;

/** One site's outcome, the `-j` envelope's row. */
export interface SiteRow {
  Site: string;
  VO: string;
  command: string;
  Exception: string | null;
  'Error code': number;
  Result: unknown;
}

interface SiteOutcome {
  row: SiteRow;
  /** Printed on stdout without -j. */
  text: string;
  /** The error behind a failed row (for the exit code). */
  error?: FedcloudError;
}

/** OpenStack, timeout and spawn failures as the CLI's error type, with the right code. */
export function toFedcloudError(error: unknown): FedcloudError {
  if (isFedcloudError(error)) return error;
  if (isOpenStackError(error)) {
    const code: FedcloudErrorCode =
      error.code === 'TIMEOUT' || error.code === 'ABORTED'
        ? 'SITE_TIMEOUT'
        : error.code === 'NETWORK_ERROR'
          ? 'SITE_UNREACHABLE'
          : error.code === 'KEYSTONE_AUTH_FAILED'
            ? 'KEYSTONE_AUTH_FAILED'
            : error.code === 'HTTP_NOT_FOUND'
              ? 'NOT_FOUND'
              : 'OPENSTACK_ERROR';
    const suffix = error.status
      ? ` (HTTP ${error.status})${error.requestId ? ` (Request-ID: ${error.requestId})` : ''}`
      : '';
    return new FedcloudError(code, `${error.message}${suffix}`, { cause: error });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new FedcloudError('SITE_TIMEOUT', error.message, { cause: error });
  }
  return new FedcloudError('INTERNAL', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/** A spinner on a TTY stderr, silence otherwise (scripts read stderr too). */
async function progressReporter(runtime: Runtime): Promise<{
  update: (text: string) => void;
  stop: () => void;
}> {
  if (runtime.ctx.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: runtime.ctx.stderr, text: 'working' });
  return {
    update: (text) => {
      if (!spinner.isSpinning) spinner.start(text);
      else spinner.text = text;
    },
    stop: () => spinner.stop(),
  };
}

/**
 * `fedcloud openstack CMD…`: native commands run in process on a cached Keystone session, the
 * rest through the python client. Returns the process exit code (0, 1 when some sites failed,
 * or the failing site's own code when only one site was asked).
 */
export async function runOpenstack(
  runtime: Runtime,
  flags: OpenstackFlags,
  args: string[],
  settings: RunSettings,
): Promise<number> {
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
        text: '',
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
    return { row: row(site, 0, null, parsed), text: result.stdout };
  };

  const row = (site: SiteConfig, code: number, exception: string | null, result: unknown) => ({
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
    const text = renderOsc(output, invocation.display);
    return {
      row: {
        Site: session.site.name,
        VO: vo,
        command,
        Exception: null,
        'Error code': 0,
        Result: jsonResult(output, invocation.display),
      },
      text,
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
        text: '',
        error: new FedcloudError('VO_NOT_AT_SITE', message.trim()),
      });
      continue;
    }
    if (result.ok && result.value) {
      outcomes.push(result.value);
      continue;
    }
    const error = toFedcloudError(result.error);
    const opError =
      isOpenStackError(error.cause) || error.code === 'NOT_FOUND' || error.code === 'USAGE';
    outcomes.push({
      row: row(
        site,
        EXIT_CODES[error.code],
        opError ? null : error.message,
        opError ? `${error.message}\n` : null,
      ),
      text: '',
      error,
    });
  }

  const { ctx } = runtime;
  if (json) {
    ctx.stdout.write(
      `${JSON.stringify(
        outcomes.map((o) => o.row),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const outcome of outcomes) {
      const { row: r } = outcome;
      ctx.stderr.write(`Site: ${r.Site}, VO: ${r.VO}, command: ${r.command}\n`);
      if (r['Error code'] === 0) {
        ctx.stdout.write(outcome.text);
      } else {
        const message = r.Exception ?? (typeof r.Result === 'string' ? r.Result : '');
        // Python's print("Error code: ", code) on stdout: two spaces, as scripts parse it.
        ctx.stdout.write(`Error code:  ${r['Error code']}\n`);
        ctx.stdout.write(`Error message:  ${message.endsWith('\n') ? message : `${message}\n`}`);
        if (outcome.error?.hint && !allSites) ctx.stderr.write(`${outcome.error.hint}\n`);
      }
    }
  }
  // With -i a VO missing at a site is not a failure, whichever way it was printed.
  const failed = outcomes.filter(
    (o) =>
      o.row['Error code'] !== 0 &&
      !(flags.ignoreMissingVo && o.row['Error code'] === MISSING_VO_CODE),
  );
  if (!failed.length) return 0;
  if (outcomes.length === 1 && failed[0]?.error) {
    const error = failed[0].error;
    if (error.code === 'EXTERNAL_COMMAND_FAILED') return failed[0].row['Error code'];
    return EXIT_CODES[error.code];
  }
  return EXIT_PARTIAL_FAILURE;
}
