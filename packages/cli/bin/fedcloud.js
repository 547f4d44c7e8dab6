#!/usr/bin/env node
// Committed so that npm can link the command at install time, before `tsc -b` has built dist/.
// Runs the bundle (scripts/bundle.js) when it was built after the last `tsc -b` of the CLI and
// of the SDK it bundles; otherwise tsc's output, so a rebuild without bundling never runs stale
// code.
import { statSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
const bundled = mtime(new URL('bundle/main.js', dist));
const built = Math.max(
  ...[
    '../dist/.tsbuildinfo',
    '../../sdk/dist/.tsbuildinfo',
    '../../openstack/dist/.tsbuildinfo',
  ].map((path) => mtime(new URL(path, import.meta.url)) || 0),
);
// Source maps cost a parse of the bundle's map at start-up: only when debugging.
if (process.argv.includes('--debug') || process.env.FEDCLOUD_DEBUG)
  process.setSourceMapsEnabled(true);
await import(bundled >= built ? '../dist/bundle/main.js' : '../dist/main.js');
