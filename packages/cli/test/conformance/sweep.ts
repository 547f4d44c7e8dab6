import {
  deleteFloatingIp,
  deleteImage,
  deleteKeypair,
  deleteSecurityGroup,
  deleteServer,
  deleteVolume,
  listFloatingIps,
  listImages,
  listKeypairs,
  listSecurityGroups,
  listServers,
  listVolumes,
} from '@fedcloud/openstack';
import { VO, waitForServerGone, type Conformance } from './context.js';

const LEFTOVER = /^conformance-/;

/**
 * Deletes what an interrupted earlier run left in alice's project (a real site keeps its state
 * between runs): everything this suite creates is named `conformance-…`.
 */
export async function sweepLeftovers(c: Conformance): Promise<void> {
  const session = await c.session('alice', VO);
  const { client } = session;
  const servers = (await listServers(client)).filter((s) => LEFTOVER.test(s.name ?? ''));
  for (const server of servers) await deleteServer(client, server.id).catch(() => undefined);
  for (const server of servers) await waitForServerGone(session, server.id).catch(() => undefined);
  for (const ip of await listFloatingIps(client)) {
    if (LEFTOVER.test(ip.description ?? '')) await deleteFloatingIp(client, ip.id);
  }
  for (const group of await listSecurityGroups(client)) {
    if (LEFTOVER.test(group.name))
      await deleteSecurityGroup(client, group.id).catch(() => undefined);
  }
  for (const keypair of await listKeypairs(client)) {
    if (LEFTOVER.test(keypair.name)) await deleteKeypair(client, keypair.name);
  }
  for (const image of await listImages(client, { owner: session.projectId })) {
    if (LEFTOVER.test(image.name ?? '')) await deleteImage(client, image.id);
  }
  if (c.target.capabilities.volumes) {
    for (const volume of await listVolumes(client)) {
      if (LEFTOVER.test(volume.name ?? '')) await deleteVolume(client, volume.id);
    }
  }
}
