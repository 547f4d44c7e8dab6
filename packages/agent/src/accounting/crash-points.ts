/**
 * Where a test may kill the agent with SIGKILL to prove a crash loses nothing:
 * - `after-extract`: a project's records are built, nothing of them is written yet;
 * - `spool-write`: half of a spool file is written (before its fsync and rename);
 * - `after-spool`: a project's messages are durable, its last-run mark not yet moved;
 * - `ssm-write`: half of an SSM queue file is written;
 * - `send`: the hub answered 2xx for a batch, whose spool file is not yet removed.
 */
const CRASH_POINTS = ['after-extract', 'spool-write', 'after-spool', 'ssm-write', 'send'] as const;
type CrashPoint = (typeof CRASH_POINTS)[number];

export type CrashHook = (point: CrashPoint) => void;

/** The environment variable: `<point>` or `<point>:<n>` (the n-th time it is reached, default 1). */
export const CRASH_ENV = 'FEDCLOUD_AGENT_CRASH_AT';

/**
 * The hook `FEDCLOUD_AGENT_CRASH_AT` asks for: kill -9 of this very process at the named point,
 * so nothing (no finally, no exit handler) runs after it, as in a power cut. None without it.
 */
export function crashHookFromEnv(value: string | undefined): CrashHook | undefined {
  return crashHookAmong(CRASH_POINTS, value);
}

/** The same for any command's own points (the image sync's): one reading of the variable. */
export function crashHookAmong<P extends string>(
  points: readonly P[],
  value: string | undefined,
): ((point: P) => void) | undefined {
  if (!value) return undefined;
  const [point, nth] = value.split(':');
  if (!points.includes(point as P)) return undefined;
  const at = nth === undefined ? 1 : Number(nth);
  let seen = 0;
  return (reached) => {
    if (reached !== point) return;
    seen += 1;
    if (seen === at) process.kill(process.pid, 'SIGKILL');
  };
}
