import { Module } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { ASSIGNMENT_HANDLERS } from '#handling';

@Module({
  imports: [DubanPlatformModule.forProcess('duban-assignment-worker'), QueueConsumersModule.forQueues([QueueName.Assignment], ASSIGNMENT_HANDLERS)],
})
export class AssignmentWorkerModule {}
