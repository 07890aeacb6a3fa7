import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DubanPlatformModule } from '#application';
import { AuthGuard } from './auth/auth.guard.js';
import { BatchController } from './batch/batch.controller.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthController } from './http/auth.controller.js';
import { ProposersController, SessionsController, UnitsController, UsersController } from './http/directory.controller.js';
import { AssignmentsController, DecisionsController, ProposalsController } from './http/proposals.controller.js';
import { PublicRepliesController, ReportsController } from './http/reports.controller.js';
import { HealthController } from './http/health.controller.js';
import { AdminClockController } from './http/admin-clock.controller.js';
import { IntakeController } from './http/intake.controller.js';
import { CoSigningController, CoSigningLinkController } from './http/co-signing.controller.js';
import { FeedbackLinkController } from './http/feedback-link.controller.js';
import { MessagesController, ShortLinkController } from './http/messages.controller.js';
import { RulesController, SupervisionController, SupervisionExportsController, SupervisionStatsController } from './http/supervision.controller.js';
import { ErrorFilter } from './platform/error-filter.js';
import { AttachmentsController, PublicAttachmentsController } from './http/attachments.controller.js';
import { UiModule } from './ui/ui.module.js';

/** The HTTP side of Duban: the API v1, the UI and the public pages. */
@Module({
  imports: [
    TerminusModule,
    AuthModule,
    UiModule,
  ],
  controllers: [
    AuthController, SessionsController, UnitsController, ProposersController, UsersController,
    ProposalsController, AssignmentsController, DecisionsController, ReportsController, PublicRepliesController, HealthController, AdminClockController, FeedbackLinkController,
    IntakeController,
    SupervisionStatsController, SupervisionController, SupervisionExportsController, RulesController,
    BatchController, MessagesController, ShortLinkController,
    AttachmentsController, PublicAttachmentsController, CoSigningController, CoSigningLinkController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class ApiHttpModule {}

/** The API process. */
@Module({ imports: [DubanPlatformModule.forProcess('duban-api'), ApiHttpModule] })
export class ApiModule {}
