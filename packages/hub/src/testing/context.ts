import type { TokenVerifier } from '../auth/types.js';
import { createHubContext, type HubConfig, type HubContext } from '../context.js';
import type { HubDatabase } from '../db/database.js';
import { HubError } from '../errors.js';

/**
 * Test doubles for the hub's tests and benchmark: a verifier that knows fixed tokens, a clock
 * the test moves, and a context around a test database.
 */
export function fixedTokenVerifier(
  tokens: Record<string, { subject: string; isClient?: boolean }>,
): TokenVerifier {
  return {
    verify(token) {
      const identity = tokens[token];
      if (!identity) return Promise.reject(new HubError('UNAUTHENTICATED', 'unknown test token'));
      return Promise.resolve({
        subject: identity.subject,
        isClient: identity.isClient ?? false,
        ...(identity.isClient ? { clientId: identity.subject } : {}),
      });
    },
  };
}

export interface TestClock {
  now: () => Date;
  set(value: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2025-06-01T12:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(value) {
      current = new Date(value);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export function testHubContext(
  database: HubDatabase,
  options: {
    verifier?: TokenVerifier;
    now?: () => Date;
    config?: Partial<HubConfig>;
  } = {},
): HubContext {
  return createHubContext({
    database,
    verifier: options.verifier ?? fixedTokenVerifier({}),
    now: options.now ?? (() => new Date()),
    config: {
      publicUrl: 'https://hub.example.org',
      issuerUrl: 'https://issuer.example.org',
      admins: [],
      maxDocumentBytes: 2 * 1024 * 1024,
      ...options.config,
    },
  });
}
