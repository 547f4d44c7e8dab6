/**
 * Where a test may kill the image sync with SIGKILL, to prove a rerun converges:
 * - `image-created`: the Glance image exists (queued, with its properties), no byte sent yet;
 * - `image-half`: half of an image's bytes are on their way into Glance.
 */
const CRASH_POINTS = ['image-created', 'image-half'] as const;
type ImageCrashPoint = (typeof CRASH_POINTS)[number];

export type ImageCrashHook = (point: ImageCrashPoint) => void;

/** The accounting's variable, with this command's points: `<point>` or `<point>:<n>`. */
export const IMAGE_CRASH_ENV = 'FEDCLOUD_AGENT_CRASH_AT';

/** kill -9 of this process at the named point (nothing runs after it, as in a power cut). */
export function imageCrashHookFromEnv(value: string | undefined): ImageCrashHook | undefined {
  if (!value) return undefined;
  const [point, nth] = value.split(':');
  if (!CRASH_POINTS.includes(point as ImageCrashPoint)) return undefined;
  const at = nth === undefined ? 1 : Number(nth);
  let seen = 0;
  return (reached) => {
    if (reached !== point) return;
    seen += 1;
    if (seen === at) process.kill(process.pid, 'SIGKILL');
  };
}
