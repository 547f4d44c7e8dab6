import { z } from 'zod';
import { parseResponse } from '../parse.js';
import { catalogSchema, type CatalogEntry } from './catalog.js';

/**
 * The body of `POST /v3/auth/tokens`, `GET /v3/auth/tokens` and the OS-FEDERATION auth call.
 * https://docs.openstack.org/api-ref/identity/v3/#authentication-and-token-management
 */
export const tokenBodySchema = z
  .object({
    token: z
      .object({
        expires_at: z.string(),
        issued_at: z.string().optional(),
        methods: z.array(z.string()).default([]),
        user: z.object({ id: z.string(), name: z.string().optional() }).loose().optional(),
        project: z
          .object({
            id: z.string(),
            name: z.string().optional(),
            domain: z
              .object({ id: z.string().optional(), name: z.string().optional() })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
        roles: z
          .array(z.object({ id: z.string().optional(), name: z.string() }).loose())
          .optional(),
        catalog: catalogSchema.optional(),
      })
      .loose(),
  })
  .loose();

export type TokenBody = z.infer<typeof tokenBodySchema>;

/** What Keystone says about a token, in this package's terms. */
export interface TokenInfo {
  expiresAt: Date;
  issuedAt?: Date;
  methods: string[];
  userId?: string;
  userName?: string;
  projectId?: string;
  projectName?: string;
  projectDomainId?: string;
  projectDomainName?: string;
  roles: string[];
  catalog: CatalogEntry[];
}

export function parseTokenBody(data: unknown): TokenInfo {
  const { token } = parseResponse(tokenBodySchema, data, 'identity', 'token body');
  const info: TokenInfo = {
    expiresAt: new Date(token.expires_at),
    methods: token.methods,
    roles: (token.roles ?? []).map((role) => role.name),
    catalog: token.catalog ?? [],
  };
  if (token.issued_at !== undefined) info.issuedAt = new Date(token.issued_at);
  if (token.user?.id !== undefined) info.userId = token.user.id;
  if (token.user?.name !== undefined) info.userName = token.user.name;
  if (token.project?.id !== undefined) info.projectId = token.project.id;
  if (token.project?.name !== undefined) info.projectName = token.project.name;
  const domain = token.project?.domain;
  if (domain?.id !== undefined) info.projectDomainId = domain.id;
  if (domain?.name !== undefined) info.projectDomainName = domain.name;
  return info;
}
