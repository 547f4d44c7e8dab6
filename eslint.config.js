import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // packages/hub/public holds the dashboard's built bundle, linted as its TypeScript sources.
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.sandbox/**',
      'bench/results/**',
      'packages/hub/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // The test configs include both src and test, so one parser project covers every .ts file.
      parserOptions: {
        project: ['./packages/*/tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Requests leave the process through the transports only: there they get the CA bundle,
    // the timeout, the redaction of credentials and the --debug log.
    files: ['packages/*/src/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      // The transports themselves: OpenStack's request path, the SDK's debug-logging
      // dispatcher, and the sandbox's own (a leaf: it cannot use ours).
      'packages/openstack/src/request.ts',
      'packages/openstack/src/transport-fetch.ts',
      'packages/sdk/src/transport.ts',
      'packages/sandbox/src/sandbox.ts',
      // Browser code: the page's fetch is the browser's.
      'packages/dashboard/src/**',
    ],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Use a transport (request() or transportFetch()).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'undici',
              importNames: ['fetch'],
              message: 'Use a transport (request() or transportFetch()).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read JSON response bodies, which are `any` by nature.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', 'vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: false, projectService: false },
      globals: {
        URL: 'readonly',
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        globalThis: 'readonly',
        module: 'writable',
      },
    },
  },
);
