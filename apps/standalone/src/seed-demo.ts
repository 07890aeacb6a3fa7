import 'reflect-metadata';
import { AttachmentFiles, createAttachmentStorage, createVirusScanner } from '#handling';
import { DemoSeeder } from './demo/seed-demo.js';
import { RulesProvider, loadIntakeRules } from '#kernel';
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
  // No. 196's reply carries its signed letter, stored where the deployment keeps attachments.
  const files = new AttachmentFiles(createAttachmentStorage(config.attachmentStore), createVirusScanner(config.clamdUrl));
  const result = await new DemoSeeder(ds, RulesProvider.fromFile(config.rulesFile), loadIntakeRules(config.intakeConfigFile), files).seed();
  console.log(
    result.seeded
      ? `demo data loaded: ${result.proposals} proposals, ${result.events} events of history`
      : 'the database already holds data: demo data not loaded',
  );
} finally {
  await ds.destroy();
}
