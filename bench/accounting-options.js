// The accounting benchmarks' settings: `--name=value` on the command line, else the environment
// variable BENCH_ACCOUNTING_NAME (dashes as underscores), else the default, whose type it keeps.
export function option(name, fallback) {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const env = process.env[`BENCH_ACCOUNTING_${name.toUpperCase().replaceAll('-', '_')}`];
  const text = flag ? flag.slice(name.length + 3) : env;
  if (text === undefined || text === '') return fallback;
  if (typeof fallback !== 'number') return text;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number: ${text}`);
  return value;
}
