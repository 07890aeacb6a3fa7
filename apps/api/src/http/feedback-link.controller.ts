import { Body, Controller, Get, GoneException, Inject, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FeedbackByLink, FeedbackLinkExpiredError } from '#notifications';
import { Public } from '../auth/auth.decorators.js';
import { FeedbackDto } from '../dto/proposal.dto.js';

/** An expired link is 410 Gone: it was genuine, but its time is over (a forged or malformed one is 404). */
async function gone<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof FeedbackLinkExpiredError) throw new GoneException({ code: e.code, errorCode: e.errorCode, message: e.message });
    throw e;
  }
}

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
    return gone(() => this.feedback.view(token));
  }

  /** Records the rating once; a second time is 409. */
  @Post(':token')
  @Public()
  async rate(@Param('token') token: string, @Body() body: FeedbackDto) {
    const f = await gone(() => this.feedback.submit(token, body));
    return { id: f.id, proposalId: f.proposalId, round: f.round, rating: f.rating, comment: f.comment, via: f.via, receivedAt: f.receivedAt.toISOString() };
  }
}
