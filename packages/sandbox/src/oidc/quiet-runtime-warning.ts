/**
 * oidc-provider 9 prints "Unsupported runtime" on import under Node 20, which is the runtime
 * this project pins (CONVENTIONS.md) and on which every use of it here is tested; the line
 * buried every start and test run. It also prints, once, "already parsed request body detected"
 * the first time it is handed a body read before it: public-client-basic.ts does that on purpose
 * for oidc-agent's requests, and the notice would look like a fault in every test that logs in
 * with oidc-agent. Only those two lines are dropped; every other warning passes.
 * Imported by provider.ts before oidc-provider itself, so it is in place when the check runs.
 */
const QUIET = [
  'oidc-provider WARNING: Unsupported runtime.',
  'oidc-provider WARNING: already parsed request body detected',
];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = args[0];
  if (typeof first === 'string' && QUIET.some((line) => first.includes(line))) return;
  warn(...args);
};
