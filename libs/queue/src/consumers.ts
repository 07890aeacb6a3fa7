import { Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Inject, Injectable, Logger, Module, type DynamicModule, type Type, type OnApplicationBootstrap, type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Job } from 'bullmq';
import { Histogram, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Batcher, DubanConfig } from '#common';
import { JOB_QUEUE, JobName, QueueName, SCHEDULED_JOBS, eventJobId } from './catalogue.js';
import { CONSUMED_QUEUES, JobHandlerRegistry } from './job-handler.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { Queues } from './queue.module.js';

const jobDuration =
  (register.getSingleMetric('duban_job_duration_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'duban_job_duration_seconds',
    help: 'Time a job handler took, by queue, job and outcome',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

/**
 * A thin consumer: looks up the job's one handler, runs it, and records an event-driven job as
 * complete so the outbox's repair pass leaves it alone. Each log line names the job and its event.
 */
abstract class QueueConsumer extends WorkerHost {
  private readonly logger = new Logger('Jobs');

  constructor(
    @Inject(JobHandlerRegistry) private readonly registry: JobHandlerRegistry,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(OutboxDispatcher) private readonly outbox: OutboxDispatcher,
  ) {
    super();
  }

  /** The completions of this consumer's concurrent jobs, recorded together. */
  private readonly completions = new Batcher<string, void>(async (jobIds) => {
    await OutboxDispatcher.completeMany(this.ds, jobIds);
    return jobIds.map(() => undefined);
  }, { maxSize: 64, waitMs: 2 });

  async process(job: Job): Promise<void> {
    const name = job.name as JobName;
    const started = performance.now();
    const ids = { jobId: job.id, job: name, eventId: job.data?.eventId, notificationId: job.data?.notificationId, attempt: job.attemptsMade + 1 };
    try {
      await this.registry.get(name).handle(job.data, { id: job.id!, name, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
      if (job.data?.eventId) {
        // The event's jobs that wait for this one (routing `after`) start now, and not before.
        await this.outbox.followUp(job.data.eventId, name);
        await this.completions.load(job.id!);
      } else if (name === JobName.NotifyForEvents) {
        // Several events' notify-for-event jobs in one (OutboxDispatcher): each event's is complete.
        await Promise.all((job.data.eventIds as string[]).map((id) => this.completions.load(eventJobId(JobName.NotifyForEvent, id))));
      }
      jobDuration.observe({ queue: JOB_QUEUE[name], job: name, outcome: 'completed' }, (performance.now() - started) / 1000);
      if (!name.startsWith('relay') && !name.startsWith('sweep') && !name.startsWith('maintain')) this.logger.log({ ...ids, ms: Math.round(performance.now() - started) }, 'job completed');
    } catch (e) {
      jobDuration.observe({ queue: JOB_QUEUE[name], job: name, outcome: 'failed' }, (performance.now() - started) / 1000);
      this.logger.warn({ ...ids, err: (e as Error).message }, 'job failed');
      throw e;
    }
  }
}

@Processor(QueueName.Outbox, { concurrency: 1 })
export class OutboxConsumer extends QueueConsumer {}
@Processor(QueueName.Intake, { concurrency: 4 })
export class IntakeConsumer extends QueueConsumer {}
@Processor(QueueName.Assignment, { concurrency: 4 })
export class AssignmentConsumer extends QueueConsumer {}
@Processor(QueueName.Deadline, { concurrency: 1 })
export class DeadlineConsumer extends QueueConsumer {}
@Processor(QueueName.Notification, { concurrency: 64 })
export class NotificationConsumer extends QueueConsumer {}

const CONSUMERS: Record<QueueName, Type<QueueConsumer>> = {
  [QueueName.Outbox]: OutboxConsumer,
  [QueueName.Intake]: IntakeConsumer,
  [QueueName.Assignment]: AssignmentConsumer,
  [QueueName.Deadline]: DeadlineConsumer,
  [QueueName.Notification]: NotificationConsumer,
};

/**
 * Keeps the periodic jobs of the consumed queues scheduled. It checks every few seconds, so that
 * schedulers lost with Redis (FLUSHALL, a failover without persistence) come back on their own.
 */
@Injectable()
export class SchedulerKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerKeeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(Queues) private readonly queues: Queues,
    @Inject(CONSUMED_QUEUES) private readonly consumed: QueueName[],
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
    this.timer = setInterval(() => void this.ensure(), 5000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async ensure(): Promise<void> {
    const every = { relay: this.config.relayIntervalMs, sweep: this.config.sweepIntervalMs, maintain: this.config.relayIntervalMs };
    for (const s of SCHEDULED_JOBS.filter((x) => this.consumed.includes(JOB_QUEUE[x.job]))) {
      try {
        const queue = this.queues.get(JOB_QUEUE[s.job]);
        if (await queue.getJobScheduler(s.schedulerId)) continue;
        await queue.upsertJobScheduler(s.schedulerId, { every: every[s.everyMs] }, {
          name: s.job,
          data: {},
          opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
        });
        this.logger.log({ scheduler: s.schedulerId, everyMs: every[s.everyMs] }, 'job scheduler (re)created');
      } catch (e) {
        this.logger.warn({ scheduler: s.schedulerId, err: (e as Error).message }, 'could not ensure job scheduler');
      }
    }
  }
}

/** The consumers of some queues, for one worker app (or all of them, in the standalone process). */
@Module({})
export class QueueConsumersModule {
  static forQueues(queues: QueueName[], handlers: DynamicModule['providers'] = []): DynamicModule {
    return {
      module: QueueConsumersModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: CONSUMED_QUEUES, useValue: queues },
        JobHandlerRegistry,
        SchedulerKeeper,
        ...queues.map((q) => CONSUMERS[q]),
        ...(handlers ?? []),
      ],
    };
  }
}
