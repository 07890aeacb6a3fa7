import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApplicationError, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthenticatedError } from '#kernel';
import { ERROR_CODES, ERROR_MESSAGES, errorCodeOfStatus, errorMessageZh, type ErrorCode, type ErrorParams } from '#contracts';
import { DomainError, InvalidDateError, InvalidTransitionError, RuleViolationError } from '#domain';

/**
 * The API's error body. `code` is the class of the refusal (invalid_input, not_found,
 * invalid_transition…); `errorCode` the stable code of the refusal itself (FIELD_REQUIRED,
 * PROPOSAL_NOT_FOUND, TRANSITION_NOT_ALLOWED…) and `messageZh` its zh-CN message, from the one
 * catalogue the UI shows too (libs/contracts/src/errors.ts). `message` is English, for logs.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  errorCode: ErrorCode;
  message: string;
  messageZh: string;
  fields?: string[];
  currentState?: string;
}

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** ErrorBody in the OpenAPI document (components.schemas.ErrorBody), the codes listed. */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'errorCode', 'message', 'messageZh'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    code: { type: 'string', description: 'the class of the refusal: validation_failed, invalid_input, not_found, forbidden, conflict, invalid_transition, rule_violation…', example: 'invalid_transition' },
    errorCode: { type: 'string', enum: [...ERROR_CODES], description: 'the stable code of the refusal (docs/design.md, "Error codes")', example: 'TRANSITION_NOT_ALLOWED' },
    message: { type: 'string', description: 'English, for people and logs; may change', example: 'Cannot assign: proposal is in state "submitted"' },
    messageZh: { type: 'string', description: 'the zh-CN message of errorCode, as the UI shows it', example: '提案当前为「待审查」，不能交办。' },
    fields: { type: 'array', items: { type: 'string' }, description: 'the fields at fault (400, some 409)' },
    currentState: { type: 'string', description: 'the state that refused a transition (409 TRANSITION_NOT_ALLOWED)' },
  },
};

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'too_many_requests',
};

/** The HTTP layer's own refusals (its `code`s) and their catalogue codes. */
const HTTP_LAYER_CODES: Record<string, ErrorCode> = {
  validation_failed: 'VALIDATION_FAILED', csrf_invalid: 'CSRF_INVALID', payload_too_large: 'PAYLOAD_TOO_LARGE',
  unsupported_media_type: 'UNSUPPORTED_MEDIA_TYPE', too_many_requests: 'TOO_MANY_REQUESTS', unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN', not_found: 'NOT_FOUND', bad_request: 'BAD_REQUEST', internal_error: 'INTERNAL_ERROR',
};

const isErrorCode = (x: unknown): x is ErrorCode => typeof x === 'string' && Object.hasOwn(ERROR_MESSAGES, x);

/**
 * An error body for a refusal made outside a use case (the HTTP layer's own, written directly to
 * the response): `code` as always, `errorCode` and `messageZh` from the catalogue.
 */
export function httpErrorBody(statusCode: number, code: string, message: string, extra: { fields?: string[]; errorCode?: ErrorCode } = {}): ErrorBody {
  const errorCode = extra.errorCode ?? HTTP_LAYER_CODES[code] ?? errorCodeOfStatus(statusCode);
  return { statusCode, code, errorCode, message, messageZh: errorMessageZh(errorCode), ...(extra.fields ? { fields: extra.fields } : {}) };
}

function known(statusCode: number, e: DomainError | ApplicationError, extra: Partial<ErrorBody> = {}, code: string = e.code): ErrorBody {
  const params: ErrorParams = e.errorParams;
  return { statusCode, code, errorCode: e.errorCode, message: e.message, messageZh: errorMessageZh(e.errorCode, params), ...extra };
}

/** Maps errors to the contract's `{statusCode, code, errorCode, message, messageZh}`; anything unexpected is a logged 500 without details. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof InvalidTransitionError) return known(409, e, { currentState: e.current });
  if (e instanceof RuleViolationError) return known(409, e);
  // A date that is not a calendar day is bad input wherever the domain meets it (the DTOs refuse it first).
  if (e instanceof InvalidDateError) return known(400, e, {}, 'validation_failed');
  if (e instanceof DomainError) return known(409, e);
  if (e instanceof InvalidInputError) return known(400, e, { fields: [e.field] });
  if (e instanceof NotFoundError) return known(404, e);
  if (e instanceof ForbiddenError) return known(403, e);
  if (e instanceof ConflictError) return known(409, e, e.field ? { fields: [e.field] } : {});
  if (e instanceof UnauthenticatedError) return known(401, e);
  if (e instanceof ServiceUnavailableError) return known(503, e);
  if (e instanceof ApplicationError) return known(400, e);
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const res = e.getResponse();
    const body = typeof res === 'object' && res !== null ? (res as Record<string, unknown>) : {};
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? e.message);
    return httpErrorBody(status, typeof body.code === 'string' ? body.code : (STATUS_CODES[status] ?? 'error'), message, {
      ...(Array.isArray(body.fields) ? { fields: body.fields as string[] } : {}),
      ...(isErrorCode(body.errorCode) ? { errorCode: body.errorCode } : {}),
    });
  }
  return httpErrorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', 'Internal server error');
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(e: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(e);
    if (body.statusCode >= 500) this.logger.error(e instanceof Error ? e.stack : String(e));
    const res = host.switchToHttp().getResponse();
    res.status(body.statusCode).json(body);
  }
}
