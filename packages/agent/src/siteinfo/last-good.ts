import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ShareInfo, ShareOutcome } from './types.js';

interface Entry {
  at: string;
  share: ShareInfo;
}

/**
 * Each VO project's share as last read, so a cycle that cannot read a project publishes that
 * reading (marked stale) instead of dropping the VO. Kept in memory, and in `file` when given so
 * a restarted agent still has it: written whole to a temporary file and renamed, so a crash
 * mid-write leaves the previous state, never half of one.
 */
export class LastGoodShares {
  private readonly entries = new Map<string, Entry>();
  private loaded = false;

  constructor(private readonly file?: string) {}

  private static key(vo: string, projectId: string): string {
    return `${vo}\u0000${projectId}`;
  }

  /** The failed outcomes with their last reading, or a stand-in share when there is none. */
  async complete(outcomes: ShareOutcome[]): Promise<ShareOutcome[]> {
    await this.load();
    return outcomes.map((outcome) => {
      if (outcome.ok) return outcome;
      const known = this.entries.get(LastGoodShares.key(outcome.vo, outcome.projectId));
      return {
        ...outcome,
        lastGood: known
          ? { share: known.share, at: known.at }
          : { share: standIn(outcome.vo, outcome.projectId), at: null },
      };
    });
  }

  /** Remembers the shares read this cycle; a file that cannot be written costs only a restart. */
  async remember(outcomes: ShareOutcome[], at: Date): Promise<string | undefined> {
    await this.load();
    let changed = false;
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      const { share } = outcome;
      this.entries.set(LastGoodShares.key(share.vo, share.projectId), {
        at: at.toISOString(),
        share,
      });
      changed = true;
    }
    if (!changed || !this.file) return undefined;
    try {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}.tmp`;
      const body = JSON.stringify({ version: 1, shares: [...this.entries.values()] });
      await writeFile(temporary, body, { mode: 0o600 });
      await rename(temporary, this.file);
      return undefined;
    } catch (error) {
      return `cannot keep the last good shares in ${this.file}: ${(error as Error).message}`;
    }
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.file) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return;
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; shares?: unknown };
      if (parsed.version !== 1 || !Array.isArray(parsed.shares)) return;
      for (const entry of parsed.shares as Entry[]) {
        if (typeof entry?.at !== 'string' || typeof entry.share?.vo !== 'string') continue;
        this.entries.set(LastGoodShares.key(entry.share.vo, entry.share.projectId), entry);
      }
    } catch {
      // A damaged state file is as good as none: the next good reading rewrites it.
    }
  }
}

/** What the agent knows of a project it has never read: the VO and its project id. */
function standIn(vo: string, projectId: string): ShareInfo {
  return {
    vo,
    projectId,
    projectName: null,
    projectDomainName: null,
    imageEndpoint: '',
    images: [],
    flavors: [],
    quotas: {},
    serverStatuses: [],
  };
}
