import { ApplicationError, NotFoundError } from '#kernel';
import { LinkSigner } from './link-signer.js';

/** What a co-signing link lets its holder do: answer one invitation, as its invitee. */
export interface CoSigningLinkClaims {
  invitationId: string;
  proposerId: string;
}

/** The link is malformed, forged or not a co-signing link (HTTP 404). */
export class CoSigningLinkInvalidError extends NotFoundError {
  constructor() {
    super('co-signing link');
  }
}

/** The link was genuine but its time is over (HTTP 410). */
export class CoSigningLinkExpiredError extends ApplicationError {
  constructor() {
    super('This co-signing link has expired', 'link_expired', 'CO_SIGNING_LINK_EXPIRED');
  }
}

const PURPOSE = 'duban:co-signing';

/**
 * The signed link of the invitation mail (联名邀请链接): the invitee confirms or declines without an
 * account. A JWT (HS256) carrying (invitation, invitee) and a purpose claim, signed with a key derived
 * from DUBAN_FEEDBACK_LINK_SECRET for this purpose alone — a feedback link is never a co-signing link,
 * nor either a session token. It expires `coSigning.linkDays` after the invitation (judged by the
 * app's clock); it answers once, because an answered invitation takes no second answer (its state,
 * domain co-signing.ts), so a forwarded or replayed link changes nothing.
 */
export class CoSigningLinks {
  private readonly signer: LinkSigner;
  private readonly base: string;

  constructor(options: { secret: string; publicUrl: string }) {
    this.signer = new LinkSigner(options.secret, PURPOSE);
    this.base = options.publicUrl.replace(/\/+$/, '');
  }

  /** The link's expiry: the end of the `linkDays`-th day after the invitation. */
  static expiryFor(invitedAt: Date, linkDays: number): Date {
    return new Date(invitedAt.getTime() + linkDays * 86_400_000);
  }

  sign(claims: CoSigningLinkClaims, expiresAt: Date): string {
    return this.signer.sign({ sub: claims.proposerId, inv: claims.invitationId }, expiresAt);
  }

  /** `${publicUrl}/co-signing/link/${token}` */
  link(claims: CoSigningLinkClaims, expiresAt: Date): string {
    return `${this.base}/co-signing/link/${this.sign(claims, expiresAt)}`;
  }

  /** The claims of a genuine, unexpired link, as of `now`; throws CoSigningLinkInvalidError / CoSigningLinkExpiredError. */
  verify(token: string, now: Date): CoSigningLinkClaims & { expiresAt: Date } {
    const c = this.signer.read(token);
    if (!c || typeof c.sub !== 'string' || typeof c.inv !== 'string') throw new CoSigningLinkInvalidError();
    const expiresAt = new Date(c.exp * 1000);
    if (now.getTime() >= expiresAt.getTime()) throw new CoSigningLinkExpiredError();
    return { invitationId: c.inv, proposerId: c.sub, expiresAt };
  }
}
