import { z } from 'zod';

/**
 * A Glance v2 image: no wrapper object, custom properties are top-level strings.
 * https://docs.openstack.org/api-ref/image/v2/#show-image
 */
export const imageSchema = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    status: z.string(),
    visibility: z.string().optional(),
    disk_format: z.string().nullish(),
    container_format: z.string().nullish(),
    size: z.number().nullish(),
    virtual_size: z.number().nullish(),
    checksum: z.string().nullish(),
    os_hash_algo: z.string().nullish(),
    os_hash_value: z.string().nullish(),
    min_disk: z.number().optional(),
    min_ram: z.number().optional(),
    owner: z.string().nullish(),
    protected: z.boolean().optional(),
    tags: z.array(z.string()).optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  })
  .loose();

export type Image = z.infer<typeof imageSchema>;

export type ImageMemberStatus = 'pending' | 'accepted' | 'rejected';

/** https://docs.openstack.org/api-ref/image/v2/#show-image-member-details */
export const imageMemberSchema = z
  .object({
    image_id: z.string(),
    member_id: z.string(),
    status: z.string(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    schema: z.string().optional(),
  })
  .loose();

export type ImageMember = z.infer<typeof imageMemberSchema>;
