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
  type SandboxOptions,
  type SandboxOptionsInput,
} from './options.js';
export { type Faults, type FaultsPatch } from './site/faults.js';
export { SANDBOX_VOS } from './site/specs.js';
