// npm run bench [-- sandbox|federation|cli|hub]: every figure is reported against a baseline measured in the
// same run, on the same machine.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const suites = {
  sandbox: 'sandbox-start.js',
  federation: 'federation-start.js',
  cli: 'cli.js',
  hub: 'hub.js',
};
const wanted = process.argv.slice(2).filter((name) => name in suites);
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  execFileSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(new URL(suites[name], import.meta.url))],
    { stdio: 'inherit' },
  );
}
