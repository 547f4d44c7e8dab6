import { VERSION } from './version.js';

// `fedcloud --version` is what scripts and shells call most: answer before loading anything.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${VERSION}\n`);
} else {
  const [{ buildProgram }, { reportError }] = await Promise.all([
    import('./program.js'),
    import('./report-error.js'),
  ]);
  // The only place that decides the process's exit status.
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportError(error, process.stderr);
  }
}
