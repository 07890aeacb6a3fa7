import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { jobsOfQueue, type JobName, type JobPayloads, type QueueName } from './catalogue.js';

/** Marks a provider as the handler of one job of the catalogue. */
export const JobHandler = DiscoveryService.createDecorator<JobName>();

export interface JobInfo {
  id: string;
  name: JobName;
  attemptsMade: number;
  /** The configured attempts: a handler may act differently on the last one (e.g. mark dead). */
  attempts: number;
}

export interface HandlesJob<N extends JobName> {
  handle(data: JobPayloads[N], job: JobInfo): Promise<void>;
}

/** The queues this process consumes; each app declares its own. */
export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * Finds every @JobHandler in the process and refuses to start when a job of a consumed queue has
 * no handler, or when any job has two.
 */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobHandlerRegistry.name);
  private readonly handlers = new Map<JobName, HandlesJob<JobName>>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(CONSUMED_QUEUES) private readonly consumed: QueueName[],
  ) {}

  onModuleInit(): void {
    const found = this.discovery.getProviders({ metadataKey: JobHandler.KEY });
    const problems: string[] = [];
    for (const wrapper of found) {
      const job = this.discovery.getMetadataByDecorator(JobHandler, wrapper);
      if (!job) continue;
      if (this.handlers.has(job)) problems.push(`job "${job}" has two handlers (${wrapper.name} and another)`);
      else this.handlers.set(job, wrapper.instance as HandlesJob<JobName>);
    }
    for (const queue of this.consumed) {
      for (const job of jobsOfQueue(queue)) if (!this.handlers.has(job)) problems.push(`job "${job}" of queue "${queue}" has no handler`);
    }
    if (problems.length > 0) throw new Error(`Job catalogue check failed: ${problems.join('; ')}`);
    this.logger.log(`every job of ${this.consumed.join(', ') || 'no queue'} has exactly one handler`);
  }

  get(job: JobName): HandlesJob<JobName> {
    const handler = this.handlers.get(job);
    if (!handler) throw new Error(`no handler for job "${job}"`);
    return handler;
  }
}
