import { createKeypair, deleteKeypair, listKeypairs } from '@fedcloud/openstack';
import { FedcloudError } from '@fedcloud/sdk';
import { arg, str, type NativeCommand } from './registry.js';
import { nul, rec, showOf } from './show.js';

const keypairList: NativeCommand = {
  path: ['keypair', 'list'],
  positionals: [0, 0],
  options: {},
  async run(ctx) {
    const keypairs = await listKeypairs(ctx.session.client, { signal: ctx.signal });
    return {
      kind: 'list',
      columns: ['Name', 'Fingerprint', 'Type'],
      rows: keypairs.map((k) => [k.name, k.fingerprint ?? '', k.type ?? 'ssh']),
    };
  },
};

const keypairCreate: NativeCommand = {
  path: ['keypair', 'create'],
  positionals: [1, 1],
  show: true,
  options: {
    'public-key': { type: 'string' },
    'private-key': { type: 'string' },
    type: { type: 'string' },
  },
  async run(ctx, values, positionals) {
    const publicKeyFile = str(values, 'public-key');
    const type = str(values, 'type');
    let publicKey: string | undefined;
    if (publicKeyFile) {
      try {
        publicKey = (await ctx.readFile(publicKeyFile)).trim();
      } catch (error) {
        throw new FedcloudError(
          'USAGE',
          `Key file ${publicKeyFile} not found: ${(error as Error).message}`,
        );
      }
    }
    const keypair = await createKeypair(
      ctx.session.client,
      {
        name: arg(positionals, 0),
        ...(publicKey ? { public_key: publicKey } : {}),
        ...(type === 'ssh' || type === 'x509' ? { type } : {}),
      },
      { signal: ctx.signal },
    );
    const privateKeyFile = str(values, 'private-key');
    if (!publicKey && keypair.private_key) {
      if (!privateKeyFile) return { kind: 'text', text: keypair.private_key };
      await ctx.writeFile(privateKeyFile, keypair.private_key);
    }
    const r = rec(keypair);
    return showOf({
      created_at: nul(r.created_at),
      fingerprint: keypair.fingerprint ?? null,
      id: keypair.name,
      is_deleted: nul(r.deleted),
      name: keypair.name,
      type: keypair.type ?? 'ssh',
      user_id: keypair.user_id ?? ctx.session.auth.userId ?? null,
    });
  },
};

const keypairDelete: NativeCommand = {
  path: ['keypair', 'delete'],
  positionals: [1, Infinity],
  show: true,
  options: {},
  async run(ctx, _values, positionals) {
    for (const name of positionals) {
      await deleteKeypair(ctx.session.client, name, { signal: ctx.signal });
    }
    return { kind: 'none' };
  },
};

export const KEYPAIR_COMMANDS: NativeCommand[] = [keypairList, keypairCreate, keypairDelete];
