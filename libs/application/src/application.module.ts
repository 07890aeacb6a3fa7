import { Global, Module } from '@nestjs/common';
import { BatchModule } from '#batch';
import { DubanCoreModule } from '#kernel';
import { DeadlinesModule } from '#deadlines';
import { DirectoryModule } from '#directory';
import { IntakeModule } from '#intake';
import { NotificationsModule } from '#notifications';
import { SupervisionModule } from '#supervision';
import { HandlingModule } from '#handling';

const CONTEXTS = [DirectoryModule, IntakeModule, HandlingModule, DeadlinesModule, NotificationsModule, SupervisionModule, BatchModule];

/**
 * The composition root of the application: the kernel and every bounded context. The one global
 * module of the application, so that the apps' controllers and job handlers (registered by the
 * queue's consumers module) reach any context; the contexts themselves import what they use.
 */
@Global()
@Module({ imports: [DubanCoreModule, ...CONTEXTS], exports: CONTEXTS })
export class DubanApplicationModule {}
