import { CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES } from './image-model.js';

/**
 * JSON schemas served at /v2/schemas/* (https://docs.openstack.org/api-ref/image/v2/#schemas).
 * glanceclient builds its models from them with warlock and validates every image it receives,
 * so nullable attributes must admit null and custom properties must be allowed as strings.
 */
const nullableString = (description: string, maxLength = 255) => ({
  type: ['null', 'string'],
  maxLength,
  description,
});

const imageProperties = {
  id: {
    type: 'string',
    pattern:
      '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
    description: 'An identifier for the image',
  },
  name: nullableString('Descriptive name for the image'),
  status: {
    type: 'string',
    readOnly: true,
    enum: [
      'queued',
      'saving',
      'active',
      'killed',
      'deleted',
      'uploading',
      'importing',
      'pending_delete',
      'deactivated',
    ],
    description: 'Status of the image',
  },
  visibility: {
    type: 'string',
    enum: [...VISIBILITIES],
    description: 'Scope of image accessibility',
  },
  protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
  os_hidden: {
    type: 'boolean',
    description: 'If true, image will not appear in default image list response.',
  },
  checksum: { ...nullableString('md5 hash of image contents.', 32), readOnly: true },
  os_hash_algo: {
    ...nullableString('Algorithm to calculate the os_hash_value', 64),
    readOnly: true,
  },
  os_hash_value: {
    ...nullableString(
      'Hexdigest of the image contents using the algorithm specified by the os_hash_algo',
      128,
    ),
    readOnly: true,
  },
  owner: nullableString('Owner of the image'),
  size: { type: ['null', 'integer'], readOnly: true, description: 'Size of image file in bytes' },
  virtual_size: {
    type: ['null', 'integer'],
    readOnly: true,
    description: 'Virtual size of image in bytes',
  },
  container_format: {
    type: ['null', 'string'],
    enum: [null, ...CONTAINER_FORMATS],
    description: 'Format of the container',
  },
  disk_format: {
    type: ['null', 'string'],
    enum: [null, ...DISK_FORMATS],
    description: 'Format of the disk',
  },
  created_at: {
    type: 'string',
    readOnly: true,
    description: 'Date and time of image registration',
  },
  updated_at: {
    type: 'string',
    readOnly: true,
    description: 'Date and time of the last image modification',
  },
  tags: {
    type: 'array',
    items: { type: 'string', maxLength: 255 },
    description: 'List of strings related to the image',
  },
  direct_url: {
    type: 'string',
    readOnly: true,
    description: 'URL to access the image file kept in external store',
  },
  min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
  min_disk: {
    type: 'integer',
    description: 'Amount of disk space (in GB) required to boot image.',
  },
  self: { type: 'string', readOnly: true, description: 'An image self url' },
  file: { type: 'string', readOnly: true, description: 'An image file url' },
  schema: { type: 'string', readOnly: true, description: 'An image schema url' },
  locations: {
    type: 'array',
    items: {
      type: 'object',
      properties: { url: { type: 'string', maxLength: 255 }, metadata: { type: 'object' } },
      required: ['url', 'metadata'],
    },
    description: 'A set of URLs to access the image file kept in external store',
  },
};

const IMAGE_SCHEMA = {
  name: 'image',
  properties: imageProperties,
  additionalProperties: { type: 'string' },
  links: [
    { rel: 'self', href: '{self}' },
    { rel: 'enclosure', href: '{file}' },
    { rel: 'describedby', href: '{schema}' },
  ],
};

const IMAGES_SCHEMA = {
  name: 'images',
  properties: {
    images: { type: 'array', items: IMAGE_SCHEMA },
    schema: { type: 'string' },
    first: { type: 'string' },
    next: { type: 'string' },
  },
  links: [
    { rel: 'first', href: '{first}' },
    { rel: 'next', href: '{next}' },
    { rel: 'describedby', href: '{schema}' },
  ],
};

const memberProperties = {
  member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
  image_id: { type: 'string', description: 'An identifier for the image' },
  created_at: { type: 'string', description: 'Date and time of image member creation' },
  updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
  status: {
    type: 'string',
    enum: ['pending', 'accepted', 'rejected'],
    description: 'The status of this image member',
  },
  schema: { type: 'string', readOnly: true },
};

const MEMBER_SCHEMA = { name: 'member', properties: memberProperties };

const MEMBERS_SCHEMA = {
  name: 'members',
  properties: {
    members: { type: 'array', items: MEMBER_SCHEMA },
    schema: { type: 'string' },
  },
  links: [{ rel: 'describedby', href: '{schema}' }],
};

export const SCHEMAS: Record<string, unknown> = {
  image: IMAGE_SCHEMA,
  images: IMAGES_SCHEMA,
  member: MEMBER_SCHEMA,
  members: MEMBERS_SCHEMA,
};
