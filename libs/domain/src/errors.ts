import type { DeadlineKind } from './deadline-kinds.js';

/**
 * The business rules a request can break (RuleViolationError.rule). Each is also an error code
 * (upper case, e.g. ADJUSTMENT_WINDOW) with its zh-CN message in libs/contracts/src/errors.ts: a
 * rule added here without a message does not compile.
 */
export type BusinessRule =
  /** An act after its window closed (assertBeforeDue): adjustment_window, reply_window… */
  | `${DeadlineKind}_window`
  | 'communication_before_acceptance'
  | 'extension_not_later'
  | 'extension_without_deadline'
  | 'extension_limit'
  | 'feedback_state'
  | 'publication_state'
  | 'publication_without_public_reply'
  | 'already_published'
  | 'urge_settled'
  | 'urge_kind'
  | 'notice_state'
  | 'key_state'
  /** Refusals of the domain's availableActions (actions.ts). */
  | 'already_rated'
  | 'extension_state'
  /** A proposer adds material only before filing review is done (attachments). */
  | 'attachment_state'
  | 'extension_pending'
  /** 联名 (co-signing.ts): an invitation answered already, co-signing closed by filing, too few confirmed to file. */
  | 'co_signing_answered'
  | 'co_signing_closed'
  | 'co_signers_too_few'
  /** The unit's internal flow (sign-off.ts): a reply that needs the leader's 审签 sent without it; a step at the wrong stage. */
  | 'sign_off_required'
  | 'sign_off_stage';

/** The stable codes of the domain's errors (the catalogue of every code: libs/contracts/src/errors.ts). */
export type DomainErrorCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'RULES_INVALID'
  | 'DATE_INVALID'
  | 'HOLIDAY_OVERRIDE_INVALID'
  | 'CALENDAR_EXHAUSTED'
  | 'STAGE_UNKNOWN'
  | 'STAGE_NOT_REPEATING'
  | Uppercase<BusinessRule>;

/**
 * What an error's message is made of, raw (field names, state and action codes): the zh-CN
 * catalogue puts it into words.
 */
export interface ErrorParams {
  /** The form or API field at fault, e.g. 'sessionId'. */
  field?: string;
  /** The entity whose state refuses, and that state and the action refused. */
  entity?: TransitionEntity;
  state?: string;
  action?: string;
  /** A unit's name and the role it has (an adjustment's refusal). */
  unit?: string | null;
  role?: string;
  /** The problem in the words of the code that found it (shown when the code has no better words). */
  detail?: string;
}

/**
 * Domain errors. They carry a machine `code` of their class so the HTTP layer can map them
 * (invalid_transition → 409, rule_violation → 422, …) without parsing messages, and a stable
 * `errorCode` naming the very refusal, whose zh-CN message the catalogue holds.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(
    code: string,
    message: string,
    readonly errorCode: DomainErrorCode,
    readonly errorParams: ErrorParams = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export type TransitionEntity = 'proposal' | 'assignment';

/** An action that the current state does not allow (状态不允许该操作). */
export class InvalidTransitionError extends DomainError {
  readonly entity: TransitionEntity;
  readonly current: string;
  readonly action: string;
  /** Set when the state would allow the action but the assignment's role does not. */
  readonly role?: string;

  constructor(entity: TransitionEntity, current: string, action: string, role?: string) {
    const roleHint = role === undefined ? '' : ` (not allowed for role "${role}")`;
    super('invalid_transition', `Cannot ${action}: ${entity} is in state "${current}"${roleHint}`, 'TRANSITION_NOT_ALLOWED', { entity, state: current, action, role });
    this.entity = entity;
    this.current = current;
    this.action = action;
    this.role = role;
  }
}

/**
 * A request that breaks a time rule or another business rule, e.g. an adjustment request
 * after its window (申请调整期限已过) or an extension past 6 months (延期超过6个月).
 */
export class RuleViolationError extends DomainError {
  /** Which rule was broken, e.g. 'adjustment_window' or 'extension_limit'. */
  readonly rule: BusinessRule;

  constructor(rule: BusinessRule, message: string) {
    super('rule_violation', message, rule.toUpperCase() as Uppercase<BusinessRule>);
    this.rule = rule;
  }
}

/** Rules (config/rules.json or a session override) that do not have the expected shape. */
export class InvalidRulesError extends DomainError {
  /** Dotted path of the first bad value, e.g. 'deadlines.reply.length.amount'. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super('invalid_rules', `Invalid time rules at ${path}: ${problem}`, 'RULES_INVALID', { field: path, detail: problem });
    this.path = path;
  }
}

/** A calendar date that is not a real 'YYYY-MM-DD' date. */
export class InvalidDateError extends DomainError {
  constructor(value: unknown) {
    super('invalid_date', `Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`, 'DATE_INVALID', { detail: JSON.stringify(value) });
  }
}
