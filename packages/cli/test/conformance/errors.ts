import {
  createServer,
  getImage,
  getNetwork,
  getServer,
  request,
  validateToken,
} from '@fedcloud/openstack';
import { describe, expect, it } from 'vitest';
import { bootChoice } from './compute.js';
import { rejection, unknownId } from './context.js';
import type { SuiteInfo, Use } from './parts.js';

/** Error statuses and bodies as each service really sends them, parsed into OpenStackError. */
export function defineErrorTests(use: Use, _info: SuiteInfo): void {
  describe('error bodies', () => {
    it('an unknown server is 404 itemNotFound with Nova’s message', async () => {
      const { client } = await use().session();
      const id = unknownId();
      const error = await rejection(getServer(client, id));
      expect(error).toMatchObject({
        code: 'HTTP_NOT_FOUND',
        status: 404,
        service: 'compute',
        fault: 'itemNotFound',
        body: { itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } },
      });
      expect(error.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
    });

    it('an unknown image is 404 with Glance’s message', async () => {
      const { client } = await use().session();
      const id = unknownId();
      const error = await rejection(getImage(client, id));
      expect(error).toMatchObject({ code: 'HTTP_NOT_FOUND', status: 404, service: 'image' });
      expect(String(error.message)).toContain(`No image found with ID ${id}`);
    });

    it('an unknown network is 404 NetworkNotFound with Neutron’s message', async () => {
      const { client } = await use().session();
      const id = unknownId();
      const error = await rejection(getNetwork(client, id));
      expect(error).toMatchObject({
        code: 'HTTP_NOT_FOUND',
        status: 404,
        service: 'network',
        fault: 'NetworkNotFound',
      });
      expect(String(error.message)).toContain(`Network ${id} could not be found.`);
      expect(error.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
    });

    it('a server request with an unknown flavor is 400 badRequest', async () => {
      const session = await use().session();
      const { image } = await bootChoice(session);
      const error = await rejection(
        createServer(session.client, {
          name: use().name('bad-vm'),
          flavorRef: 'no-such-flavor',
          imageRef: image.id,
          networks: 'none',
        }),
      );
      expect(error).toMatchObject({
        code: 'HTTP_BAD_REQUEST',
        status: 400,
        fault: 'badRequest',
      });
      expect(String(error.message)).toContain('Flavor no-such-flavor could not be found.');
    });

    it('a service refuses an invalid token with 401 in Keystone’s shape', async () => {
      const { client } = await use().session();
      const error = await rejection(
        request(client.transport, {
          url: `${client.endpoint('compute')}/flavors`,
          token: 'gAAAAABnot-a-real-token',
          service: 'compute',
        }),
      );
      expect(error).toMatchObject({
        code: 'HTTP_UNAUTHORIZED',
        status: 401,
        body: {
          error: {
            code: 401,
            title: 'Unauthorized',
            message: 'The request you have made requires authentication.',
          },
        },
      });
    });

    it('Keystone checks policy before existence: another project is 403, known or not', async () => {
      const c = use();
      const { auth, client } = await c.session();
      for (const id of [await c.target.admin.projectId(), unknownId().replaceAll('-', '')]) {
        const error = await rejection(
          request(client.transport, {
            url: `${auth.identityUrl ?? ''}/projects/${id}`,
            token: auth.token,
            service: 'identity',
          }),
        );
        expect(error).toMatchObject({ code: 'HTTP_FORBIDDEN', status: 403, fault: 'Forbidden' });
        expect(String(error.message)).toContain('identity:get_project');
        expect(error.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
      }
    });

    it('Keystone answers 404 for a token it does not know', async () => {
      const { auth, client } = await use().session();
      const error = await rejection(
        validateToken(client.transport, {
          identityUrl: auth.identityUrl ?? '',
          token: auth.token,
          subjectToken: 'gAAAAABnot-a-real-token',
        }),
      );
      expect(error).toMatchObject({ code: 'HTTP_NOT_FOUND', status: 404, fault: 'Not Found' });
    });
  });
}
