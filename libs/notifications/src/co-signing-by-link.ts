import type { CoSigningAnswer } from '#domain';
import type { CoSigningInvitationRow } from '#persistence';
import { NotFoundError, type AppContext } from '#kernel';
import type { AnswerCoSigning, CoSigningQueries, InvitationView } from '#intake';
import { CoSigningLinkInvalidError, type CoSigningLinks } from './co-signing-links.js';

/**
 * 联名 through the signed link of the invitation mail: shows the invitee the proposal they are asked
 * to sign and records their answer through AnswerCoSigning (actor `link`). A link whose invitation
 * is gone or belongs to someone else was not made by us (404); a second answer is refused by the
 * invitation's state (422 CO_SIGNING_ANSWERED).
 */
export class CoSigningByLink {
  constructor(
    private readonly ctx: AppContext,
    private readonly links: CoSigningLinks,
    private readonly queries: CoSigningQueries,
    private readonly answerCoSigning: AnswerCoSigning,
  ) {}

  async view(token: string): Promise<InvitationView> {
    const claims = this.open(token);
    try {
      return { ...(await this.queries.invitation(claims, claims.invitationId)), expiresAt: claims.expiresAt.toISOString() };
    } catch (e) {
      throw e instanceof NotFoundError ? new CoSigningLinkInvalidError() : e;
    }
  }

  async answer(token: string, answer: CoSigningAnswer): Promise<CoSigningInvitationRow> {
    const claims = this.open(token);
    const row = await this.queries.row(claims.invitationId);
    if (!row || row.proposerId !== claims.proposerId) throw new CoSigningLinkInvalidError();
    return this.answerCoSigning.execute({ kind: 'link', proposerId: claims.proposerId, proposalId: row.proposalId }, claims.invitationId, answer);
  }

  private open(token: string) {
    return this.links.verify(token, this.ctx.clock.now());
  }
}
