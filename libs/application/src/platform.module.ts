import { Global, Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { dubanConfigModule, dubanLoggerModule } from '#common';
import { BullNotificationQueue, DubanQueueModule, OutboxPublisher, RedisModule } from '#queue';
import { AppContext } from '#kernel';
import { DubanApplicationModule } from './application.module.js';
import { NotificationQueue } from '#notifications';

/** Hands the outbox's fast path to the AppContext: right after a commit, its events are dispatched. */
@Injectable()
class ConnectOutbox implements OnModuleInit {
  constructor(
    @Inject(AppContext) private readonly ctx: AppContext,
    @Inject(OutboxPublisher) private readonly publisher: OutboxPublisher,
  ) {}

  onModuleInit(): void {
    this.ctx.usePublisher(this.publisher);
  }
}

/** The notifications' NotificationQueue port (ResendNotification), over BullMQ's notification queue. */
@Global()
@Module({
  providers: [{ provide: NotificationQueue, useExisting: BullNotificationQueue }],
  exports: [NotificationQueue],
})
class QueuePortsModule {}

/** What every Duban process runs on: config, logs, Postgres, the kernel and every context, Redis and the queues. */
@Module({})
export class DubanPlatformModule {
  static forProcess(name: string): DynamicModule {
    return {
      module: DubanPlatformModule,
      imports: [dubanConfigModule({ processName: name }), dubanLoggerModule({ name }), DubanApplicationModule, RedisModule, DubanQueueModule, QueuePortsModule],
      providers: [ConnectOutbox],
    };
  }
}
