import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tools/summary-reporter.js'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'packages/*/test/**/*.int.test.ts'],
          // The conformance suite has a project per target, so CI prints each target's counts.
          exclude: ['packages/cli/test/conformance/**', '**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The integration tests start real servers; running files one at a time keeps a
          // 2-core machine from timing out while the python client starts.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/*/e2e/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      // One conformance suite, two targets: an emulated sandbox site (always) and a real
      // OpenStack site (tools/openstack-site/ci-up.sh; skipped with a message when not given).
      // They run after the other projects and one after the other, so the real site's daemons
      // never compete with the sandbox tests for the two cores.
      {
        test: {
          name: 'conformance-sandbox',
          include: ['packages/cli/test/conformance/sandbox.int.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'conformance-real',
          include: ['packages/cli/test/conformance/real-site.int.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
