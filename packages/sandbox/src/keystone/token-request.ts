import { z } from 'zod';

// The body of POST /v3/auth/tokens, after keystone/auth/schema.py: loose objects, since Keystone
// ignores keys it does not know. Per-method payloads are checked by the methods themselves.
// https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-scoped-authorization

const ref = z.looseObject({ id: z.string().optional(), name: z.string().optional() });

const userRef = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  domain: ref.optional(),
  password: z.string().optional(),
});

const projectRef = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  domain: ref.optional(),
});

export const authRequestSchema = z.looseObject({
  auth: z.looseObject({
    identity: z.looseObject({
      methods: z.array(z.string()),
      password: z.looseObject({ user: userRef }).optional(),
      token: z.looseObject({ id: z.string() }).optional(),
    }),
    scope: z
      .union([
        z.literal('unscoped'),
        z.looseObject({
          project: projectRef.optional(),
          domain: ref.optional(),
          system: z.looseObject({ all: z.boolean().optional() }).optional(),
          'OS-TRUST:trust': z.unknown().optional(),
        }),
      ])
      .optional(),
  }),
});

export type AuthRequest = z.infer<typeof authRequestSchema>;
export type ProjectScopeRef = z.infer<typeof projectRef>;
export type UserRef = z.infer<typeof userRef>;

/**
 * Keystone's SchemaValidationError text (jsonschema wording): "'x' is a required property" or
 * "Invalid input for field 'a/b': …". Values are never echoed: they may be passwords.
 */
export function schemaMessage(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  const path = issue.path.map(String);
  let detail: string;
  let at = path;
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    at = path.slice(0, -1);
    detail = `'${path.at(-1) ?? ''}' is a required property`;
  } else if (issue.code === 'invalid_type') {
    detail = `value is not of type '${jsonType(issue.expected)}'`;
  } else {
    detail = 'value is not valid under any of the given schemas';
  }
  return at.length > 0 ? `Invalid input for field '${at.join('/')}': ${detail}` : detail;
}

function valueAt(input: unknown, path: string[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function jsonType(expected: string): string {
  return expected === 'record' ? 'object' : expected;
}
