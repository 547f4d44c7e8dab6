export { testDatabases, type TestDatabase } from './databases.js';
