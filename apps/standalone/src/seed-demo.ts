import 'reflect-metadata';
import { DemoSeeder, RulesProvider, loadIntakeRules } from '#application';
import { DubanConfig, loadDotEnv } from '#common';
import { createDataSource, runMigrations } from '#persistence';

/** `npm run seed:demo`: migrates, then loads the demo data into an empty database (and only then). */
loadDotEnv();
const config = DubanConfig.fromEnv();
const ds = createDataSource({ url: config.databaseUrl, applicationName: 'duban-seed' });
await ds.initialize();
try {
  const applied = await runMigrations(ds);
  if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
  const result = await new DemoSeeder(ds, RulesProvider.fromFile(config.rulesFile), loadIntakeRules(config.intakeConfigFile)).seed();
  console.log(
    result.seeded
      ? `demo data loaded: ${result.proposals} proposals, ${result.events} events of history`
      : 'the database already holds data: demo data not loaded',
  );
} finally {
  await ds.destroy();
}
