/** EGI's secret store (HashiCorp Vault) as fedcloudclient uses it, and its value encryption. */
export { DEFAULT_VAULT_URL, resolveVaultUrl, type VaultConnection } from './connection.js';
export { fernetDecrypt, fernetEncrypt, InvalidFernetToken } from './fernet.js';
export {
  checkLocker,
  createLocker,
  openSecretStore,
  revokeLocker,
  secretOwner,
  type LockerRequest,
  type SecretStore,
  type SecretStoreAccess,
} from './secret-store.js';
export type { VaultAuth } from './token.js';
export {
  SALT_KEY,
  decryptSecretValues,
  deriveFernetKey,
  encryptSecretValues,
} from './value-encryption.js';
