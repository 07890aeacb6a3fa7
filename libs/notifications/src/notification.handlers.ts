import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DeliverNotification, type DeliveryOutcome, type DeliveryRequest } from './deliver-notification.js';
import { MaintainNotifications } from './maintain-notifications.js';
import { PlanNotifications } from './plan-notifications.js';
import { Batcher, DubanConfig } from '#common';
import { JobHandler, JobName, lostJob, QueueName, Queues, sendJobId, type EventJobData, type HandlesJob, type JobInfo, type JobPayloads } from '#queue';

/**
 * Puts one send job per notification on the queue, under its deterministic id, with the configured
 * retries. Sends go to the head of the queue (LIFO): planning jobs and send jobs share the queue, and
 * at the back a burst's sends waited behind every event still to plan — with 100,000 reminders due,
 * the first email left only after all 100,000 were planned (docs/performance.md).
 */
async function enqueueSends(queue: Queue, config: DubanConfig, notificationIds: string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await queue.addBulk(
    notificationIds.map((notificationId) => ({
      name: JobName.SendNotification,
      data: { notificationId } satisfies JobPayloads[JobName.SendNotification],
      opts: {
        jobId: sendJobId(notificationId),
        lifo: true,
        // The most any channel has: each channel's deliverer gives up on its own last attempt (DeliverNotification).
        attempts: Math.max(config.mailAttempts, config.smsAttempts, config.robotAttempts),
        backoff: { type: 'exponential', delay: config.mailBackoffMs },
      },
    })),
  );
}

/**
 * How many of the notification queue's concurrent jobs are planned or sent together, and how long
 * the first of a batch waits for the others (the jobs of one worker arrive within a millisecond or
 * two of each other once it is busy; alone, a job waits only this long).
 */
export const NOTIFICATION_BATCH = { maxSize: 64, waitMs: 2 };

/**
 * Any event of the routing table's notification column → its notifications planned, then each one
 * sent. The worker's concurrent planning jobs are planned together (PlanNotifications.executeMany)
 * and their sends enqueued in one call; each job completes once its own event is planned.
 */
@Injectable()
@JobHandler(JobName.NotifyForEvent)
export class NotifyForEventHandler implements HandlesJob<JobName.NotifyForEvent> {
  private readonly batcher: Batcher<string, void>;

  constructor(
    @Inject(PlanNotifications) private readonly plan: PlanNotifications,
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {
    this.batcher = new Batcher<string, void>(async (eventIds) => {
      const planned = await this.plan.executeMany(eventIds);
      await enqueueSends(this.queues.get(QueueName.Notification), this.config, [...new Set([...planned.values()].flat())]);
      return eventIds.map(() => undefined);
    }, NOTIFICATION_BATCH);
  }

  async handle({ eventId }: EventJobData): Promise<void> {
    await this.batcher.load(eventId);
  }
}

/**
 * One notification (an email, or a message over another channel): sent, or retried with backoff,
 * or marked dead on the last attempt (the job's, or its channel's own). The worker's
 * concurrent send jobs are claimed, sent and marked together (DeliverNotification.executeMany);
 * each job fails or succeeds with its own message.
 */
@Injectable()
@JobHandler(JobName.SendNotification)
export class SendNotificationHandler implements HandlesJob<JobName.SendNotification> {
  private readonly batcher: Batcher<DeliveryRequest, DeliveryOutcome>;

  constructor(@Inject(DeliverNotification) private readonly deliver: DeliverNotification) {
    this.batcher = new Batcher((requests) => this.deliver.executeMany(requests), NOTIFICATION_BATCH);
  }

  async handle({ notificationId }: JobPayloads[JobName.SendNotification], job: JobInfo): Promise<void> {
    await this.batcher.load({ notificationId, lastAttempt: job.attemptsMade + 1 >= job.attempts, attempt: job.attemptsMade + 1 });
  }
}

/**
 * Periodic: sends what was held for office hours once they open, and re-enqueues notifications
 * whose job is gone (Redis lost it, or it finished while a process died mid-send).
 */
@Injectable()
@JobHandler(JobName.MaintainNotifications)
export class MaintainNotificationsHandler implements HandlesJob<JobName.MaintainNotifications> {
  private readonly logger = new Logger('NotificationMaintenance');

  constructor(
    @Inject(MaintainNotifications) private readonly maintain: MaintainNotifications,
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  async handle(): Promise<void> {
    const queue = this.queues.get(QueueName.Notification);
    const { released, stale } = await this.maintain.execute();
    const lost: string[] = [];
    for (const id of [...released, ...stale]) {
      const { lost: isLost, husk } = await lostJob(queue, sendJobId(id));
      if (!isLost) continue;
      await husk?.remove();
      lost.push(id);
    }
    await enqueueSends(queue, this.config, lost);
    if (released.length > 0 || lost.length > 0) this.logger.log({ released: released.length, requeued: lost.length }, 'notifications released or re-enqueued');
  }
}

export const NOTIFICATION_HANDLERS = [NotifyForEventHandler, SendNotificationHandler, MaintainNotificationsHandler];
