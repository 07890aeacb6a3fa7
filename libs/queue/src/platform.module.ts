import { Module, type DynamicModule } from '@nestjs/common';
import { DubanCoreModule } from '#application';
import { dubanConfigModule, dubanLoggerModule } from '#common';
import { DubanQueueModule, RedisModule } from './queue.module.js';

/** What every Duban process runs on: config, logs, Postgres and the core, Redis and the queues. */
@Module({})
export class DubanPlatformModule {
  static forProcess(name: string): DynamicModule {
    process.env.DUBAN_PROCESS_NAME ??= name;
    return {
      module: DubanPlatformModule,
      imports: [dubanConfigModule(), dubanLoggerModule({ name }), DubanCoreModule, RedisModule, DubanQueueModule],
    };
  }
}
