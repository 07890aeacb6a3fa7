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
 *
 * `retry`: the messages were tried once already, by the planning job that planned them (sendPlanned):
 * the job waits one backoff, has one attempt fewer, and counts its attempts after that first one.
 */
async function enqueueSends(queue: Queue, config: DubanConfig, notificationIds: string[], retry = false): Promise<void> {
  if (notificationIds.length === 0) return;
  // The most any channel has: each channel's deliverer gives up on its own last attempt (DeliverNotification).
  const attempts = totalAttempts(config);
  await queue.addBulk(
    notificationIds.map((notificationId) => ({
      name: JobName.SendNotification,
      data: (retry ? { notificationId, attemptsBefore: 1 } : { notificationId }) satisfies JobPayloads[JobName.SendNotification],
      opts: {
        jobId: sendJobId(notificationId),
        lifo: true,
        attempts: retry ? Math.max(1, attempts - 1) : attempts,
        backoff: { type: 'exponential', delay: config.mailBackoffMs },
        ...(retry ? { delay: config.mailBackoffMs } : {}),
      },
    })),
  );
}

function totalAttempts(config: DubanConfig): number {
  return Math.max(config.mailAttempts, config.smsAttempts, config.robotAttempts);
}

/** How many planned messages the planning job sends in one claim (a sweep's job plans a few hundred events). */
const SEND_CHUNK = 128;

/**
 * Sends what a planning job just planned, in that job (no send job per message: each BullMQ job
 * costs its fetch, lock, completion and removal in Redis, which was most of the worker's CPU per
 * reminder). The claim is the same compare-and-set as the send job's, so a message claimed or sent
 * elsewhere is skipped; a message that failed is `retrying` and gets a send job with the backoff,
 * which carries its further attempts. Held messages (office hours) are skipped here and released by
 * the maintenance pass.
 */
async function sendPlanned(deliver: DeliverNotification, queue: Queue, config: DubanConfig, notificationIds: string[]): Promise<void> {
  const lastAttempt = totalAttempts(config) <= 1;
  const failed: string[] = [];
  for (let at = 0; at < notificationIds.length; at += SEND_CHUNK) {
    const chunk = notificationIds.slice(at, at + SEND_CHUNK);
    const outcomes = await deliver.executeMany(chunk.map((notificationId) => ({ notificationId, lastAttempt, attempt: 1 })));
    outcomes.forEach((o, i) => {
      // An error (not told by instanceof: it may come from another realm) is a message to retry.
      if (typeof o !== 'string') failed.push(chunk[i]!);
    });
  }
  await enqueueSends(queue, config, failed, true);
}

/**
 * How many of the notification queue's concurrent jobs are planned or sent together, and how long
 * the first of a batch waits for the others (the jobs of one worker arrive within a millisecond or
 * two of each other once it is busy; alone, a job waits only this long).
 */
export const NOTIFICATION_BATCH = { maxSize: 64, waitMs: 2 };

/**
 * Any event of the routing table's notification column → its notifications planned and sent. The
 * worker's concurrent planning jobs are planned together (PlanNotifications.executeMany), and what
 * they planned is sent in the same jobs (sendPlanned); each job completes once its own event is
 * planned and its messages sent or handed to a send job for their retries.
 */
@Injectable()
@JobHandler(JobName.NotifyForEvent)
export class NotifyForEventHandler implements HandlesJob<JobName.NotifyForEvent> {
  private readonly batcher: Batcher<string, void>;

  constructor(
    @Inject(PlanNotifications) private readonly plan: PlanNotifications,
    @Inject(DeliverNotification) private readonly deliver: DeliverNotification,
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {
    this.batcher = new Batcher<string, void>(async (eventIds) => {
      await this.planAndSend(eventIds);
      return eventIds.map(() => undefined);
    }, NOTIFICATION_BATCH);
  }

  async handle({ eventId }: EventJobData): Promise<void> {
    await this.batcher.load(eventId);
  }

  /**
   * A few events of one notify-for-events job (the commits the outbox's fast path carried
   * together), planned with the worker's other concurrent jobs as the single ones are; settles when
   * each is planned and sent, and fails with the first error after the others are done. A large
   * job (a sweep's) is a batch of its own.
   */
  async planTogether(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length >= NOTIFICATION_BATCH.maxSize) return this.planAndSend(eventIds);
    const failed = (await Promise.allSettled(eventIds.map((id) => this.batcher.load(id)))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Plans the events (one batch) and sends what they planned. */
  async planAndSend(eventIds: readonly string[]): Promise<void> {
    const planned = await this.plan.executeMany(eventIds);
    await sendPlanned(this.deliver, this.queues.get(QueueName.Notification), this.config, [...new Set([...planned.values()].flat())]);
  }
}

/**
 * Several events' planning in one job (the outbox groups the notify-for-event jobs of events
 * dispatched together: a sweep's reminders, a relay's backlog, commits that ended together):
 * planned as one batch and sent — a small one together with the worker's other concurrent jobs
 * (planTogether). When the batch fails as a whole, each event is planned alone, so
 * that one poisoned event does not hold the others back; the job then fails (and is retried) with
 * the first error, its other events being planned already (a rerun finds them planned and sent).
 */
@Injectable()
@JobHandler(JobName.NotifyForEvents)
export class NotifyForEventsHandler implements HandlesJob<JobName.NotifyForEvents> {
  constructor(@Inject(NotifyForEventHandler) private readonly single: NotifyForEventHandler) {}

  async handle({ eventIds }: JobPayloads[JobName.NotifyForEvents]): Promise<void> {
    try {
      await this.single.planTogether(eventIds);
    } catch {
      let first: unknown = null;
      for (const id of eventIds) {
        try {
          await this.single.planAndSend([id]);
        } catch (e) {
          first ??= e;
        }
      }
      if (first) throw first;
    }
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

  async handle({ notificationId, attemptsBefore }: JobPayloads[JobName.SendNotification], job: JobInfo): Promise<void> {
    // A retry of a planning job's send (sendPlanned) counts that first attempt too.
    await this.batcher.load({ notificationId, lastAttempt: job.attemptsMade + 1 >= job.attempts, attempt: (attemptsBefore ?? 0) + job.attemptsMade + 1 });
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

export const NOTIFICATION_HANDLERS = [NotifyForEventHandler, NotifyForEventsHandler, SendNotificationHandler, MaintainNotificationsHandler];
