import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, openHarness } from '../test/harness.js';
import { testDatabases } from './testing/index.js';

interface Operation {
  security?: unknown[];
}

const [sqlite] = testDatabases();

/**
 * Every route that answers an anonymous caller 401 must say so in the OpenAPI document, or
 * generated clients send no token and operators read the route as public.
 */
describe('the OpenAPI document', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(sqlite!);
  });
  afterEach(() => h.close());

  it('declares the security of every route that refuses an anonymous caller', async () => {
    const doc = (await (await h.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const checked: string[] = [];
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const concrete = path.replace(/\{[^}]+\}/g, (name) => (name === '{id}' ? '1' : 'X'));
        const verb = method.toUpperCase();
        const res = await h.request(verb, concrete, verb === 'GET' ? {} : { json: {} });
        if (res.status !== 401) continue;
        checked.push(`${method} ${path}`);
        if (!operation.security?.length) undeclared.push(`${method} ${path}`);
      }
    }
    expect(checked.length).toBeGreaterThan(10);
    expect(checked).toContain('put /api/v1/sites/{site}/info');
    expect(undeclared).toEqual([]);
  });
});
