import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClassifyProposal } from '#application';
import { EventRow } from '#persistence';
import { JobHandler, JobName, type EventJobData, type HandlesJob } from '#queue';

/** proposal.submitted → normalise, classify, tag themes. */
@Injectable()
@JobHandler(JobName.ClassifyProposal)
export class ClassifyProposalHandler implements HandlesJob<JobName.ClassifyProposal> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ClassifyProposal) private readonly classify: ClassifyProposal,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    const event = await this.ds.manager.findOneBy(EventRow, { id: eventId });
    if (event?.proposalId) await this.classify.execute(event.proposalId);
  }
}

export const INTAKE_HANDLERS = [ClassifyProposalHandler];
