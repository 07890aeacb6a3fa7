import { Inject, Injectable } from '@nestjs/common';
import { NotificationQueue } from '#application';
import { DubanConfig } from '#common';
import { JobName, QueueName, sendJobId } from './catalogue.js';
import { Queues } from './queue.module.js';

/** BullMQ states after which a job with the same id blocks a new one until it is removed. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/** The application's NotificationQueue port over BullMQ's notification queue. */
@Injectable()
export class BullNotificationQueue extends NotificationQueue {
  constructor(
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {
    super();
  }

  async sendAgain(notificationId: string): Promise<void> {
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
