import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { endorsementProblems, parseImageList, type ImageList } from '@fedcloud/sdk/image-list';
import { verifySmime, type TrustAnchors } from '@fedcloud/sdk/smime';
import { ensurePrivateDir, writeFileDurably } from '../accounting/durable-file.js';
import { reasonOf } from '../errors.js';
import type { ImageSubscription } from './config.js';

/** AppDB's largest VO lists are a few hundred kB; anything this big is not an image list. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;
const LIST_TIMEOUT_MS = 60_000;

export type ListOutcome =
  { ok: true; list: ImageList; signerDn: string } | { ok: false; reason: string };

export interface FetchListOptions {
  fetch: typeof fetch;
  trust: TrustAnchors;
  now: Date;
  /** Where the last good (verified and trusted) signed list of each subscription is kept. */
  stateDir: string;
  /** Dry runs write nothing, not even the last good list. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * Fetches a subscription's signed list and decides whether to trust it, as atrope does: the
 * S/MIME signature and the signer's chain to a trusted CA, then the endorser the list names and
 * the subscription expects, then the list's expiry. A list that cannot be fetched or is not
 * trusted is a reason, never an exception: the caller then changes nothing in Glance. A trusted
 * list is kept as it came (`lists/<name>.smime`), so the last good one is at hand.
 */
export async function fetchTrustedList(
  subscription: ImageSubscription,
  options: FetchListOptions,
): Promise<ListOutcome> {
  let body: Buffer;
  try {
    body = await download(subscription, options);
  } catch (error) {
    return {
      ok: false,
      reason: `the list could not be fetched from ${subscription.url}: ${reasonOf(error)}`,
    };
  }
  const verified = await verifySmime(body, options.trust, { now: options.now });
  if (!verified.ok) {
    return {
      ok: false,
      reason: `the list's signature is not accepted (${verified.code}): ${verified.reason}`,
    };
  }
  let list: ImageList;
  try {
    list = parseImageList(verified.content);
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  const problems = endorsementProblems(
    list,
    { dn: verified.signerDn, issuerDn: verified.signerIssuerDn },
    subscription.endorser,
    options.now,
  );
  if (problems.length > 0)
    return { ok: false, reason: `the list is not trusted: ${problems.join('; ')}` };
  if (options.dryRun) return { ok: true, list, signerDn: verified.signerDn };
  const dir = join(options.stateDir, 'lists');
  await ensurePrivateDir(dir);
  await writeFileDurably(dir, `${subscription.name}.smime`, body.toString('utf8'));
  return { ok: true, list, signerDn: verified.signerDn };
}

async function download(
  subscription: ImageSubscription,
  options: FetchListOptions,
): Promise<Buffer> {
  const headers: Record<string, string> = { Accept: 'application/pkcs7-mime, text/plain, */*' };
  if (subscription.tokenFile) {
    const token = await readTokenFile(subscription.tokenFile);
    headers['Authorization'] =
      subscription.tokenAuth === 'basic'
        ? // atrope: requests' auth=(token, 'x-oauth-basic'), as GitHub-style private lists take.
          `Basic ${Buffer.from(`${token}:x-oauth-basic`).toString('base64')}`
        : `Bearer ${token}`;
  }
  const signal = AbortSignal.any([
    AbortSignal.timeout(LIST_TIMEOUT_MS),
    ...(options.signal ? [options.signal] : []),
  ]);
  const response = await options.fetch(subscription.url, { headers, signal, redirect: 'follow' });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > MAX_LIST_BYTES) {
    await response.body?.cancel();
    throw new Error(`it is ${announced} bytes, more than ${MAX_LIST_BYTES}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > MAX_LIST_BYTES) {
      await reader?.cancel();
      throw new Error(`it is more than ${MAX_LIST_BYTES} bytes`);
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

/** A list token, from a file only its owner reads (as ssh keys); never printed. */
async function readTokenFile(path: string): Promise<string> {
  const mode = (await stat(path)).mode;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `token file ${path} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${path}`,
    );
  }
  const token = (await readFile(path, 'utf8')).trim();
  if (token === '') throw new Error(`token file ${path} is empty`);
  return token;
}
