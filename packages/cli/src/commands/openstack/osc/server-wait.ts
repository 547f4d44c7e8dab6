import { getServer, isOpenStackError } from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import type { NativeContext } from './registry.js';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });

/** Polls every second, as openstackclient's --wait does, until `done` says so or time runs out. */
async function poll(
  ctx: NativeContext,
  what: string,
  step: () => Promise<{ done: boolean; status: string }>,
): Promise<string> {
  const deadline = Date.now() + ctx.waitTimeoutMs;
  for (;;) {
    const { done, status } = await step();
    ctx.progress(`${what}: ${status}`);
    if (done) return status;
    if (Date.now() >= deadline) {
      throw new FedcloudError(
        'SITE_TIMEOUT',
        `Timed out waiting for ${what} (last status ${status})`,
      );
    }
    await sleep(1000, ctx.signal);
  }
}

export async function waitForStatus(
  ctx: NativeContext,
  id: string,
  wanted: string[],
): Promise<void> {
  const status = await poll(ctx, `server ${id}`, async () => {
    const s = await getServer(ctx.session.client, id, { signal: ctx.signal });
    const st = s.status ?? 'UNKNOWN';
    return { done: wanted.includes(st) || st === 'ERROR', status: st };
  });
  if (status === 'ERROR') {
    throw new FedcloudError('OPENSTACK_ERROR', `Error creating server: ${id}`);
  }
}

export async function waitForDelete(ctx: NativeContext, id: string): Promise<void> {
  await poll(ctx, `server ${id}`, async () => {
    try {
      const s = await getServer(ctx.session.client, id, { signal: ctx.signal });
      return { done: false, status: s.status ?? 'UNKNOWN' };
    } catch (error) {
      if (isOpenStackError(error) && error.status === 404) return { done: true, status: 'DELETED' };
      throw error;
    }
  });
}
