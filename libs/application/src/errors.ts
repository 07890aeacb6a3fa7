/**
 * Application errors. The HTTP layer maps them to status codes; the domain's own errors
 * (invalid transitions, rule violations) become 409.
 */
export class ApplicationError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404: missing, or not visible to this actor (another unit's proposal must not be told apart). */
export class NotFoundError extends ApplicationError {
  constructor(readonly entity: string, readonly id?: string) {
    super(`${entity} not found`, 'not_found');
  }
}

/** 403: the actor's role may not do this at all. */
export class ForbiddenError extends ApplicationError {
  constructor(message = 'Your role may not do this') {
    super(message, 'forbidden');
  }
}

/** 400 naming the field. */
export class InvalidInputError extends ApplicationError {
  constructor(readonly field: string, message: string, code = 'invalid_input') {
    super(`${field}: ${message}`, code);
  }
}

/** 503: a service the request needs is configured but not answering (clamd when DUBAN_CLAMD_URL is set). */
export class ServiceUnavailableError extends ApplicationError {
  constructor(message: string, code = 'service_unavailable') {
    super(message, code);
  }
}

/** 409 for a conflict with existing data (a duplicate number, a pending request). */
export class ConflictError extends ApplicationError {
  constructor(message: string, readonly field?: string) {
    super(message, 'conflict');
  }
}

/** 401 */
export class UnauthenticatedError extends ApplicationError {
  constructor(message = 'Invalid credentials') {
    super(message, 'unauthenticated');
  }
}
