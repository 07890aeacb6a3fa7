import { Module, type DynamicModule } from '@nestjs/common';
import { DubanApplicationModule } from '#application';
import { dubanConfigModule, dubanLoggerModule } from '#common';
import { DubanQueueModule, RedisModule } from './queue.module.js';

/** What every Duban process runs on: config, logs, Postgres, the kernel and every context, Redis and the queues. */
@Module({})
export class DubanPlatformModule {
  static forProcess(name: string): DynamicModule {
    return {
      module: DubanPlatformModule,
      imports: [dubanConfigModule({ processName: name }), dubanLoggerModule({ name }), DubanApplicationModule, RedisModule, DubanQueueModule],
    };
  }
}
