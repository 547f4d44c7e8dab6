import { createConnection } from 'node:net';
import { z } from 'zod';
import { FedcloudError } from '../errors.js';
import { expiryOf, readJwt } from './decode.js';
import { OIDC_AGENT_HINT } from './hints.js';
import type { IssuedToken, RenewableSource } from './source.js';

/** oidc-agent may pop up a password prompt to autoload the account, so allow a human's time. */
const DEFAULT_OIDC_AGENT_TIMEOUT_MS = 60_000;
/** An access-token answer is a few KiB; anything far larger is not oidc-agent talking. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface OidcAgentSourceOptions {
  account: string;
  /** OIDC_SOCK; undefined when the variable is unset (oidc-agent not started). */
  socketPath: string | undefined;
  timeoutMs?: number;
}

/** https://indigo-dc.gitbook.io/oidc-agent/api/api-ipc (what liboidcagent sends and reads). */
const responseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    access_token: z.string().min(1),
    issuer: z.string().optional(),
    expires_at: z.number().optional(),
  }),
  z.object({
    status: z.literal('failure'),
    error: z.string().default('unknown error'),
    help: z.string().optional(),
  }),
]);

/**
 * Access tokens from oidc-agent over its UNIX socket: one JSON request, one JSON answer, the
 * protocol liboidcagent speaks (fedcloudclient calls `get_access_token(account,
 * min_valid_period=30, application_hint=…)`). The agent itself refreshes and caches tokens.
 */
export function oidcAgentSource(options: OidcAgentSourceOptions): RenewableSource {
  return {
    kind: 'oidc-agent',
    label: `oidc-agent account "${options.account}" (OIDC_AGENT_ACCOUNT)`,
    async issue(minValidSeconds: number): Promise<IssuedToken> {
      const socketPath = options.socketPath;
      if (!socketPath) {
        throw new FedcloudError(
          'OIDC_AGENT_FAILED',
          `OIDC_AGENT_ACCOUNT is set to "${options.account}" but OIDC_SOCK is not: is oidc-agent running?`,
          { hint: OIDC_AGENT_HINT },
        );
      }
      const request = {
        request: 'access_token',
        account: options.account,
        min_valid_period: Math.max(0, Math.ceil(minValidSeconds)),
        application_hint: 'fedcloud',
      };
      const raw = await exchange(socketPath, JSON.stringify(request), options.timeoutMs);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw agentError('oidc-agent sent an answer that is not JSON', socketPath);
      }
      const parsed = responseSchema.safeParse(json);
      if (!parsed.success) throw agentError('oidc-agent sent an unexpected answer', socketPath);
      const answer = parsed.data;
      if (answer.status === 'failure') throw refusal(options.account, answer, socketPath);
      const expiresAt =
        expiryOf(readJwt(answer.access_token)) ??
        (answer.expires_at === undefined ? undefined : new Date(answer.expires_at * 1000));
      return expiresAt
        ? { accessToken: answer.access_token, expiresAt }
        : { accessToken: answer.access_token };
    },
  };
}

/**
 * The agent's refusals, in words and with the command that fixes them. oidc-agent 4 answers
 * `{"status":"failure","error":"account not loaded"}` for an account it does not hold (with
 * `--no-autoload`, or when autoloading was cancelled) and `"Agent locked"` after `oidc-add -x`;
 * other errors (the issuer refused the refresh token, …) are passed on as the agent words them.
 */
function refusal(
  account: string,
  answer: { error: string; help?: string | undefined },
  socketPath: string,
): FedcloudError {
  const error = answer.error.trim();
  if (/^account not loaded$/i.test(error)) {
    return agentError(`oidc-agent has no account "${account}" loaded`, socketPath, undefined, {
      hint: `Load it with \`oidc-add ${account}\` (\`oidc-add -l\` lists the accounts on this machine; \`oidc-gen ${account}\` creates a new one).`,
    });
  }
  if (/^agent locked$/i.test(error)) {
    return agentError('oidc-agent is locked', socketPath, undefined, {
      hint: 'Unlock it with `oidc-add -X` (it was locked with `oidc-add -x`).',
    });
  }
  const help = answer.help ? ` (${answer.help})` : '';
  return agentError(`oidc-agent refused a token for "${account}": ${error}${help}`, socketPath);
}

function agentError(
  message: string,
  socketPath: string,
  cause?: unknown,
  { hint = OIDC_AGENT_HINT }: { hint?: string } = {},
): FedcloudError {
  return new FedcloudError('OIDC_AGENT_FAILED', message, {
    hint,
    details: { socket: socketPath },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Sends one request and reads the answer. liboidcagent stops reading at a short chunk, which can
 * cut a long answer; we read until the text parses as JSON or the agent closes the connection.
 */
function exchange(
  socketPath: string,
  request: string,
  timeoutMs = DEFAULT_OIDC_AGENT_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: FedcloudError | undefined, text?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(text ?? '');
    };
    const timer = setTimeout(() => {
      finish(
        agentError(
          `oidc-agent did not answer within ${Math.round(timeoutMs / 1000)} s`,
          socketPath,
        ),
      );
    }, timeoutMs);

    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        finish(agentError('oidc-agent sent an oversized answer', socketPath));
        return;
      }
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      if (isCompleteJson(text)) finish(undefined, text);
    });
    socket.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // ENOENT: no agent ever started there (or OIDC_SOCK is from another session);
      // ECONNREFUSED: the socket file outlived its agent (killed, or the machine rebooted).
      const reason =
        error.code === 'ENOENT'
          ? `oidc-agent is not running: no socket at ${socketPath} (OIDC_SOCK)`
          : error.code === 'ECONNREFUSED'
            ? `oidc-agent is not running: nothing answers at ${socketPath} (OIDC_SOCK; the agent has stopped)`
            : `talking to oidc-agent at ${socketPath} failed: ${error.message}`;
      finish(agentError(reason, socketPath, error));
    });
  });
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
