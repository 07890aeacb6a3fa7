import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { EventPublisher, RoutedJob } from '#kernel';
import { DubanConfig, SingleFlight } from '#common';
import { eventJobId, JOB_QUEUE, JobName, QueueName, sendJobId } from './catalogue.js';
import { routesFor } from './routing.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';

/** The one Redis connection this process's queues share (workers open their own blocking ones). */
export const REDIS = Symbol('REDIS');

const ALL_QUEUES = Object.values(QueueName);

/** Looks up the producer of each queue. */
@Injectable()
export class Queues {
  constructor(@Inject(ModuleRef) private readonly refs: ModuleRef) {}

  get(name: QueueName): Queue {
    return this.refs.get<Queue>(getQueueToken(name), { strict: false });
  }

  all(): Queue[] {
    return ALL_QUEUES.map((q) => this.get(q));
  }
}

/** BullMQ states after which a job with the same id blocks a new one until it is removed. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/**
 * BullMQ's side of the notifications' NotificationQueue port (ResendNotification): the platform module
 * (libs/application) provides the port by it, so that the queue library imports no context.
 */
@Injectable()
export class BullNotificationQueue {
  constructor(
    @Inject(Queues) private readonly queues: Queues,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

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

/**
 * The outbox's fast path: right after a transaction commits, its events go to their queues (the
 * platform module hands it to the AppContext as its EventPublisher).
 */
@Injectable()
export class OutboxPublisher implements EventPublisher {
  /**
   * Commits that end while the previous fast path is still running go together in the next one:
   * one UPDATE and one Redis round trip for all of them, and their notify-for-event jobs travel as
   * one notify-for-events job (the notification worker plans them together). An idle process
   * dispatches at once.
   */
  private readonly routed = new SingleFlight<string>(async (eventIds) => void (await this.dispatcher.dispatchRouted(eventIds)));

  constructor(@Inject(OutboxDispatcher) private readonly dispatcher: OutboxDispatcher) {}

  async publish(eventIds: string[], options?: { routed: boolean }): Promise<void> {
    await (options?.routed ? this.routed.submit(eventIds) : this.dispatcher.dispatch(eventIds));
  }

  routes(event: { id: string; type: string; payload: unknown }): RoutedJob[] {
    return routesFor(event.type, event.payload).map((job) => ({ jobName: job, jobId: eventJobId(job, event.id), queue: JOB_QUEUE[job] }));
  }
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Producers for every queue, with the deployment's key prefix (DUBAN_QUEUE_PREFIX), and the outbox.
 * Every Duban process imports it: every process commits events.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [DubanConfig, REDIS],
      useFactory: (config: DubanConfig, redis: Redis) => ({
        connection: redis,
        prefix: config.queuePrefix,
        defaultJobOptions: {
          attempts: 6,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [
    Queues,
    RedisLifecycle,
    {
      provide: OutboxDispatcher,
      inject: [DataSource, Queues],
      useFactory: (ds: DataSource, queues: Queues) => new OutboxDispatcher(ds, (q) => queues.get(q)),
    },
    OutboxPublisher,
    BullNotificationQueue,
  ],
  exports: [Queues, OutboxDispatcher, OutboxPublisher, BullNotificationQueue, BullModule],
})
export class DubanQueueModule {}

/** Provides the shared Redis connection; imported before DubanQueueModule. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [DubanConfig],
      // BullMQ needs maxRetriesPerRequest: null so that commands wait for a reconnect instead of failing.
      useFactory: (config: DubanConfig) => new Redis(config.redisUrl, { maxRetriesPerRequest: null, connectionName: 'duban' }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule {}
