// CloudStack's error vocabulary: the HTTP-level `errorcode` (ApiErrorCode) and the `cserrorcode` that
// names the Java exception class behind it (CSExceptionErrorCode).

export const ErrorCode = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  METHOD_NOT_ALLOWED: 405,
  API_LIMIT_EXCEEDED: 429,
  MALFORMED_PARAMETER: 430,
  PARAM_ERROR: 431,
  UNSUPPORTED_ACTION: 432,
  INTERNAL_ERROR: 530,
  ACCOUNT_ERROR: 531,
  ACCOUNT_RESOURCE_LIMIT: 532,
  INSUFFICIENT_CAPACITY: 533,
  RESOURCE_UNAVAILABLE: 534,
  RESOURCE_ALLOCATION: 535,
  RESOURCE_IN_USE: 536,
} as const;

export const CsErrorCode = {
  /** A ServerApiException raised on its own (parameter processing, unknown command, ...). */
  SERVER_API: 9999,
  CLOUD_RUNTIME: 4250,
  INVALID_PARAMETER_VALUE: 4350,
  PERMISSION_DENIED: 4365,
} as const;

/** An error CloudStack would answer with: `{"<command>response": {uuidList, errorcode, cserrorcode, errortext}}`. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    /** Left out of the body when null, as CloudStack does for authentication failures. */
    readonly csErrorCode: number | null = CsErrorCode.SERVER_API,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What CloudStack answers when an InvalidParameterValueException escapes a command. */
export function invalidParameter(message: string): ApiError {
  return new ApiError(ErrorCode.PARAM_ERROR, message, CsErrorCode.INVALID_PARAMETER_VALUE);
}

/** A ServerApiException raised directly with a code. */
export function serverApiError(code: number, message: string): ApiError {
  return new ApiError(code, message, CsErrorCode.SERVER_API);
}

/** A CloudRuntimeException: an internal error with CloudStack's message. */
export function internalError(message: string): ApiError {
  return new ApiError(ErrorCode.INTERNAL_ERROR, message, CsErrorCode.CLOUD_RUNTIME);
}

export function permissionDenied(message: string): ApiError {
  return new ApiError(ErrorCode.ACCOUNT_ERROR, message, CsErrorCode.PERMISSION_DENIED);
}

const UNAUTHORIZED_TEXT = 'unable to verify user credentials and/or request signature';

export function unauthorized(text = UNAUTHORIZED_TEXT): ApiError {
  return new ApiError(ErrorCode.UNAUTHORIZED, text, null);
}

/** The body CloudStack writes for an error, under the command's response key. */
export function errorBody(responseName: string, error: ApiError): Record<string, unknown> {
  const inner: Record<string, unknown> = { uuidList: [], errorcode: error.errorCode };
  if (error.csErrorCode !== null) inner.cserrorcode = error.csErrorCode;
  inner.errortext = error.message;
  return { [responseName]: inner };
}
