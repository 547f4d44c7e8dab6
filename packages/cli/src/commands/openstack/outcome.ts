import type { FedcloudError } from '@fedcloud/sdk';
import type { DisplayOptions, OscOutput } from './osc/format.js';

/** fedcloudclient's code for "this site does not offer the VO" (hidden by -i). */
export const MISSING_VO_CODE = 11;

/** One site's outcome, the `-j` envelope's row. */
export interface SiteRow {
  Site: string;
  VO: string;
  command: string;
  Exception: string | null;
  'Error code': number;
  Result: unknown;
}

/** What a site that answered prints without -j: a native command's table, or the client's stdout. */
export type SitePrint = { output: OscOutput; display: DisplayOptions } | { text: string };

export interface SiteOutcome {
  row: SiteRow;
  /** Only for a row whose error code is 0. */
  print?: SitePrint;
  /** The error behind a failed row (its hint, the exit status). */
  error?: FedcloudError;
}

/** What `fedcloud openstack` found, site by site, before anything is printed. */
export interface OpenstackRun {
  outcomes: SiteOutcome[];
  /** -j: one JSON array of rows instead of each site's output. */
  json: boolean;
  /** ALL_SITES: hints are left out, they would repeat for every site. */
  allSites: boolean;
  /** -i: a VO missing at a site is not a failure. */
  ignoreMissingVo: boolean;
}
