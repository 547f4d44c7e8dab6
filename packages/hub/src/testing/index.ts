/**
 * @fedcloud/hub/testing: what the hub's tests, the benchmark and other packages' tests use to
 * build a hub around a test database. Not used by the hub itself.
 */
export { fixedTokenVerifier, testClock, testHubContext, type TestClock } from './context.js';
export { testDatabases, type TestDatabase, type TestDatabaseHandle } from './databases.js';
export { adminTestHub, type AdminTestHub } from './admin-hub.js';
export {
  buildGlueDocument,
  defaultFlavors,
  defaultImages,
  type FixtureFlavor,
  type FixtureImage,
  type FixtureOptions,
  type FixtureVo,
} from './glue-document.js';
export { publishDocument } from './publish.js';
export { grantRole, insertSite, type InsertedSite } from './registry-rows.js';
