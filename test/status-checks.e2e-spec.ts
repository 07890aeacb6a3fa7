import { randomUUID } from 'node:crypto';
import { createDataSource, runMigrations, STATUS_COLUMNS } from '#persistence';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Every status-like column's CHECK constraint holds exactly its domain union (libs/persistence
 * status-columns.ts): a state added to the domain fails here until a migration widens the CHECK;
 * and Postgres itself refuses a status the domain does not know.
 */
describe('status columns: CHECK constraints built from the domain unions', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('status_checks');
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** The values of the one-column `col IN (…)` CHECKs on table.column, as Postgres stores them. */
  async function checkedValues(table: string, column: string): Promise<string[][]> {
    const rows: Array<{ def: string }> = await ds.query(
      `SELECT pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND a.attname = $2 AND array_length(c.conkey, 1) = 1`,
      [table, column],
    );
    return rows.filter((r) => r.def.includes('ANY (ARRAY[')).map((r) => [...r.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]));
  }

  it.each(STATUS_COLUMNS.map((c) => [`${c.table}.${c.column}`, c] as const))('%s has one CHECK listing exactly its domain union', async (_, c) => {
    const checks = await checkedValues(c.table, c.column);
    expect(checks).toHaveLength(1);
    expect([...checks[0]].sort()).toEqual([...c.values].sort());
  });

  it('Postgres refuses a proposal status the domain does not know, and takes one it does', async () => {
    const insert = (status: string) =>
      ds.query(
        `INSERT INTO proposals (session_id, title, content, status, lead_proposer_id, submitted_at) VALUES ($1, 't', 'c', $2, $3, now())`,
        [randomUUID(), status, randomUUID()],
      );
    // The CHECK is evaluated before the foreign keys: a known status gets as far as the missing session.
    await expect(insert('archived')).rejects.toMatchObject({ code: '23514', constraint: 'proposals_status_check' });
    await expect(insert('submitted')).rejects.toMatchObject({ code: '23503' });
  });

  it('Postgres refuses an unknown state before adjustment, and accepts none (NULL)', async () => {
    const rows: Array<{ ok: boolean }> = await ds.query(
      `SELECT pg_get_constraintdef(oid) LIKE '%state_before_adjustment%' AS ok FROM pg_constraint WHERE conname = 'assignments_state_before_adjustment_check'`,
    );
    expect(rows).toEqual([{ ok: true }]);
    const insert = (before: string | null) =>
      ds.query(
        `INSERT INTO assignments (proposal_id, unit_id, role, state, state_before_adjustment, assigned_at) VALUES ($1, $2, 'lead', 'assigned', $3, now())`,
        [randomUUID(), randomUUID(), before],
      );
    await expect(insert('pending')).rejects.toMatchObject({ code: '23514', constraint: 'assignments_state_before_adjustment_check' });
    await expect(insert(null)).rejects.toMatchObject({ code: '23503' });
  });
});
