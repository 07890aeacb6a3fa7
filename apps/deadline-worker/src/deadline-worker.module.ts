import { Module } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { DEADLINE_HANDLERS } from '#deadlines';

/** Owns the sweep and the outbox relay. */
@Module({
  imports: [
    DubanPlatformModule.forProcess('duban-deadline-worker'),
    QueueConsumersModule.forQueues([QueueName.Deadline, QueueName.Outbox], DEADLINE_HANDLERS),
  ],
})
export class DeadlineWorkerModule {}
