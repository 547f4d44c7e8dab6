import { CRASH_ENV, crashHookAmong } from '../accounting/crash-points.js';

/**
 * Where a test may kill the image sync with SIGKILL, to prove a rerun converges:
 * - `image-created`: the Glance image exists (queued, with its properties), no byte sent yet;
 * - `image-half`: half of an image's bytes are on their way into Glance.
 */
const CRASH_POINTS = ['image-created', 'image-half'] as const;
type ImageCrashPoint = (typeof CRASH_POINTS)[number];

export type ImageCrashHook = (point: ImageCrashPoint) => void;

/** The accounting's variable, with this command's points: `<point>` or `<point>:<n>`. */
export const IMAGE_CRASH_ENV = CRASH_ENV;

/** kill -9 of this process at the named point (nothing runs after it, as in a power cut). */
export function imageCrashHookFromEnv(value: string | undefined): ImageCrashHook | undefined {
  return crashHookAmong(CRASH_POINTS, value);
}
