import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemClock, type Clock } from '#domain';
import { createDataSource, runMigrations } from '#persistence';
import { DubanConfig, PROCESS_NAME } from '#common';
import { AppContext } from './app-context.js';
import { RulesProvider } from './rules-provider.js';
import { SimulatedClock } from './simulated-clock.js';
import { AlertThemes } from './alert-themes.js';
import { INTAKE_CONFIG, loadIntakeConfig, type IntakeConfig } from './intake-config.js';
import { LayeredRulesProvider } from './rules-layer.js';

/** The one clock every use case reads (a Clock that simulated time can move). */
export const CLOCK = Symbol('CLOCK');

/** Providers of use cases that take the AppContext alone (`new UseCase(ctx)`): every context registers its own so. */
export const useCaseProviders = (useCases: ReadonlyArray<new (ctx: AppContext) => unknown>): Provider[] =>
  useCases.map((UseCase) => ({ provide: UseCase, useFactory: (ctx: AppContext) => new UseCase(ctx), inject: [AppContext] }));

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/**
 * The kernel every Duban process shares: Postgres, the clock, the configuration files (read and
 * validated once), the rules in force, the alert themes and the AppContext. Global: every context's
 * module and the queue's outbox take them. Migrations run here, under an advisory lock, unless
 * DUBAN_MIGRATE=off.
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
    // config/rules.json under the admin's versioned rules layer (rules-layer.ts): one instance, under both tokens,
    // so that the contexts which edit the layer (supervision) take the layered one without a downcast.
    { provide: LayeredRulesProvider, inject: [DubanConfig], useFactory: (config: DubanConfig) => LayeredRulesProvider.fromConfigFile(config.rulesFile) },
    { provide: RulesProvider, useExisting: LayeredRulesProvider },
    { provide: INTAKE_CONFIG, inject: [DubanConfig], useFactory: (config: DubanConfig) => loadIntakeConfig(config.intakeConfigFile) },
    { provide: AlertThemes, inject: [INTAKE_CONFIG], useFactory: (intake: IntakeConfig) => new AlertThemes(intake) },
    {
      provide: AppContext,
      inject: [DataSource, CLOCK, RulesProvider, AlertThemes],
      useFactory: (ds: DataSource, clock: Clock, rules: RulesProvider, alertThemes: AlertThemes) => new AppContext(ds, clock, rules, alertThemes),
    },
  ],
  exports: [DataSource, CLOCK, LayeredRulesProvider, RulesProvider, INTAKE_CONFIG, AlertThemes, AppContext],
})
export class DubanCoreModule {}
