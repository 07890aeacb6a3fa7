import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReassignAfterAdjustment, ReopenForRehandling } from '#application';
import { EventRow } from '#persistence';
import { JobHandler, JobName, type EventJobData, type HandlesJob } from '#queue';

/** assignment.adjustment_approved → the approved unit takes over the assignment. */
@Injectable()
@JobHandler(JobName.ReassignAfterAdjustment)
export class ReassignAfterAdjustmentHandler implements HandlesJob<JobName.ReassignAfterAdjustment> {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReassignAfterAdjustment) private readonly reassign: ReassignAfterAdjustment,
  ) {}

  async handle({ eventId }: EventJobData): Promise<void> {
    const event = await this.ds.manager.findOneBy(EventRow, { id: eventId });
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
    const event = await this.ds.manager.findOneBy(EventRow, { id: eventId });
    if (event?.subjectId) await this.reopen.execute(event.subjectId);
  }
}

export const ASSIGNMENT_HANDLERS = [ReassignAfterAdjustmentHandler, ReopenForRehandlingHandler];
