import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CoSigningInvitationRow } from '#persistence';
import { AnswerCoSigning, CoSigningQueries, InviteCoSigners } from '#intake';
import { type Actor } from '#kernel';
import { CoSigningByLink } from '#notifications';
import { goneWhenExpired } from './link-gone.js';
import { CurrentActor, Public } from '../auth/auth.decorators.js';
import { CoSigningAnswerDto, InviteCoSignersDto } from '../dto/proposal.dto.js';

const id = new ParseUUIDPipe();

/** An invitation as the API answers it. */
function invitationView(r: CoSigningInvitationRow) {
  return {
    id: r.id, proposalId: r.proposalId, proposerId: r.proposerId, invitedBy: r.invitedBy, state: r.state, via: r.via,
    invitedAt: r.invitedAt.toISOString(), answeredAt: r.answeredAt?.toISOString() ?? null,
  };
}

/**
 * 联名 (co-signing): the lead proposer invites members to co-sign, the invitees confirm or decline;
 * the lead proposer and the staff (filing review) read who answered how.
 */
@ApiTags('co-signing')
@ApiBearerAuth()
@Controller('api/v1')
export class CoSigningController {
  constructor(
    @Inject(InviteCoSigners) private readonly invite: InviteCoSigners,
    @Inject(AnswerCoSigning) private readonly answerCoSigning: AnswerCoSigning,
    @Inject(CoSigningQueries) private readonly queries: CoSigningQueries,
  ) {}

  /** 邀请联名: the lead proposer, before filing; each invitee is mailed a signed link. 409 CO_SIGNER_ALREADY_INVITED for someone invited before. */
  @Post('proposals/:id/co-signers')
  async inviteCoSigners(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string, @Body() body: InviteCoSignersDto) {
    return { items: (await this.invite.execute(actor, proposalId, body)).map(invitationView) };
  }

  /** 联名情况: every invitation and its answer (confirmed / declined / pending) and the rules' minimum; the lead proposer and the staff. */
  @Get('proposals/:id/co-signers')
  coSigners(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.queries.forProposal(actor, proposalId);
  }

  /** Whom the lead proposer may still invite: the other members of their body (name and 界别 only). */
  @Get('proposals/:id/co-signers/candidates')
  async candidates(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return { items: await this.queries.candidates(actor, proposalId) };
  }

  /** The caller's own invitations to co-sign (a proposer). */
  @Get('co-signing/invitations')
  async mine(@CurrentActor() actor: Actor) {
    return { items: await this.queries.mine(actor) };
  }

  /** One invitation, for its invitee: the proposal's text and who confirmed so far. */
  @Get('co-signing/invitations/:invitationId')
  invitation(@CurrentActor() actor: Actor, @Param('invitationId', id) invitationId: string) {
    return this.queries.invitation({ proposerId: actor.kind === 'user' ? actor.proposerId : null }, invitationId);
  }

  /** 确认联名 / 谢绝联名, once (a second answer is 409 CO_SIGNING_ANSWERED; after filing 409 CO_SIGNING_CLOSED). */
  @Post('co-signing/invitations/:invitationId/answer')
  @HttpCode(200)
  async answer(@CurrentActor() actor: Actor, @Param('invitationId', id) invitationId: string, @Body() body: CoSigningAnswerDto) {
    return invitationView(await this.answerCoSigning.execute(actor, invitationId, body.answer));
  }
}


/** 联名 through the signed link of the invitation mail: the token is the whole credential, so both routes are public. */
@ApiTags('co-signing')
@Controller('api/v1/co-signing-links')
export class CoSigningLinkController {
  constructor(@Inject(CoSigningByLink) private readonly links: CoSigningByLink) {}

  /** The invitation and the proposal to sign (no contact data). */
  @Get(':token')
  @Public()
  view(@Param('token') token: string) {
    return goneWhenExpired(() => this.links.view(token));
  }

  /** Confirms or declines once; the link answers nothing more afterwards (409 CO_SIGNING_ANSWERED). */
  @Post(':token')
  @Public()
  @HttpCode(200)
  async answer(@Param('token') token: string, @Body() body: CoSigningAnswerDto) {
    return invitationView(await goneWhenExpired(() => this.links.answer(token, body.answer)));
  }
}
