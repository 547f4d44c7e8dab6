import type { Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { HubError } from '../errors.js';
import { refuseControlCharacters } from './control-characters.js';

/** zod-openapi's validation hook: a 400 in the hub's error shape naming each bad field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, Env, any, any> = (result) => {
  if (result.success) {
    refuseControlCharacters(result.data, `the request ${result.target}`);
    return;
  }
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new HubError('BAD_REQUEST', `invalid request (${result.target}): ${summary}`, { issues });
};
