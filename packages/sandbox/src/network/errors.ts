import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { neutronErrorBody } from '../site/fault-bodies.js';
import { ServiceError } from '../site/service-error.js';

/**
 * A Neutron API fault. Neutron renders every fault (its own exceptions and webob's HTTP errors) as
 * `{"NeutronError": {"type", "message", "detail"}}`, where `type` is the exception class name;
 * clients such as openstacksdk show `message` and some match on `type`.
 * https://docs.openstack.org/api-ref/network/v2/#response-codes (neutron/api/v2/resource.py)
 */
export class NeutronError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'NeutronError';
  }
}

export function neutronErrorResponse(c: Context, error: NeutronError): Response {
  return c.json(neutronErrorBody(error.type, error.message), error.status as ContentfulStatusCode);
}

/** webob.exc.HTTPBadRequest as neutron renders it (invalid input, malformed bodies, bad filters). */
export function badRequest(message: string): NeutronError {
  return new NeutronError(400, 'HTTPBadRequest', message);
}

/** neutron-lib's InvalidInput, raised by attribute validators. */
export function invalidInput(message: string): NeutronError {
  return new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${message}.`);
}

/** oslo.policy refusal; neutron answers 403 only when the caller may see the resource. */
export function policyError(rule: string): NeutronError {
  return new NeutronError(403, 'PolicyNotAuthorized', `rule:${rule} is disallowed by policy`);
}

/** neutron-lib's BadRequest, worded `Bad <resource> request: …` (routers, floating IPs). */
export function badRequestFor(resource: string, message: string): NeutronError {
  return new NeutronError(400, 'BadRequest', `Bad ${resource} request: ${message}.`);
}

export function conflict(type: string, message: string): NeutronError {
  return new NeutronError(409, type, message);
}

/** neutron-lib's OverQuota: `overs` is printed as a Python list. */
export function overQuota(resource: string): NeutronError {
  return new NeutronError(409, 'OverQuota', `Quota exceeded for resources: ['${resource}'].`);
}

// Not-found messages differ per resource in neutron-lib (some lack the final full stop).
export const notFound = {
  network: (id: string) =>
    new NeutronError(404, 'NetworkNotFound', `Network ${id} could not be found.`),
  subnet: (id: string) =>
    new NeutronError(404, 'SubnetNotFound', `Subnet ${id} could not be found.`),
  port: (id: string) => new NeutronError(404, 'PortNotFound', `Port ${id} could not be found.`),
  securityGroup: (id: string) =>
    new NeutronError(404, 'SecurityGroupNotFound', `Security group ${id} does not exist`),
  securityGroupRule: (id: string) =>
    new NeutronError(404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`),
  floatingIp: (id: string) =>
    new NeutronError(404, 'FloatingIPNotFound', `Floating IP ${id} could not be found`),
  router: (id: string) =>
    new NeutronError(404, 'RouterNotFound', `Router ${id} could not be found`),
};

/** The service-to-service form (Nova calling the contract in server-port-store.ts). */
export function toServiceError(error: unknown): unknown {
  if (!(error instanceof NeutronError)) return error;
  const status = error.status === 413 ? 409 : error.status;
  return new ServiceError(status, error.message);
}
