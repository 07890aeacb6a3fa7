import { ApplicationError, NotFoundError } from '#kernel';
import { LinkSigner } from './link-signer.js';

/** What a feedback link lets its holder do: rate one round of one proposal's replies, as its lead proposer. */
export interface FeedbackLinkClaims {
  proposalId: string;
  proposerId: string;
  round: number;
}

/** The link is malformed, forged or not a feedback link (HTTP 404). */
export class FeedbackLinkInvalidError extends NotFoundError {
  constructor() {
    super('feedback link');
  }
}

/** The link was genuine but its time is over, or a later round replaced it (HTTP 410). */
export class FeedbackLinkExpiredError extends ApplicationError {
  constructor(message = 'This feedback link has expired') {
    super(message, 'link_expired', 'FEEDBACK_LINK_EXPIRED');
  }
}

const PURPOSE = 'duban:feedback';

/**
 * The signed link in the reply email (回执链接) that lets the lead proposer rate the reply without an
 * account. It is a JWT carrying (proposal, proposer, round) and a purpose claim, signed with a key
 * derived from its own secret, DUBAN_FEEDBACK_LINK_SECRET (`DubanConfig.feedbackLinkSecret`; in
 * production required and different from the session secret): whoever learns one key can forge
 * neither the other's tokens, a session token is never a feedback link and a feedback link is never
 * a session token. It expires at the end of the feedback period plus a day's grace, and
 * expiry is judged by the app's clock (simulated time included), not the wall clock.
 */
export class FeedbackLinks {
  private readonly signer: LinkSigner;
  private readonly base: string;

  constructor(options: { secret: string; publicUrl: string }) {
    this.signer = new LinkSigner(options.secret, PURPOSE);
    this.base = options.publicUrl.replace(/\/+$/, '');
  }

  /** Grace after the feedback deadline: a proposer who opens the mail that evening is not turned away. */
  static readonly GRACE_MS = 24 * 3600 * 1000;

  /** The link's expiry for a feedback deadline falling due at `dueAt`. */
  static expiryFor(dueAt: Date): Date {
    return new Date(dueAt.getTime() + FeedbackLinks.GRACE_MS);
  }

  sign(claims: FeedbackLinkClaims, expiresAt: Date): string {
    return this.signer.sign({ sub: claims.proposerId, pid: claims.proposalId, rnd: claims.round }, expiresAt);
  }

  /** `${publicUrl}/feedback/${token}` */
  url(token: string): string {
    return `${this.base}/feedback/${token}`;
  }

  link(claims: FeedbackLinkClaims, expiresAt: Date): string {
    return this.url(this.sign(claims, expiresAt));
  }

  /** The claims of a genuine, unexpired link, as of `now`; throws FeedbackLinkInvalidError / FeedbackLinkExpiredError. */
  verify(token: string, now: Date): FeedbackLinkClaims & { expiresAt: Date } {
    const c = this.signer.read(token);
    if (!c || typeof c.sub !== 'string' || typeof c.pid !== 'string' || typeof c.rnd !== 'number' || !Number.isInteger(c.rnd)) throw new FeedbackLinkInvalidError();
    const expiresAt = new Date(c.exp * 1000);
    if (now.getTime() >= expiresAt.getTime()) throw new FeedbackLinkExpiredError();
    return { proposalId: c.pid, proposerId: c.sub, round: c.rnd, expiresAt };
  }
}
