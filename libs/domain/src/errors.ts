/**
 * Domain errors. They carry a stable machine `code` so the HTTP layer can map them
 * (invalid_transition → 409, rule_violation → 422, …) without parsing messages.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
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
    super('invalid_transition', `Cannot ${action}: ${entity} is in state "${current}"${roleHint}`);
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
  readonly rule: string;

  constructor(rule: string, message: string) {
    super('rule_violation', message);
    this.rule = rule;
  }
}

/** Rules (config/rules.json or a session override) that do not have the expected shape. */
export class InvalidRulesError extends DomainError {
  /** Dotted path of the first bad value, e.g. 'deadlines.reply.length.amount'. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super('invalid_rules', `Invalid time rules at ${path}: ${problem}`);
    this.path = path;
  }
}

/** A calendar date that is not a real 'YYYY-MM-DD' date. */
export class InvalidDateError extends DomainError {
  constructor(value: unknown) {
    super('invalid_date', `Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
}
