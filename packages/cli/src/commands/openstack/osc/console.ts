import { getConsoleUrl } from '@fedcloud/openstack';
import { findServer } from './lookup.js';
import { arg, flag, type NativeCommand } from './registry.js';

export const consoleUrlShow: NativeCommand = {
  path: ['console', 'url', 'show'],
  positionals: [1, 1],
  show: true,
  options: {
    novnc: { type: 'boolean' },
    xvpvnc: { type: 'boolean' },
    spice: { type: 'boolean' },
    rdp: { type: 'boolean' },
    serial: { type: 'boolean' },
    mks: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    const server = await findServer(ctx.session.client, arg(positionals, 0), ctx.signal);
    const [protocol, type] = flag(values, 'xvpvnc')
      ? (['vnc', 'xvpvnc'] as const)
      : flag(values, 'spice')
        ? (['spice', 'spice-html5'] as const)
        : flag(values, 'rdp')
          ? (['rdp', 'rdp-html5'] as const)
          : flag(values, 'serial')
            ? (['serial', 'serial'] as const)
            : flag(values, 'mks')
              ? (['mks', 'webmks'] as const)
              : (['vnc', 'novnc'] as const);
    const url = await getConsoleUrl(ctx.session.client, server.id, {
      protocol,
      type,
      signal: ctx.signal,
    });
    return { kind: 'show', columns: ['protocol', 'type', 'url'], values: [protocol, type, url] };
  },
};
