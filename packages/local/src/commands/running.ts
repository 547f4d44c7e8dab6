import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transportFetch } from '@fedcloud/sdk';
import { Agent } from 'undici';

export interface RunningInfo {
  controlUrl: string;
  token: string;
  issuer: string;
  /** Absent in control files of sandboxes older than their Vault. */
  vaultUrl?: string;
  mytokenUrl?: string;
  caFile: string | null;
}

/** Reads what the running sandbox wrote into its data folder; explains how to start one if absent. */
export async function readRunning(dataDir: string): Promise<RunningInfo> {
  try {
    return JSON.parse(await readFile(join(dataDir, 'control.json'), 'utf8')) as RunningInfo;
  } catch {
    throw new Error(
      `no sandbox has run with data folder ${dataDir}. Start one with \`npm start\` (or \`fedcloud-sandbox start\`), or pass --data-dir.`,
    );
  }
}

export async function trustingFetch(caFile: string | null): Promise<typeof fetch> {
  const ca = caFile ? await readFile(caFile, 'utf8') : undefined;
  const dispatcher = new Agent({ connect: ca ? { ca } : {} });
  return transportFetch({ dispatcher });
}

export function notRunning(url: string, error: unknown): Error {
  return new Error(
    `the sandbox does not answer at ${url} (${(error as Error).cause ? String((error as Error & { cause: Error }).cause.message) : String(error)}). Start it with \`npm start\`.`,
  );
}

export async function controlRequest(
  info: RunningInfo,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await transportFetch({})(`${info.controlUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw notRunning(info.controlUrl, error);
  }
  const data = (await response.json()) as { error?: string; sites?: string[] };
  if (!response.ok) {
    throw new Error(
      `${data.error ?? response.statusText}${data.sites ? ` (sites: ${data.sites.join(', ')})` : ''}`,
    );
  }
  return data;
}
