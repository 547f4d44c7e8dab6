import type { SiteContext } from '../site/context.js';

/** What Nova needs to know about an image to boot from it. */
export interface BootImage {
  id: string;
  name: string;
  status: string;
  minDisk: number;
  minRam: number;
  size: number | null;
  properties: Record<string, unknown>;
}

/** The image if the project may see it (public, community, own, or shared with it), else undefined. */
export function findImageForProject(
  _site: SiteContext,
  _projectId: string,
  _imageId: string,
): BootImage | undefined {
  return undefined;
}
