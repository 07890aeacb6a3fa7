import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemClock, type Clock } from '#domain';
import { createDataSource, runMigrations } from '#persistence';
import { DubanConfig, PROCESS_NAME } from '#common';
import { AppContext } from './app-context.js';
import { RulesProvider } from './rules-provider.js';
import { SimulatedClock } from './simulated-clock.js';
import { SubmitProposal, ReviewProposal, WithdrawProposal, ResubmitProposal } from './use-cases/intake.js';
import { AssignProposal, AcceptAssignment, RequestAdjustment, DecideAdjustment, RequestExtension, DecideExtension, ReassignAfterAdjustment } from './use-cases/assignment.js';
import { RecordCommunication, SubmitOpinion, SubmitReply } from './use-cases/handling.js';
import { GiveFeedback, PublishProposal, ReopenForRehandling } from './use-cases/feedback.js';
import { SweepDeadlines } from './use-cases/sweep.js';
import { ClassifyProposal } from './use-cases/classify.js';
import { AlertThemes } from './deadlines.js';
import { INTAKE_CONFIG, loadIntakeConfig, type IntakeConfig } from './intake/intake-config.js';
import { ProposalQueries } from './queries/proposal-queries.js';
import { PublicQueries } from './queries/public-queries.js';
import { StatsQueries } from './queries/stats-queries.js';
import { Sessions, Units, Proposers, Users } from './directory/directory.js';
import { NOTIFICATION_EXPORTS, NOTIFICATION_PROVIDERS } from './notifications/providers.js';
import { LayeredRulesProvider } from './supervision/rules-layer.js';

/** The one clock every use case reads (a Clock that simulated time can move). */
export const CLOCK = Symbol('CLOCK');

/** Every use case takes the AppContext alone, so they are registered the same way. */
const USE_CASES = [
  SubmitProposal, ReviewProposal, WithdrawProposal, ResubmitProposal,
  AssignProposal, AcceptAssignment, RequestAdjustment, DecideAdjustment, RequestExtension, DecideExtension,
  RecordCommunication, SubmitOpinion, SubmitReply, GiveFeedback, PublishProposal, SweepDeadlines,
  ReassignAfterAdjustment, ReopenForRehandling,
] as const;

const useCaseProviders: Provider[] = USE_CASES.map((UseCase) => ({
  provide: UseCase,
  useFactory: (ctx: AppContext) => new UseCase(ctx),
  inject: [AppContext],
}));

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/**
 * The application core every Duban process shares: Postgres, the clock, the rules, the use cases
 * and the read models. Migrations run here, under an advisory lock, unless DUBAN_MIGRATE=off.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [DubanConfig, PROCESS_NAME],
      useFactory: async (config: DubanConfig, processName: string) => {
        const ds = createDataSource({ url: config.databaseUrl, applicationName: processName });
        await ds.initialize();
        if (config.migrate) {
          const applied = await runMigrations(ds);
          if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
        }
        return ds;
      },
    },
    DataSourceLifecycle,
    {
      provide: CLOCK,
      inject: [DubanConfig, DataSource],
      useFactory: async (config: DubanConfig, ds: DataSource): Promise<Clock> => {
        if (!config.timeTravel) return systemClock;
        const clock = new SimulatedClock(ds);
        await clock.refresh();
        clock.start();
        return clock;
      },
    },
    // The configuration files, each read and validated once, here (a bad one stops the process naming the file and field).
    // config/rules.json under the admin's versioned rules layer (supervision/rules-layer.ts).
    { provide: RulesProvider, inject: [DubanConfig], useFactory: (config: DubanConfig) => LayeredRulesProvider.fromConfigFile(config.rulesFile) },
    { provide: INTAKE_CONFIG, inject: [DubanConfig], useFactory: (config: DubanConfig) => loadIntakeConfig(config.intakeConfigFile) },
    { provide: AlertThemes, inject: [INTAKE_CONFIG], useFactory: (intake: IntakeConfig) => new AlertThemes(intake) },
    {
      provide: AppContext,
      inject: [DataSource, CLOCK, RulesProvider, AlertThemes],
      useFactory: (ds: DataSource, clock: Clock, rules: RulesProvider, alertThemes: AlertThemes) => new AppContext(ds, clock, rules, alertThemes),
    },
    ...useCaseProviders,
    { provide: ClassifyProposal, inject: [AppContext, INTAKE_CONFIG], useFactory: (ctx: AppContext, intake: IntakeConfig) => new ClassifyProposal(ctx, intake) },
    { provide: ProposalQueries, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new ProposalQueries(ds, clock) },
    { provide: StatsQueries, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new StatsQueries(ds, clock) },
    { provide: PublicQueries, inject: [DataSource], useFactory: (ds: DataSource) => new PublicQueries(ds) },
    { provide: Sessions, inject: [DataSource, RulesProvider], useFactory: (ds: DataSource, rules: RulesProvider) => new Sessions(ds, rules) },
    { provide: Units, inject: [DataSource], useFactory: (ds: DataSource) => new Units(ds) },
    { provide: Proposers, inject: [DataSource], useFactory: (ds: DataSource) => new Proposers(ds) },
    { provide: Users, inject: [DataSource], useFactory: (ds: DataSource) => new Users(ds) },
    ...NOTIFICATION_PROVIDERS,
  ],
  exports: [
    DataSource, CLOCK, RulesProvider, INTAKE_CONFIG, AlertThemes, AppContext, ...USE_CASES, ClassifyProposal,
    ProposalQueries, StatsQueries, PublicQueries, Sessions, Units, Proposers, Users, ...NOTIFICATION_EXPORTS,
  ],
})
export class DubanCoreModule {}
