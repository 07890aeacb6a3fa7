import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { CLOCK } from '#kernel';
import { SweepDeadlines } from './sweep.js';
import type { Clock } from '#domain';
import { JobHandler, JobName, RelayOutboxHandler, type HandlesJob } from '#queue';

const sweepLag =
  (register.getSingleMetric('duban_sweep_lag_seconds') as Gauge | undefined) ??
  new Gauge({ name: 'duban_sweep_lag_seconds', help: 'How late the oldest due deadline stage was when the sweep ran' });

/** The sweep: fires every deadline stage that has fallen due (scheduled every DUBAN_SWEEP_INTERVAL_MS). */
@Injectable()
@JobHandler(JobName.SweepDeadlines)
export class SweepDeadlinesHandler implements HandlesJob<JobName.SweepDeadlines> {
  private readonly logger = new Logger('DeadlineSweep');

  constructor(
    @Inject(SweepDeadlines) private readonly sweep: SweepDeadlines,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    const [{ oldest }] = await this.ds.query(`SELECT min(next_action_at) AS oldest FROM deadlines WHERE next_action_at IS NOT NULL`);
    const now = this.clock.now().getTime();
    sweepLag.set(oldest && new Date(oldest).getTime() <= now ? (now - new Date(oldest).getTime()) / 1000 : 0);
    const result = await this.sweep.execute(1000);
    if (result.fired > 0 || result.digest) this.logger.log({ fired: result.fired, digest: result.digest }, 'deadline stages fired');
  }
}

/** The deadline worker's handlers: the sweep, and the outbox relay (the queue's, run by this worker). */
export const DEADLINE_HANDLERS = [SweepDeadlinesHandler, RelayOutboxHandler];
