/**
 * Thrown by one emulated service's exported functions when another service calls them (Nova asking
 * Neutron for a port, Glance for an image, Cinder for an attachment). The caller turns it into its
 * own API's error body with the same status, as the real services do over REST.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
