import type { Hono } from 'hono';
import { z } from 'zod';
import type { SiteContext } from '../site/context.js';
import { attachVolume, detachVolume, listServerAttachments } from '../volume/index.js';
import type { ComputeEnv } from './env.js';
import { badRequest, invalidState, notFound } from './errors.js';
import { atLeast } from './microversion.js';
import { parseBody } from './request.js';
import { serverAction } from './server-action-routes.js';
import { createServer } from './server-create-routes.js';
import { listServers } from './server-list-routes.js';
import { checkNotLocked } from './server-model.js';
import { SERVER_KIND, deleteServer, getServer, saveServer } from './server-store.js';
import { attachmentView, interfaceView, plainAddresses, serverView } from './server-view.js';

/** /servers and its sub-resources. https://docs.openstack.org/api-ref/compute/#servers-servers */
export function serverRoutes(app: Hono<ComputeEnv>, site: SiteContext): void {
  app.get('/servers', (c) => listServers(site, c, false));
  app.get('/servers/detail', (c) => listServers(site, c, true));
  app.post('/servers', (c) => createServer(site, c));
  app.get('/servers/:id', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    return c.json({ server: serverView(site, c, server, { show: true }) });
  });
  app.put('/servers/:id', async (c) => {
    const { server: input } = await parseBody(c, updateSchema);
    const server = getServer(site, c, c.req.param('id'));
    if (input.description !== undefined && !atLeast(c, 19)) {
      throw badRequest(
        `Invalid input for field/attribute server. Value: description. Additional properties are not allowed ('description' was unexpected)`,
      );
    }
    if (input.name !== undefined) server.name = input.name.trim();
    if (input.description !== undefined) server.description = input.description;
    if (input.accessIPv4 !== undefined) server.accessIPv4 = input.accessIPv4?.trim() ?? '';
    if (input.accessIPv6 !== undefined) server.accessIPv6 = input.accessIPv6?.trim() ?? '';
    if (input['OS-DCF:diskConfig'] !== undefined) server.diskConfig = input['OS-DCF:diskConfig'];
    if (input.hostname !== undefined && atLeast(c, 90)) server.hostname = input.hostname;
    saveServer(site, server);
    return c.json({ server: serverView(site, c, server, { show: true, reduced: true }) });
  });
  app.delete('/servers/:id', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    checkNotLocked(server, c.var.auth.isAdmin);
    deleteServer(site, server);
    return c.body(null, 204);
  });
  app.post('/servers/:id/action', (c) => serverAction(site, c));

  // Metadata: https://docs.openstack.org/api-ref/compute/#server-metadata-servers-metadata
  app.get('/servers/:id/metadata', (c) =>
    c.json({ metadata: getServer(site, c, c.req.param('id')).metadata }),
  );
  app.put('/servers/:id/metadata', async (c) => {
    const { metadata } = await parseBody(c, metadataSchema);
    const server = getServer(site, c, c.req.param('id'));
    server.metadata = metadata;
    saveServer(site, server);
    return c.json({ metadata: server.metadata });
  });
  app.post('/servers/:id/metadata', async (c) => {
    const { metadata } = await parseBody(c, metadataSchema);
    const server = getServer(site, c, c.req.param('id'));
    server.metadata = { ...server.metadata, ...metadata };
    saveServer(site, server);
    return c.json({ metadata: server.metadata });
  });
  app.get('/servers/:id/metadata/:key', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const key = c.req.param('key');
    const value = server.metadata[key];
    if (value === undefined) throw notFound('Metadata item was not found');
    return c.json({ meta: { [key]: value } });
  });
  app.put('/servers/:id/metadata/:key', async (c) => {
    const { meta } = await parseBody(c, metaItemSchema);
    const key = c.req.param('key');
    const entries = Object.entries(meta);
    if (entries.length !== 1) throw badRequest('Request body contains too many items');
    if (entries[0]![0] !== key) throw badRequest('Request body and URI mismatch');
    const server = getServer(site, c, c.req.param('id'));
    server.metadata[key] = entries[0]![1];
    saveServer(site, server);
    return c.json({ meta });
  });
  app.delete('/servers/:id/metadata/:key', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const key = c.req.param('key');
    if (!(key in server.metadata)) throw notFound('Metadata item was not found');
    delete server.metadata[key];
    saveServer(site, server);
    return c.body(null, 204);
  });

  // Addresses: https://docs.openstack.org/api-ref/compute/#servers-ips-servers-ips
  app.get('/servers/:id/ips', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    return c.json({ addresses: plainAddresses(site, server.id) });
  });
  app.get('/servers/:id/ips/:network', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const network = c.req.param('network');
    const addresses = plainAddresses(site, server.id)[network];
    if (!addresses) throw notFound('Instance is not a member of specified network');
    return c.json({ [network]: addresses });
  });

  // Port interfaces: https://docs.openstack.org/api-ref/compute/#port-interfaces-servers-os-interface
  app.get('/servers/:id/os-interface', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    return c.json({ interfaceAttachments: server.ports.map((p) => interfaceView(site, c, p)) });
  });
  app.get('/servers/:id/os-interface/:port', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const port = server.ports.find((p) => p.portId === c.req.param('port'));
    if (!port) throw notFound(`Port ${c.req.param('port')} is not attached`);
    return c.json({ interfaceAttachment: interfaceView(site, c, port) });
  });

  // Volume attachments: https://docs.openstack.org/api-ref/compute/#servers-with-volume-attachments-servers-os-volume-attachments
  app.get('/servers/:id/os-volume_attachments', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const all = listServerAttachments(site, server.id);
    return c.json({ volumeAttachments: all.map((a) => attachmentView(c, server, a)) });
  });
  app.get('/servers/:id/os-volume_attachments/:volume', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    const volumeId = c.req.param('volume');
    const attachment = listServerAttachments(site, server.id).find((a) => a.volumeId === volumeId);
    if (!attachment) throw notFound(`Volume ${volumeId} is not attached to anything`);
    return c.json({ volumeAttachment: attachmentView(c, server, attachment) });
  });
  app.post('/servers/:id/os-volume_attachments', async (c) => {
    const { volumeAttachment: input } = await parseBody(c, attachSchema);
    const server = getServer(site, c, c.req.param('id'));
    checkNotLocked(server, c.var.auth.isAdmin);
    if (!['active', 'stopped', 'paused', 'suspended'].includes(server.vmState)) {
      throw invalidState('attach_volume', server.id, 'vm_state', server.vmState);
    }
    const attachment = site.store.transaction(() => {
      const made = attachVolume(site, {
        projectId: server.projectId,
        volumeId: input.volumeId,
        serverId: server.id,
        ...(input.device ? { device: input.device } : {}),
      });
      server.volumeFlags[made.volumeId] = atLeast(c, 79)
        ? (input.delete_on_termination ?? false)
        : false;
      site.store.put(SERVER_KIND, server.id, server, site.now());
      return made;
    });
    return c.json({ volumeAttachment: attachmentView(c, server, attachment) });
  });
  app.delete('/servers/:id/os-volume_attachments/:volume', (c) => {
    const server = getServer(site, c, c.req.param('id'));
    checkNotLocked(server, c.var.auth.isAdmin);
    const volumeId = c.req.param('volume');
    if (!listServerAttachments(site, server.id).some((a) => a.volumeId === volumeId)) {
      throw notFound(`Volume ${volumeId} is not attached to anything`);
    }
    detachVolume(site, volumeId, server.id);
    delete server.volumeFlags[volumeId];
    site.store.put(SERVER_KIND, server.id, server, site.now());
    return c.body(null, 202);
  });
}

const updateSchema = z.object({
  server: z.looseObject({
    name: z.string().min(1).max(255).optional(),
    description: z.string().max(255).nullable().optional(),
    accessIPv4: z.string().nullable().optional(),
    accessIPv6: z.string().nullable().optional(),
    'OS-DCF:diskConfig': z.enum(['AUTO', 'MANUAL']).optional(),
    hostname: z.string().min(1).max(63).optional(),
  }),
});

const metaValue = z.string().max(255);
const metadataSchema = z.object({ metadata: z.record(z.string().min(1).max(255), metaValue) });
const metaItemSchema = z.object({ meta: z.record(z.string().min(1).max(255), metaValue) });

const attachSchema = z.object({
  volumeAttachment: z.looseObject({
    volumeId: z.string().min(1),
    device: z.string().nullable().optional(),
    tag: z.string().optional(),
    delete_on_termination: z.boolean().optional(),
  }),
});
