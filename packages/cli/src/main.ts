import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

// The only place that decides the process's exit status.
try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.stderr);
}
