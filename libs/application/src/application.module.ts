import { Global, Module } from '@nestjs/common';
import { BatchModule } from './batch/batch.module.js';
import { DubanCoreModule } from './core.module.js';
import { DeadlinesModule } from './deadlines.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { IntakeModule } from './intake/intake.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { HandlingModule } from './use-cases/handling.module.js';

const CONTEXTS = [DirectoryModule, IntakeModule, HandlingModule, DeadlinesModule, NotificationsModule, SupervisionModule, BatchModule];

/**
 * The composition root of the application: the kernel and every bounded context. The one global
 * module of the application, so that the apps' controllers and job handlers (registered by the
 * queue's consumers module) reach any context; the contexts themselves import what they use.
 */
@Global()
@Module({ imports: [DubanCoreModule, ...CONTEXTS], exports: CONTEXTS })
export class DubanApplicationModule {}
