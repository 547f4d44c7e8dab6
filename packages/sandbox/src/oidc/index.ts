export { CLI_CLIENT_ID, createIssuer } from './issuer.js';
export type { Issuer, IssuerOptions, MachineClient } from './issuer.js';
export { SEEDED_USERS, subFor } from './users.js';
export type { SeededUser } from './users.js';
