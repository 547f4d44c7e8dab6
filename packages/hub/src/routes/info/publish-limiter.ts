/**
 * At most `perMinute` publications per (publisher, site) in any 60 s window, so one agent in a
 * loop (or a stolen agent token) cannot flood the history or the database. Per hub process: with
 * several replicas the bound is per replica, which still caps a runaway agent.
 */
export class PublishLimiter {
  private static readonly WINDOW_MS = 60_000;
  private readonly accepted = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Counts the publication and returns 0, or returns the seconds to wait (nothing counted). */
  admit(publisher: string, site: string, nowMs: number): number {
    const key = `${publisher}\u0000${site}`;
    const since = nowMs - PublishLimiter.WINDOW_MS;
    const stamps = (this.accepted.get(key) ?? []).filter((t) => t > since);
    if (stamps.length >= this.perMinute) {
      this.accepted.set(key, stamps);
      return Math.max(1, Math.ceil((stamps[0]! + PublishLimiter.WINDOW_MS - nowMs) / 1000));
    }
    stamps.push(nowMs);
    this.accepted.set(key, stamps);
    return 0;
  }
}
