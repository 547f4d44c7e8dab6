import { runCli } from './cli/program.js';
import { processIo } from './cli/io.js';

// The only place that decides the process's exit status.
process.exitCode = await runCli(process.argv.slice(2), processIo());
