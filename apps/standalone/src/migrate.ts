import 'reflect-metadata';
import { DubanConfig, loadDotEnv } from '#common';
import { createDataSource, runMigrations } from '#persistence';

/** `npm run migration:run`: applies pending migrations under the advisory lock every process uses. */
loadDotEnv();
const ds = createDataSource({ url: DubanConfig.fromEnv().databaseUrl, applicationName: 'duban-migrate' });
await ds.initialize();
try {
  const applied = await runMigrations(ds);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
} finally {
  await ds.destroy();
}
