import { Inject, Injectable } from '@nestjs/common';
import { AppContext, ConflictError, InvalidInputError, NotFoundError, loadProposal, requireRole, type Actor } from '#application';
import { DubanConfig } from '#common';
import { NotificationRow } from '#persistence';
import { JobName, QueueName, Queues, sendJobId } from '#queue';

/** BullMQ states after which a job with the same id blocks a new one until it is removed. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/**
 * The two acts of the UI that have no use case of their own yet. Both run in one transaction with
 * the event that records them (and who did it), like every use case.
 */
@Injectable()
export class UiCommands {
  constructor(
    @Inject(AppContext) private readonly ctx: AppContext,
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  /** 督办意见: the supervision office writes a note on a proposal; it goes into the timeline. */
  async addSupervisionNote(actor: Actor, proposalId: string, note: string): Promise<void> {
    requireRole(actor, 'admin', 'supervisor');
    const text = note.trim();
    if (!text) throw new InvalidInputError('note', 'is required');
    if (text.length > 2000) throw new InvalidInputError('note', 'must be at most 2000 characters');
    await this.ctx.transaction(actor, async (tx) => {
      await loadProposal(tx.em, actor, proposalId, true);
      await tx.record({ type: 'supervision.note_added', proposalId, subjectType: 'proposal', subjectId: proposalId, payload: { note: text } });
    });
  }

  /**
   * Sends a dead notification again (admin): the row goes back to `queued` and a send job is
   * enqueued under its deterministic id, with the worker's retry settings. A finished job left under
   * that id is removed first, or BullMQ would ignore the new one.
   */
  async resendNotification(actor: Actor, notificationId: string): Promise<void> {
    requireRole(actor, 'admin');
    await this.ctx.transaction(actor, async (tx) => {
      const row = await tx.em.findOne(NotificationRow, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('notification', notificationId);
      if (row.status !== 'dead') throw new ConflictError(`only a dead notification can be sent again (this one is ${row.status})`);
      await tx.em.update(NotificationRow, { id: row.id }, { status: 'queued', lastError: null, notBefore: null });
      await tx.record({
        type: 'notification.resent',
        proposalId: row.proposalId,
        subjectType: 'notification',
        subjectId: row.id,
        payload: { notificationType: row.type, recipientEmail: row.recipientEmail ?? row.recipientAddress ?? '', previousAttempts: row.attempts },
      });
    });
    const queue = this.queues.get(QueueName.Notification);
    const jobId = sendJobId(notificationId);
    const previous = await queue.getJob(jobId);
    if (previous && FINISHED.has(await previous.getState())) await previous.remove();
    await queue.add(
      JobName.SendNotification,
      { notificationId },
      { jobId, attempts: this.config.mailAttempts, backoff: { type: 'exponential', delay: this.config.mailBackoffMs } },
    );
  }
}
