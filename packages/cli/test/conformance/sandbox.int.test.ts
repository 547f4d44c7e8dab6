import { defineConformanceSuite } from './suite.js';
import { sandboxTarget } from './sandbox-target.js';

// The conformance suite against an emulated site of the sandbox; runs in every `npm test`.
defineConformanceSuite(sandboxTarget());
