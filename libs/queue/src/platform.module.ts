import { Module, type DynamicModule } from '@nestjs/common';
import { DubanCoreModule } from '#application';
import { dubanConfigModule, dubanLoggerModule } from '#common';
import { DubanQueueModule, RedisModule } from './queue.module.js';

/** What every Duban process runs on: config, logs, Postgres and the core, Redis and the queues. */
@Module({})
export class DubanPlatformModule {
  static forProcess(name: string): DynamicModule {
    return {
      module: DubanPlatformModule,
      imports: [dubanConfigModule({ processName: name }), dubanLoggerModule({ name }), DubanCoreModule, RedisModule, DubanQueueModule],
    };
  }
}
