import { describe, expect, it } from 'vitest';
import { NATIVE_COMMANDS, nativeCommandNames } from './index.js';

describe('native command registry', () => {
  it('names every command --help lists as native, once, after the split into resource files', () => {
    expect(nativeCommandNames()).toEqual([
      'console url show',
      'flavor list',
      'flavor show',
      'floating ip create',
      'floating ip delete',
      'floating ip list',
      'image list',
      'image show',
      'keypair create',
      'keypair delete',
      'keypair list',
      'limits show',
      'network list',
      'network show',
      'quota show',
      'security group create',
      'security group list',
      'security group rule create',
      'server create',
      'server delete',
      'server list',
      'server reboot',
      'server show',
      'server start',
      'server stop',
      'token issue',
      'volume create',
      'volume delete',
      'volume list',
    ]);
    expect(new Set(NATIVE_COMMANDS).size).toBe(29);
  });
});
