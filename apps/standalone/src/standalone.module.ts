import { Module } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { ApiHttpModule } from '../../api/src/api.module.js';
import { INTAKE_HANDLERS } from '#intake';
import { ASSIGNMENT_HANDLERS } from '#handling';
import { DEADLINE_HANDLERS } from '#deadlines';
import { NOTIFICATION_HANDLERS } from '#notifications';

/** Every job handler of every worker app. */
export const ALL_HANDLERS = [...INTAKE_HANDLERS, ...ASSIGNMENT_HANDLERS, ...DEADLINE_HANDLERS, ...NOTIFICATION_HANDLERS];

/** The API and every worker in one process: for a laptop, the demo, or a small city. */
@Module({
  imports: [
    DubanPlatformModule.forProcess('duban'),
    ApiHttpModule,
    QueueConsumersModule.forQueues(Object.values(QueueName), ALL_HANDLERS),
  ],
})
export class StandaloneModule {}
