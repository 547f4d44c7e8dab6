export {
  startFederation,
  DEFAULT_AGENT_INTERVAL_SECONDS,
  DEFAULT_HUB_PORT,
  type Federation,
  type FederationAgent,
  type FederationOptions,
} from './federation.js';
export { startAll, type Started, type StartFlags } from './commands/start.js';
