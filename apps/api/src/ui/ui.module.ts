import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { ListExports, SupervisionExports } from '#supervision';
import { ReadModelsModule } from '#handling';
import { AdminPagesController } from './controllers/admin-pages.controller.js';
import { BatchPagesController } from './controllers/batch-pages.controller.js';
import { ListPagesController } from './controllers/list-pages.controller.js';
import { AuthPagesController } from './controllers/auth-pages.controller.js';
import { CoSigningLinkPagesController, CoSigningPagesController } from './controllers/co-signing-pages.controller.js';
import { FeedbackPagesController } from './controllers/feedback-pages.controller.js';
import { HomeController } from './controllers/home.controller.js';
import { ProposalActionsController } from './controllers/proposal-actions.controller.js';
import { ProposalPage } from './controllers/proposal-page.js';
import { MessagesPagesController } from './controllers/messages-pages.controller.js';
import { MemberPagesController } from './controllers/member-pages.controller.js';
import { DraftPage } from './controllers/member-pages.js';
import { SubmissionChoices } from './controllers/submission-choices.js';
import { ProposalPagesController } from './controllers/proposal-pages.controller.js';
import { UnitActionsController } from './controllers/unit-actions.controller.js';
import { PublicPagesController } from './controllers/public-pages.controller.js';
import { Csrf, CsrfAfterUpload, CsrfGuard } from './csrf.js';
import { ImportPagesController } from './intake/import-pages.controller.js';
import { ProposalSupervisionController } from './supervision/proposal-supervision.controller.js';
import { SupervisionPagesController } from './supervision/supervision-pages.controller.js';
import { LoginThrottlerGuard } from './login-throttler.guard.js';
import { UiExceptionFilter } from './ui-exception.filter.js';
import { Ui } from './ui.service.js';
import { Views } from './views.js';

/**
 * The staff UI, the proposer's feedback page and the public replies: server-rendered Chinese pages
 * (nunjucks) over the same use cases as the API. Its guards protect the whole HTTP side: CSRF on
 * every state-changing request the session cookie authenticates, and rate-limited sign-in.
 * `configureUi(app)` adds what lives outside Nest's routing (helmet, static files, bull-board).
 */
@Module({
  imports: [AuthModule, ReadModelsModule],
  controllers: [
    AuthPagesController, HomeController, ProposalPagesController, ProposalActionsController, UnitActionsController, AdminPagesController, FeedbackPagesController, PublicPagesController,
    SupervisionPagesController, ProposalSupervisionController, ImportPagesController,
    BatchPagesController, ListPagesController, MessagesPagesController, MemberPagesController, CoSigningLinkPagesController, CoSigningPagesController,
  ],
  providers: [
    Views, Csrf, CsrfGuard, CsrfAfterUpload, Ui, ProposalPage, DraftPage, SubmissionChoices, UiExceptionFilter,
    { provide: ListExports, inject: [SupervisionExports], useFactory: (tables: SupervisionExports) => new ListExports(tables) },
    { provide: APP_GUARD, useClass: LoginThrottlerGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
})
export class UiModule {}
