import type { ErrorCode, ErrorParams, InputErrorCode, NotFoundCode } from '#contracts';

/**
 * Application errors. The HTTP layer maps them to status codes; the domain's own errors
 * (invalid transitions, rule violations) become 409.
 *
 * Each carries `code`, its class's machine code (not_found, invalid_input…, as the API has always
 * answered), and `errorCode`, the stable code of the very refusal (PROPOSAL_NOT_FOUND,
 * FIELD_REQUIRED…) whose zh-CN message the catalogue holds (libs/contracts/src/errors.ts), with
 * `errorParams`, what that message is made of.
 */
export class ApplicationError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly errorCode: ErrorCode,
    readonly errorParams: ErrorParams = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What may be not found, and the code of each. */
const NOT_FOUND_CODES = {
  proposal: 'PROPOSAL_NOT_FOUND',
  assignment: 'ASSIGNMENT_NOT_FOUND',
  session: 'SESSION_NOT_FOUND',
  unit: 'UNIT_NOT_FOUND',
  proposer: 'PROPOSER_NOT_FOUND',
  user: 'USER_NOT_FOUND',
  reply: 'REPLY_NOT_FOUND',
  'supervision notice': 'SUPERVISION_NOTICE_NOT_FOUND',
  'adjustment request': 'ADJUSTMENT_REQUEST_NOT_FOUND',
  'extension request': 'EXTENSION_REQUEST_NOT_FOUND',
  import: 'IMPORT_NOT_FOUND',
  notification: 'NOTIFICATION_NOT_FOUND',
  message: 'MESSAGE_NOT_FOUND',
  attachment: 'ATTACHMENT_NOT_FOUND',
  draft: 'DRAFT_NOT_FOUND',
  'attachment owner': 'ITEM_NOT_FOUND',
  communication: 'ITEM_NOT_FOUND',
  'feedback link': 'FEEDBACK_LINK_INVALID',
  'co-signing invitation': 'CO_SIGNING_NOT_FOUND',
  'co-signing link': 'CO_SIGNING_LINK_INVALID',
  item: 'ITEM_NOT_FOUND',
} as const satisfies Record<string, NotFoundCode>;

export type NotFoundEntity = keyof typeof NOT_FOUND_CODES;

/** 404: missing, or not visible to this actor (another unit's proposal must not be told apart). */
export class NotFoundError extends ApplicationError {
  constructor(readonly entity: NotFoundEntity, readonly id?: string) {
    super(`${entity} not found`, 'not_found', NOT_FOUND_CODES[entity]);
  }
}

/** 403: the actor's role may not do this at all (or only someone else may: the lead proposer, the committee). */
export class ForbiddenError extends ApplicationError {
  constructor(message = 'Your role may not do this', errorCode: 'ROLE_NOT_ALLOWED' | 'OWN_NAME_ONLY' | 'COMMITTEE_FIELDS_ONLY' | 'LEAD_PROPOSER_ONLY' | 'UNIT_POST_NOT_ALLOWED' | 'NOT_THE_OFFICER' = 'ROLE_NOT_ALLOWED', params: ErrorParams = {}) {
    super(message, 'forbidden', errorCode, params);
  }
}

/** The codes of a 400 naming the field (the catalogue's). */
export type { InputErrorCode } from '#contracts';

/**
 * 400 naming the field. `message` is the English problem ('is required', 'no such session'); the
 * code says it in Chinese (FIELD_REQUIRED…); FIELD_INVALID, the default, quotes the problem.
 */
export class InvalidInputError extends ApplicationError {
  constructor(readonly field: string, message: string, errorCode: InputErrorCode = 'FIELD_INVALID', params: ErrorParams = {}, code = 'invalid_input') {
    super(`${field}: ${message}`, code, errorCode, { field, detail: message, ...params });
  }
}

/** 503: a service the request needs is configured but not answering (clamd when DUBAN_CLAMD_URL is set). */
export class ServiceUnavailableError extends ApplicationError {
  constructor(message: string, code = 'service_unavailable', errorCode: 'SERVICE_UNAVAILABLE' | 'SCAN_UNAVAILABLE' = 'SERVICE_UNAVAILABLE') {
    super(message, code, errorCode);
  }
}

/** The codes of a 409 for a conflict with existing data. */
export type ConflictCode =
  | 'CONFLICT'
  | 'CHANGED_BY_SOMEONE_ELSE'
  | 'DUPLICATE_RECORD'
  | 'PROPOSAL_NUMBER_USED'
  | 'PUBLICATION_INDEX_USED'
  | 'ALREADY_RATED'
  | 'ALREADY_PUBLISHED'
  | 'EXTENSION_ALREADY_PENDING'
  | 'REQUEST_ALREADY_DECIDED'
  | 'NOTICE_NOT_OPEN'
  | 'RULES_VERSION_STALE'
  | 'RESEND_ONLY_DEAD'
  | 'CO_SIGNER_ALREADY_INVITED';

/** 409 for a conflict with existing data (a duplicate number, a pending request). */
export class ConflictError extends ApplicationError {
  constructor(message: string, readonly field?: string, errorCode: ConflictCode = 'CONFLICT') {
    super(message, 'conflict', errorCode, { field, detail: message });
  }
}

/** 401 */
export class UnauthenticatedError extends ApplicationError {
  constructor(message = 'Invalid credentials') {
    super(message, 'unauthenticated', 'WRONG_CREDENTIALS');
  }
}
