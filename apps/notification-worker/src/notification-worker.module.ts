import { Module } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { NOTIFICATION_HANDLERS } from '#notifications';

/** Plans, renders and sends the emails, retries them with backoff, and releases those held for office hours. */
@Module({
  imports: [
    DubanPlatformModule.forProcess('duban-notification-worker'),
    QueueConsumersModule.forQueues([QueueName.Notification], NOTIFICATION_HANDLERS),
  ],
})
export class NotificationWorkerModule {}
