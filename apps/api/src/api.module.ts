import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { DubanCoreModule } from '#application';
import { DubanConfig, dubanConfigModule, dubanLoggerModule } from '#common';
import { AuthGuard } from './auth/auth.guard.js';
import { SessionTokens } from './auth/session-tokens.js';
import { AuthController } from './http/auth.controller.js';
import { ProposersController, SessionsController, UnitsController, UsersController } from './http/directory.controller.js';
import { AssignmentsController, DecisionsController, ProposalsController } from './http/proposals.controller.js';
import { PublicRepliesController, ReportsController } from './http/reports.controller.js';
import { HealthController } from './http/health.controller.js';
import { ErrorFilter } from './platform/error-filter.js';

/** The HTTP API (and later the UI and public pages) of Duban. */
@Module({
  imports: [
    dubanConfigModule(),
    dubanLoggerModule(),
    DubanCoreModule,
    TerminusModule,
    JwtModule.registerAsync({
      inject: [DubanConfig],
      useFactory: (config: DubanConfig) => ({ secret: config.jwtSecret, signOptions: { expiresIn: config.sessionTtlSeconds } }),
    }),
  ],
  controllers: [
    AuthController, SessionsController, UnitsController, ProposersController, UsersController,
    ProposalsController, AssignmentsController, DecisionsController, ReportsController, PublicRepliesController, HealthController,
  ],
  providers: [
    SessionTokens,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class ApiModule {}
