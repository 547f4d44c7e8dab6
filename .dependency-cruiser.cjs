/**
 * The shape of the workspace (SYSTEM.md, CONVENTIONS.md "Arrows"), checked by `npm run lint`:
 * openstack imports no workspace package; sdk imports openstack only; everything else imports
 * sdk and openstack; only the local federation composes the sandbox, the hub and the agent at
 * run time (tests may start a sandbox, or a hub); nobody reaches into another package's files.
 */
const TESTS = '(\\.test\\.ts$|/test/|/e2e/|/testing/)';
const pkg = (name) => `^packages/${name}/`;

/** Runtime code of `from` may not import the listed packages. */
const forbid = (name, from, targets, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: pkg(from), pathNot: TESTS },
  to: { path: `^packages/(${targets.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-reaching-into-packages',
      severity: 'error',
      comment:
        'Another package is used through its name and its package.json exports, never by a relative path into its src/ or dist/.',
      from: { path: '^packages/([^/]+)/' },
      // By name (an exports entry) it is 'aliased-workspace' or 'undetermined'; a path is neither.
      to: {
        path: '^packages/([^/]+)/',
        pathNot: '^packages/$1/',
        dependencyTypesNot: ['aliased-workspace', 'undetermined'],
      },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing (e.g. a deep import a package does not export).',
      from: {},
      to: { couldNotResolve: true },
    },
    forbid(
      'openstack-is-the-bottom',
      'openstack',
      ['sdk', 'hub', 'agent', 'cli', 'dashboard', 'sandbox', 'local'],
      '@fedcloud/openstack imports no workspace package.',
    ),
    forbid(
      'sdk-stands-on-openstack-only',
      'sdk',
      ['hub', 'agent', 'cli', 'dashboard', 'sandbox', 'local'],
      '@fedcloud/sdk imports only @fedcloud/openstack.',
    ),
    forbid(
      'sandbox-is-a-leaf',
      'sandbox',
      ['sdk', 'hub', 'agent', 'cli', 'dashboard', 'local', 'openstack'],
      'The sandbox emulates outside services; it imports none of ours at run time.',
    ),
    forbid(
      'hub-composes-nothing',
      'hub',
      ['sandbox', 'local', 'agent', 'cli'],
      'Only @fedcloud/local composes sandbox, hub and agents; the hub stands on sdk.',
    ),
    forbid(
      'agent-composes-nothing',
      'agent',
      ['sandbox', 'local', 'hub', 'cli'],
      'The agent talks to the hub over HTTP (@fedcloud/sdk/hub) and stands on sdk.',
    ),
    forbid(
      'cli-composes-nothing',
      'cli',
      ['sandbox', 'local', 'hub', 'agent'],
      'The CLI talks to the hub over HTTP and stands on sdk.',
    ),
    forbid(
      'dashboard-reads-the-hub-api-only',
      'dashboard',
      ['sandbox', 'local', 'agent', 'cli', 'sdk', 'openstack'],
      'The dashboard is a page of the hub; it knows the hub API types only.',
    ),
    {
      name: 'tests-use-public-faces',
      severity: 'error',
      comment: 'Tests and benchmarks start other packages through their exports, too.',
      from: { path: '^(bench|tools)/' },
      to: { path: '^packages/', dependencyTypesNot: ['aliased-workspace', 'undetermined'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other have no order to be read or tested in.',
      from: {},
      // Type-only imports (a runner and the parts it runs naming each other's types) are fine.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    // Another package's dist/ is where its exports point: recorded as the arrow, not followed.
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    exclude: { path: '^packages/hub/public/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    tsConfig: { fileName: 'tsconfig.base.json' },
    reporterOptions: {
      archi: { collapsePattern: '^packages/[^/]+' },
      text: { highlightFocused: true },
    },
  },
};
