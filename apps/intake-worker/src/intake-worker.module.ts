import { Module } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { INTAKE_HANDLERS } from '#intake';

@Module({
  imports: [
    DubanPlatformModule.forProcess('duban-intake-worker'),
    QueueConsumersModule.forQueues([QueueName.Intake], INTAKE_HANDLERS),
  ],
})
export class IntakeWorkerModule {}
