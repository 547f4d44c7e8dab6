import { deleteServer, serverAction } from '@fedcloud/openstack';
import { findServer } from './lookup.js';
import { flag, type NativeCommand } from './registry.js';
import { waitForDelete, waitForStatus } from './server-wait.js';

export const serverDelete: NativeCommand = {
  path: ['server', 'delete'],
  positionals: [1, Infinity],
  options: { force: { type: 'boolean' } },
  show: true,
  async run(ctx, _values, positionals) {
    for (const key of positionals) {
      const server = await findServer(ctx.session.client, key, ctx.signal);
      await deleteServer(ctx.session.client, server.id, { signal: ctx.signal });
      if (ctx.wait) await waitForDelete(ctx, server.id);
    }
    return { kind: 'none' };
  },
};

export function actionCommand(
  action: 'start' | 'stop' | 'reboot',
  wanted: string,
  options: NativeCommand['options'] = {},
): NativeCommand {
  return {
    path: ['server', action],
    positionals: [1, Infinity],
    options,
    show: true,
    async run(ctx, values, positionals) {
      for (const key of positionals) {
        const server = await findServer(ctx.session.client, key, ctx.signal);
        await serverAction(ctx.session.client, server.id, action, {
          signal: ctx.signal,
          ...(action === 'reboot' ? { type: flag(values, 'hard') ? 'HARD' : 'SOFT' } : {}),
        });
        if (ctx.wait) await waitForStatus(ctx, server.id, [wanted]);
      }
      return { kind: 'none' };
    },
  };
}
