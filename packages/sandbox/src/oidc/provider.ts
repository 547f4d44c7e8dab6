// The one entry to oidc-provider's runtime values: the quiet import must come first.
import './quiet-runtime-warning.js';

export { errors, Provider } from 'oidc-provider';
