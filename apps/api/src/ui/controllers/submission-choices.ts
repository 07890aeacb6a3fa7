import { Inject, Injectable } from '@nestjs/common';
import { INTAKE_CONFIG, type IntakeConfig } from '#kernel';
import { ProposalPageQueries } from '#handling';
import { Proposers, Sessions } from '#directory';
import { submissionSessions } from '#domain';
import type { UserActor } from '../ui.service.js';

/** What the 提交提案 form (the committee's, and a member's draft) offers to choose from. */
@Injectable()
export class SubmissionChoices {
  constructor(
    @Inject(ProposalPageQueries) private readonly pageQueries: ProposalPageQueries,
    @Inject(Sessions) private readonly sessions: Sessions,
    @Inject(Proposers) private readonly proposers: Proposers,
    @Inject(INTAKE_CONFIG) private readonly intakeConfig: IntakeConfig,
  ) {}

  async for(actor: UserActor, now: Date) {
    const all = (await this.sessions.list(actor, 1, 100)).items;
    // A proposer is offered only the sessions SubmitProposal takes from them: their body's, still open
    // (domain submission-sessions); the committee enters any session, the lead proposer's body checked on submit.
    const ownBody = actor.role === 'proposer' ? await this.pageQueries.proposerBody(actor.proposerId) : null;
    const today = now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const sessions = ownBody ? submissionSessions(all, ownBody, { ownSubmission: true, today }) : all;
    const proposers = actor.role === 'proposer' ? [] : (await this.proposers.list(actor, 1, 500)).items;
    // 类别: the categories of the intake rules (config/intake.json), then any other already in the data (imported ones).
    const inData = await this.pageQueries.categoriesInData();
    const categories = [...new Set([...this.intakeConfig.categories.map((c) => c.name), ...inData])];
    return { sessions, proposers, categories, ownBody };
  }
}
