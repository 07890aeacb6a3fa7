import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReassignAfterAdjustment } from './assignment.js';
import { ReopenForRehandling } from './feedback.js';
import { eventOfJob, JobHandler, JobName, type EventJobData, type HandlesJob } from '#queue';

/** assignment.adjustment_approved → the approved unit takes over the assignment. */
@Injectable()
@JobHandler(JobName.ReassignAfterAdjustment)
export class ReassignAfterAdjustmentHandler implements HandlesJob<JobName.ReassignAfterAdjustment> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReassignAfterAdjustment) private readonly reassign: ReassignAfterAdjustment,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    // assignment.adjustment_approved: its subject is the adjustment request.
    const event = await eventOfJob(this.ds, JobName.ReassignAfterAdjustment, eventId);
    if (event?.subjectId) await this.reassign.execute(event.subjectId);
  }
}

/** feedback.received (不满意) → the proposal is reopened for re-handling. */
@Injectable()
@JobHandler(JobName.ReopenForRehandling)
export class ReopenForRehandlingHandler implements HandlesJob<JobName.ReopenForRehandling> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReopenForRehandling) private readonly reopen: ReopenForRehandling,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    // feedback.received: its payload names the feedback (ReopenForRehandling checks it is 不满意).
    const feedbackId = (await eventOfJob(this.ds, JobName.ReopenForRehandling, eventId))?.payload.feedbackId;
    if (feedbackId) await this.reopen.execute(feedbackId);
  }
}

export const ASSIGNMENT_HANDLERS = [ReassignAfterAdjustmentHandler, ReopenForRehandlingHandler];
