import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { ApplicationError, NotFoundError } from '#kernel';

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

interface TokenClaims {
  purpose: string;
  sub: string;
  pid: string;
  rnd: number;
  exp: number;
}

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
  private readonly jwt: JwtService;
  private readonly base: string;

  constructor(options: { secret: string; publicUrl: string }) {
    this.jwt = new JwtService({ secret: createHmac('sha256', options.secret).update(PURPOSE).digest('base64url') });
    this.base = options.publicUrl.replace(/\/+$/, '');
  }

  /** Grace after the feedback deadline: a proposer who opens the mail that evening is not turned away. */
  static readonly GRACE_MS = 24 * 3600 * 1000;

  /** The link's expiry for a feedback deadline falling due at `dueAt`. */
  static expiryFor(dueAt: Date): Date {
    return new Date(dueAt.getTime() + FeedbackLinks.GRACE_MS);
  }

  sign(claims: FeedbackLinkClaims, expiresAt: Date): string {
    const payload: TokenClaims = {
      purpose: PURPOSE,
      sub: claims.proposerId,
      pid: claims.proposalId,
      rnd: claims.round,
      exp: Math.floor(expiresAt.getTime() / 1000),
    };
    return this.jwt.sign(payload, { algorithm: 'HS256' });
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
    let c: TokenClaims;
    try {
      c = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'], ignoreExpiration: true });
    } catch {
      throw new FeedbackLinkInvalidError();
    }
    const valid =
      c.purpose === PURPOSE && typeof c.sub === 'string' && typeof c.pid === 'string' && Number.isInteger(c.rnd) && Number.isInteger(c.exp);
    if (!valid) throw new FeedbackLinkInvalidError();
    const expiresAt = new Date(c.exp * 1000);
    if (now.getTime() >= expiresAt.getTime()) throw new FeedbackLinkExpiredError();
    return { proposalId: c.pid, proposerId: c.sub, round: c.rnd, expiresAt };
  }
}
