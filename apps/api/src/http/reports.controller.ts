import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ProposalQueries, PublicQueries } from '#handling';
import { StatsQueries } from '#supervision';
import { type Actor } from '#kernel';
import { CurrentActor, Public, Roles } from '../auth/auth.decorators.js';
import { NotificationsQuery, PublicRepliesQuery, StatsQuery } from '../dto/proposal.dto.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class ReportsController {
  constructor(
    @Inject(StatsQueries) private readonly stats: StatsQueries,
    @Inject(ProposalQueries) private readonly proposals: ProposalQueries,
  ) {}

  @Get('stats/units')
  @Roles('admin', 'committee', 'supervisor')
  async units(@Query() q: StatsQuery) {
    return { items: await this.stats.units(q.sessionId) };
  }

  @Get('notifications')
  @Roles('admin', 'committee', 'supervisor', 'unit', 'proposer')
  async notifications(@CurrentActor() actor: Actor, @Query() q: NotificationsQuery) {
    // Who sees which mails is the query's rule (staff all, a handling unit its proposal's, a proposer none).
    return { items: await this.proposals.notifications(actor, q.proposalId) };
  }
}

@ApiTags('public')
@Controller('api/v1/public')
@Public()
export class PublicRepliesController {
  constructor(@Inject(PublicQueries) private readonly replies: PublicQueries) {}

  @Get('replies')
  list(@Query() q: PublicRepliesQuery) {
    return this.replies.list(q);
  }

  @Get('replies/:id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const reply = await this.replies.get(id);
    if (!reply) throw new NotFoundException('No published reply with this id');
    return reply;
  }
}
