import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppContext, useCaseProviders, INTAKE_CONFIG, type IntakeConfig } from '#kernel';
import { ClassifyProposal } from './use-cases/classify.js';
import { ResubmitProposal, ReviewProposal, SubmitProposal, WithdrawProposal } from './use-cases/intake.js';
import { ImportQueries, RequestImport, RunImport } from './import/import-proposals.js';
import { IntakeQueries } from './intake-queries.js';
import { AnswerCoSigning, InviteCoSigners } from './use-cases/co-signing.js';
import { CoSigningQueries } from './co-signing-queries.js';
import { ProposalSimilarity } from './proposal-similarity.js';

const USE_CASES = [SubmitProposal, ReviewProposal, WithdrawProposal, ResubmitProposal, InviteCoSigners, AnswerCoSigning] as const;

/** On shutdown, a running import stops after its current row; its job is retried and resumes. */
@Injectable()
class StopImportsOnShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(RunImport) private readonly runImport: RunImport) {}

  beforeApplicationShutdown(): void {
    this.runImport.stop();
  }
}

/**
 * Intake (收案): filing, review, withdrawal and resubmission, classification, and smart intake —
 * bulk import, similar proposals and routing suggestions. The similarity index is built on a
 * worker's first lookup only, so the API never pays for it. Its configuration (INTAKE_CONFIG) is the kernel's: config/intake.json read once.
 */
@Module({
  providers: [
    ...useCaseProviders(USE_CASES),
    { provide: ClassifyProposal, inject: [AppContext, INTAKE_CONFIG], useFactory: (ctx: AppContext, intake: IntakeConfig) => new ClassifyProposal(ctx, intake) },
    { provide: ProposalSimilarity, inject: [AppContext, INTAKE_CONFIG], useFactory: (ctx: AppContext, config: IntakeConfig) => new ProposalSimilarity(ctx, config) },
    { provide: IntakeQueries, inject: [DataSource, INTAKE_CONFIG], useFactory: (ds: DataSource, config: IntakeConfig) => new IntakeQueries(ds, config) },
    { provide: CoSigningQueries, inject: [AppContext], useFactory: (ctx: AppContext) => new CoSigningQueries(ctx) },
    { provide: RequestImport, inject: [AppContext], useFactory: (ctx: AppContext) => new RequestImport(ctx) },
    { provide: RunImport, inject: [AppContext], useFactory: (ctx: AppContext) => new RunImport(ctx) },
    { provide: ImportQueries, inject: [DataSource], useFactory: (ds: DataSource) => new ImportQueries(ds) },
    StopImportsOnShutdown,
  ],
  exports: [...USE_CASES, ClassifyProposal, ProposalSimilarity, IntakeQueries, CoSigningQueries, RequestImport, RunImport, ImportQueries],
})
export class IntakeModule {}
