import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { ApplicationError, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthenticatedError } from '#application';
import { DomainError, InvalidDateError, InvalidTransitionError, RuleViolationError } from '#domain';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: string[];
  currentState?: string;
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'too_many_requests',
};

/** Maps errors to the contract's `{statusCode, code, message}`; anything unexpected is a logged 500 without details. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof InvalidTransitionError) return { statusCode: 409, code: e.code, message: e.message, currentState: e.current };
  if (e instanceof RuleViolationError) return { statusCode: 409, code: e.code, message: e.message };
  // A date that is not a calendar day is bad input wherever the domain meets it (the DTOs refuse it first).
  if (e instanceof InvalidDateError) return { statusCode: 400, code: 'validation_failed', message: e.message };
  if (e instanceof DomainError) return { statusCode: 409, code: e.code, message: e.message };
  if (e instanceof InvalidInputError) return { statusCode: 400, code: e.code, message: e.message, fields: [e.field] };
  if (e instanceof NotFoundError) return { statusCode: 404, code: e.code, message: e.message };
  if (e instanceof ForbiddenError) return { statusCode: 403, code: e.code, message: e.message };
  if (e instanceof ConflictError) return { statusCode: 409, code: e.code, message: e.message, ...(e.field ? { fields: [e.field] } : {}) };
  if (e instanceof UnauthenticatedError) return { statusCode: 401, code: e.code, message: e.message };
  if (e instanceof ServiceUnavailableError) return { statusCode: 503, code: e.code, message: e.message };
  if (e instanceof ApplicationError) return { statusCode: 400, code: e.code, message: e.message };
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const res = e.getResponse();
    const body = typeof res === 'object' && res !== null ? (res as Record<string, unknown>) : {};
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? e.message);
    return {
      statusCode: status,
      code: typeof body.code === 'string' ? body.code : (STATUS_CODES[status] ?? 'error'),
      message,
      ...(Array.isArray(body.fields) ? { fields: body.fields as string[] } : {}),
    };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'internal_error', message: 'Internal server error' };
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
