/**
 * The mytoken server's error bodies (oidc-mytoken/api v0 apiError.go): `error` and, when there is
 * one, `error_description`.
 */
export interface MytokenError {
  error: string;
  error_description?: string;
}

export function invalidToken(description = ''): MytokenError {
  return description
    ? { error: 'invalid_token', error_description: description }
    : { error: 'invalid_token' };
}

export function invalidRequest(description: string): MytokenError {
  return { error: 'invalid_request', error_description: description };
}

export const UNSUPPORTED_GRANT_TYPE: MytokenError = {
  error: 'invalid_grant',
  error_description: 'Unsupported grant_type',
};

export const INSUFFICIENT_CAPABILITIES: MytokenError = {
  error: 'insufficient_capabilities',
  error_description: 'The provided token does not have the required capability for this operation',
};

export const USAGE_RESTRICTED: MytokenError = {
  error: 'usage_restricted',
  error_description: 'The restrictions of this token does not allow this usage',
};

export const NOT_YET_IMPLEMENTED: MytokenError = { error: 'not_yet_implemented' };

/** An error of the OpenID provider behind the server, passed on as `oidc_error`. */
export function oidcError(error: string, description: string): MytokenError {
  return {
    error: 'oidc_error',
    error_description: description ? `${error}: ${description}` : error,
  };
}
