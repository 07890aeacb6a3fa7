import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppContext } from '../app-context.js';
import { ImportQueries, RequestImport, RunImport } from './import/import-proposals.js';
import { INTAKE_CONFIG, type IntakeConfig } from './intake-config.js';
import { IntakeQueries } from './intake-queries.js';
import { ProposalSimilarity } from './proposal-similarity.js';

/** On shutdown, a running import stops after its current row; its job is retried and resumes. */
@Injectable()
class StopImportsOnShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(RunImport) private readonly runImport: RunImport) {}

  beforeApplicationShutdown(): void {
    this.runImport.stop();
  }
}

/**
 * Smart intake (智能收案): bulk import, similar proposals and routing suggestions. Global, like the
 * core, so that the API's controllers and the intake worker's job handlers both reach it; the
 * similarity index is built on a worker's first lookup only, so the API never pays for it. Its
 * configuration (INTAKE_CONFIG) is the core's: config/intake.json read once.
 */
@Global()
@Module({
  providers: [
    { provide: ProposalSimilarity, inject: [AppContext, INTAKE_CONFIG], useFactory: (ctx: AppContext, config: IntakeConfig) => new ProposalSimilarity(ctx, config) },
    { provide: IntakeQueries, inject: [DataSource, INTAKE_CONFIG], useFactory: (ds: DataSource, config: IntakeConfig) => new IntakeQueries(ds, config) },
    { provide: RequestImport, inject: [AppContext], useFactory: (ctx: AppContext) => new RequestImport(ctx) },
    { provide: RunImport, inject: [AppContext], useFactory: (ctx: AppContext) => new RunImport(ctx) },
    { provide: ImportQueries, inject: [DataSource], useFactory: (ds: DataSource) => new ImportQueries(ds) },
    StopImportsOnShutdown,
  ],
  exports: [ProposalSimilarity, IntakeQueries, RequestImport, RunImport, ImportQueries],
})
export class IntakeModule {}
