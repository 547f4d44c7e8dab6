export {
  startSandbox,
  type Sandbox,
  type RunningSite,
  type SandboxFiles,
  type SandboxUser,
} from './sandbox.js';
export {
  DEFAULTS,
  defaultDataDir,
  describeOptionIssues,
  optionsFromEnv,
  type SandboxOptions,
  type SandboxOptionsInput,
} from './options.js';
export { type Appliance } from './appliances/catalogue.js';
export { passwordGrant } from './token-request.js';
export { type Faults, type FaultsPatch } from './site/faults.js';
export { SANDBOX_VOS } from './site/specs.js';
export {
  HUB_ADMIN_CLIENT_ID,
  agentClientId,
  type AgentCredentials,
  type ClientCredentials,
} from './agents.js';
export { SEEDED_USERS, subFor, type SeededUser } from './oidc/index.js';
export {
  seedUsageHistory,
  type SeedHistoryOptions,
  type SeedHistoryResult,
} from './history/seed-history.js';
