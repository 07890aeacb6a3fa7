import { Module } from '@nestjs/common';
import { HandlingModule } from '#handling';
import { IntakeModule } from '#intake';
import { NOTIFICATION_EXPORTS, NOTIFICATION_PROVIDERS } from './providers.js';

/** Notifications (通知): planning, rendering and delivering the emails, and the proposer's feedback link. */
@Module({ imports: [HandlingModule, IntakeModule], providers: NOTIFICATION_PROVIDERS, exports: NOTIFICATION_EXPORTS })
export class NotificationsModule {}
