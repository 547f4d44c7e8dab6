// Bundles the CLI (tsc's output in dist/, with its workspace packages and dependencies) into
// dist/bundle/, which bin/fedcloud.js runs. Node 20 has no compile cache: a command used to
// resolve, read and compile ~500 module files (undici, zod, yaml, jose…) on every run, ~20% of
// its CPU. One file per lazily imported command module keeps `--help` from loading the SDK.
// Not minified, so stack traces stay readable as they are; the source maps (chained through
// tsc's own maps back to the .ts files) are used with --debug, or with node --enable-source-maps.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Drops zod's locales, jose's JWE and the like: modules nothing imports.
  treeShaking: true,
  // Bundled CommonJS (undici, yaml, commander) calls require() for node's built-ins.
  banner: {
    js: "import { createRequire as __fedcloudRequire } from 'node:module'; const require = __fedcloudRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
