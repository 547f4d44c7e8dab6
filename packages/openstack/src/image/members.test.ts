import { describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { fakeFetch, json, scopedAuth, type Handler } from '../testing/fake-fetch.js';
import { createImageMember, listImageMembers, updateImageMember } from './members.js';

const GLANCE = 'https://glance.example.org:9292';

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return {
    client: createClient({ transport: { fetch: fake.fetch }, auth: scopedAuth() }),
    calls: fake.calls,
  };
}

/** From https://docs.openstack.org/api-ref/image/v2/#create-image-member */
const MEMBER = {
  created_at: '2013-09-20T19:22:19Z',
  image_id: 'a96be11e-8536-4910-92cb-de50aa19dfe6',
  member_id: '8989447062e04a818baf9e073fd04fa7',
  schema: '/v2/schemas/member',
  status: 'pending',
  updated_at: '2013-09-20T19:25:31Z',
};

describe('image members', () => {
  it('listImageMembers reads members', async () => {
    const { client, calls } = setup(() =>
      json(200, { members: [MEMBER], schema: '/v2/schemas/members' }),
    );
    const members = await listImageMembers(client, MEMBER.image_id);
    expect(members.map((m) => [m.member_id, m.status])).toEqual([[MEMBER.member_id, 'pending']]);
    expect(calls[0]?.url).toBe(`${GLANCE}/v2/images/${MEMBER.image_id}/members`);
  });

  it('createImageMember POSTs {member} and expects 200', async () => {
    const { client, calls } = setup(() => json(200, MEMBER));
    expect((await createImageMember(client, 'i1', MEMBER.member_id)).status).toBe('pending');
    expect(calls[0]?.method).toBe('POST');
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ member: MEMBER.member_id });
  });

  it('updateImageMember PUTs the status at the member', async () => {
    const { client, calls } = setup(() => json(200, { ...MEMBER, status: 'accepted' }));
    expect((await updateImageMember(client, 'i1', 'p 2', 'accepted')).status).toBe('accepted');
    expect(calls[0]?.method).toBe('PUT');
    expect(calls[0]?.url).toBe(`${GLANCE}/v2/images/i1/members/p%202`);
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ status: 'accepted' });
  });

  it('a member already there → HTTP_CONFLICT', async () => {
    const { client } = setup(() =>
      json(409, { conflictingRequest: { code: 409, message: 'Member already exists' } }),
    );
    await expect(createImageMember(client, 'i1', 'p2')).rejects.toMatchObject({
      code: 'HTTP_CONFLICT',
      status: 409,
    });
  });
});
