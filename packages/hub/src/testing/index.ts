export { testDatabases, type TestDatabase, type TestDatabaseHandle } from './databases.js';
