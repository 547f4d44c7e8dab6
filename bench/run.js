// npm run bench [-- sandbox|federation|cli|hub|accounting|images]: every figure is reported
// against a baseline measured in the same run, on the same machine.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const suites = {
  sandbox: 'sandbox-start.js',
  federation: 'federation-start.js',
  cli: 'cli.js',
  hub: 'hub.js',
  accounting: 'accounting.js',
  images: 'images.js',
};
const wanted = process.argv.slice(2).filter((name) => name in suites);
// --name=value settings go on to the suites (bench/accounting.js and bench/images.js read them).
const settings = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  execFileSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(new URL(suites[name], import.meta.url)), ...settings],
    { stdio: 'inherit' },
  );
}
