import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FeedbackByLink } from '#notifications';
import { Public } from '../auth/auth.decorators.js';
import { FeedbackDto } from '../dto/proposal.dto.js';
import { goneWhenExpired } from './link-gone.js';

/**
 * 回执 through the signed link in the reply email: the proposer rates the reply without an account.
 * The token is the whole credential, so both routes are public.
 */
@ApiTags('feedback')
@Controller('api/v1/feedback-links')
export class FeedbackLinkController {
  constructor(@Inject(FeedbackByLink) private readonly feedback: FeedbackByLink) {}

  /** The proposal and the replies of the round being rated (no contact data of the proposer). */
  @Get(':token')
  @Public()
  view(@Param('token') token: string) {
    return goneWhenExpired(() => this.feedback.view(token));
  }

  /** Records the rating once; a second time is 409. */
  @Post(':token')
  @Public()
  async rate(@Param('token') token: string, @Body() body: FeedbackDto) {
    const f = await goneWhenExpired(() => this.feedback.submit(token, body));
    return { id: f.id, proposalId: f.proposalId, round: f.round, rating: f.rating, comment: f.comment, via: f.via, receivedAt: f.receivedAt.toISOString() };
  }
}
