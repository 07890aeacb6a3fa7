// The `coSigning` section of the rules (联名, domain co-signing.ts), apart so that rules.ts reads it without a cycle.

/** The rules' `coSigning` section. */
export interface CoSigningRules {
  /** A joint proposal (one that invited co-signers) is filed only with at least this many confirmed. 0: no minimum. */
  minConfirmed: number;
  /** How long an invitation's signed link is valid, in days. */
  linkDays: number;
}

export const DEFAULT_CO_SIGNING_RULES: CoSigningRules = { minConfirmed: 0, linkDays: 14 };
