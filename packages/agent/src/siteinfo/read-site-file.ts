import { readFile } from 'node:fs/promises';
import { isFedcloudError, parseSiteYaml, type SiteConfig } from '@fedcloud/sdk';
import { AgentError } from '../errors.js';

/** Reads and validates the site file; called at every cycle so the operator's edits apply. */
export async function readSiteFile(path: string): Promise<SiteConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AgentError('SITE_FILE_INVALID', `cannot read site file ${path} (${reason})`, {
      cause: error,
    });
  }
  try {
    return parseSiteYaml(text, path);
  } catch (error) {
    if (isFedcloudError(error)) {
      throw new AgentError('SITE_FILE_INVALID', error.message, { cause: error });
    }
    throw error;
  }
}
