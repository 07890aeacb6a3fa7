import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters' once-per-transaction guard in constant time (docs/performance.md, "The counters
 * cost the writes"). `duban_refresh_proposal_counts_once` remembered the proposals already refreshed
 * in a transaction in one transaction-local setting, a string it searched and copied again for
 * every row: nothing for the few proposals of a use case, quadratic for a bulk statement. The guard
 * alone, called for 100,000 rows of 25,000 proposals in one transaction, took 414 s; with the list
 * spread over 1,024 settings by a hash of the id, 2.9 s (five rows: 1.0 and 1.3 ms). The rule —
 * once per proposal and transaction, at commit — is unchanged.
 */
export class ProposalCountsGuard1765990000000 implements MigrationInterface {
  name = 'ProposalCountsGuard1765990000000';

  async up(q: QueryRunner): Promise<void> {
    await defineGuard(q, `'duban.counted_' || (hashtext(pid::text) & 1023)::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await defineGuard(q, `'duban.counted_proposals'`);
  }
}

/** The guard, keeping its list in the setting `setting` names (an SQL expression of `pid`). */
async function defineGuard(q: QueryRunner, setting: string): Promise<void> {
  await q.query(`
    CREATE OR REPLACE FUNCTION duban_refresh_proposal_counts_once(pid uuid) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      setting text;
      seen text;
    BEGIN
      IF pid IS NULL THEN RETURN; END IF;
      setting := ${setting};
      seen := coalesce(current_setting(setting, true), '');
      IF position(pid::text IN seen) > 0 THEN RETURN; END IF;
      PERFORM set_config(setting, seen || pid::text || ',', true);
      PERFORM duban_refresh_proposal_counts(pid);
    END
    $$`);
}
