import { NotificationRow } from '#persistence';
import { type Actor, type AppContext, requireRole, ConflictError, NotFoundError } from '#kernel';

/**
 * The port to the send queue (implemented over BullMQ by libs/queue's `BullNotificationQueue`, provided under this token by the platform module): puts
 * one notification's send job on the queue again under its deterministic id, with the worker's
 * retry settings, replacing a finished job left under that id (BullMQ would ignore the new one).
 */
export abstract class NotificationQueue {
  abstract sendAgain(notificationId: string): Promise<void>;
}

/**
 * 重新发送: an admin sends a dead notification again. The row goes back to `queued` and the event
 * `notification.resent` records who did it, in one transaction; then the send job is queued.
 */
export class ResendNotification {
  constructor(
    private readonly ctx: AppContext,
    private readonly queue: NotificationQueue,
  ) {}

  async execute(actor: Actor, notificationId: string): Promise<void> {
    requireRole(actor, 'admin');
    await this.ctx.transaction(actor, async (tx) => {
      const row = await tx.em.findOne(NotificationRow, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError('notification', notificationId);
      if (row.status !== 'dead') throw new ConflictError(`only a dead notification can be sent again (this one is ${row.status})`, undefined, 'RESEND_ONLY_DEAD');
      await tx.em.update(NotificationRow, { id: row.id }, { status: 'queued', lastError: null, notBefore: null });
      await tx.record({
        type: 'notification.resent',
        proposalId: row.proposalId,
        subjectType: 'notification',
        subjectId: row.id,
        payload: { notificationType: row.type, recipientEmail: row.recipientEmail ?? row.recipientAddress ?? '', previousAttempts: row.attempts },
      });
    });
    await this.queue.sendAgain(notificationId);
  }
}
