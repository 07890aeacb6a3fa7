import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClassifyProposal } from './use-cases/classify.js';
import { ImportInterruptedError, RunImport } from './import/import-proposals.js';
import { ProposalSimilarity } from './proposal-similarity.js';
import { eventOfJob, JobHandler, JobName, type EventJobData, type HandlesJob, type JobInfo } from '#queue';

/** proposal.submitted → normalise, classify, tag themes. */
@Injectable()
@JobHandler(JobName.ClassifyProposal)
export class ClassifyProposalHandler implements HandlesJob<JobName.ClassifyProposal> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ClassifyProposal) private readonly classify: ClassifyProposal,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    const event = await eventOfJob(this.ds, JobName.ClassifyProposal, eventId);
    if (event?.proposalId) await this.classify.execute(event.proposalId);
  }
}

/** proposal.submitted / resubmitted → its most similar earlier proposals (并案建议), stored. */
@Injectable()
@JobHandler(JobName.FindSimilarProposals)
export class FindSimilarProposalsHandler implements HandlesJob<JobName.FindSimilarProposals> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ProposalSimilarity) private readonly similarity: ProposalSimilarity,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    const event = await eventOfJob(this.ds, JobName.FindSimilarProposals, eventId);
    if (event?.proposalId) await this.similarity.findSimilar(event.proposalId);
  }
}

/** import.requested → validate and import the file's rows, with progress and a row report. */
@Injectable()
@JobHandler(JobName.ImportProposals)
export class ImportProposalsHandler implements HandlesJob<JobName.ImportProposals> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(RunImport) private readonly runImport: RunImport,
  ) {}

  async handle({ eventId }: EventJobData, job: JobInfo): Promise<void> {
    // import.requested: its payload names the import.
    const importId = (await eventOfJob(this.ds, JobName.ImportProposals, eventId))?.payload.importId;
    if (!importId) return;
    try {
      await this.runImport.execute(importId);
    } catch (e) {
      // A shutdown resumes later; any other error on the last attempt is final: the import ends
      // `failed` with the reason instead of staying `running` while the job is retried forever.
      if (e instanceof ImportInterruptedError || job.attemptsMade + 1 < job.attempts) throw e;
      await this.runImport.giveUp(importId, e);
    }
  }
}

export const INTAKE_HANDLERS = [ClassifyProposalHandler, FindSimilarProposalsHandler, ImportProposalsHandler];
