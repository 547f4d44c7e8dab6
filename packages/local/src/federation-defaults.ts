/** The hub's port unless told otherwise (FEDCLOUD_SANDBOX_HUB_PORT, --hub-port). */
export const DEFAULT_HUB_PORT = 7400;
/** Seconds between two information cycles of a site's agent (FEDCLOUD_SANDBOX_AGENT_INTERVAL). */
export const DEFAULT_AGENT_INTERVAL_SECONDS = 60;
/** Seconds between two accounting runs of a site's agent (FEDCLOUD_SANDBOX_ACCOUNTING_INTERVAL). */
export const DEFAULT_ACCOUNTING_INTERVAL_SECONDS = 120;
/** Seconds between two image syncs of a site's agent (FEDCLOUD_SANDBOX_IMAGES_INTERVAL). */
export const DEFAULT_IMAGES_INTERVAL_SECONDS = 3600;
