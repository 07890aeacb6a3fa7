import { Controller, Get, Header, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Gauge, register, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { DubanConfig } from '#common';
import { Queues } from '#queue';
import { Public } from '../auth/auth.decorators.js';

collectDefaultMetrics();

let queuesForMetrics: Queues | undefined;
// Read at each scrape, from Redis: the depth of every queue by job state.
if (!register.getSingleMetric('duban_queue_jobs')) {
  new Gauge({
    name: 'duban_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'],
    async collect() {
      if (!queuesForMetrics) return;
      for (const queue of queuesForMetrics.all()) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => null);
        for (const [state, n] of Object.entries(counts ?? {})) this.set({ queue: queue.name, state }, n);
      }
    },
  });
}

@ApiTags('operations')
@Controller()
@Public()
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly db: TypeOrmHealthIndicator,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DubanConfig) config: DubanConfig,
    @Inject(Queues) queues: Queues,
  ) {
    queuesForMetrics = queues;
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  }

  /** Up when Postgres and Redis both answer. */
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { connection: this.ds, timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
          await this.redis.ping();
          return indicator.up();
        } catch (e) {
          return indicator.down({ message: (e as Error).message });
        }
      },
    ]);
  }

  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
