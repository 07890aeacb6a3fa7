import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Totals that cost no scan (issue 17, docs/performance.md): exact counts of proposals for the
 * register's filters, kept by triggers in the transaction of the change.
 *
 * - `proposal_count_facts`: per proposal, what it is counted under now — session, status, key
 *   (重点提案), category, themes, the units it is assigned to (not removed), those that lead it, and `due_at`, the earliest
 *   due time of its open duty deadlines (not the adjustment windows: the one definition of overdue,
 *   application `OVERDUE_CONDITION`).
 * - `proposal_counts`: how many proposals per (facet, value, session, status, key), facet one of
 *   `all` (value ''), `unit` (the unit's id), `theme`, `category`, `due` (the UTC day of `due_at`),
 *   and `lead:<category>` (the lead unit's id: which units most often led proposals of a category,
 *   the UI's suggestion at assignment).
 *   A total is a sum over a few dozen rows whatever the number of proposals.
 *
 * Overdue changes with time, not only with writes: the overdue count at `now` is the `due` rows of
 * the days before today (UTC) plus the facts whose `due_at` falls today before `now` (an index range
 * of one day), so it stays exact without a job moving anything when a deadline passes.
 *
 * The triggers are deferred to commit (constraint triggers): the hot counter rows are locked only
 * for the end of a transaction, and a proposal changed by several statements is counted once, from
 * its final state (`duban_refresh_proposal_counts` compares it with the stored facts and does
 * nothing when they are the same). `duban_rebuild_proposal_counts()` recomputes everything in bulk
 * (this migration, and after a bulk load with triggers off).
 */
export class ProposalCounts1765872000000 implements MigrationInterface {
  name = 'ProposalCounts1765872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_count_facts (
        proposal_id uuid PRIMARY KEY,
        session_id uuid NOT NULL,
        status text NOT NULL,
        key boolean NOT NULL,
        category text,
        themes text[] NOT NULL,
        units uuid[] NOT NULL,
        leads uuid[] NOT NULL,
        due_at timestamptz
      )`);
    await q.query(`CREATE INDEX proposal_count_facts_due_idx ON proposal_count_facts (due_at) WHERE due_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE proposal_counts (
        facet text NOT NULL,
        value text NOT NULL,
        session_id uuid NOT NULL,
        status text NOT NULL,
        key boolean NOT NULL,
        n int NOT NULL,
        PRIMARY KEY (facet, value, session_id, status, key)
      )`);
    // The facet rows one proposal's facts count under.
    await q.query(`
      CREATE FUNCTION duban_count_keys(f proposal_count_facts) RETURNS TABLE (facet text, value text)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT 'all', '' WHERE f.proposal_id IS NOT NULL
        UNION ALL SELECT 'unit', u::text FROM unnest(f.units) u WHERE f.proposal_id IS NOT NULL
        UNION ALL SELECT 'theme', t FROM unnest(f.themes) t WHERE f.proposal_id IS NOT NULL
        UNION ALL SELECT 'category', f.category WHERE f.proposal_id IS NOT NULL AND f.category IS NOT NULL
        UNION ALL SELECT 'lead:' || f.category, u::text FROM unnest(f.leads) u WHERE f.proposal_id IS NOT NULL AND f.category IS NOT NULL
        UNION ALL SELECT 'due', to_char(f.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') WHERE f.proposal_id IS NOT NULL AND f.due_at IS NOT NULL
      $$`);
    // A proposal's facts as its rows say now (no row when the proposal is gone).
    await q.query(`
      CREATE FUNCTION duban_proposal_facts(pid uuid) RETURNS SETOF proposal_count_facts
      LANGUAGE sql STABLE AS $$
        SELECT p.id, p.session_id, p.status, p.key, p.category,
               coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(p.themes) t WHERE t IS NOT NULL), '{}'),
               coalesce((SELECT array_agg(DISTINCT a.unit_id ORDER BY a.unit_id) FROM assignments a WHERE a.proposal_id = p.id AND a.state <> 'removed'), '{}'),
               coalesce((SELECT array_agg(DISTINCT a.unit_id ORDER BY a.unit_id) FROM assignments a WHERE a.proposal_id = p.id AND a.state <> 'removed' AND a.role = 'lead'), '{}'),
               (SELECT min(d.due_at) FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open' AND d.kind <> 'adjustment')
          FROM proposals p WHERE p.id = pid
      $$`);
    await q.query(`
      CREATE FUNCTION duban_refresh_proposal_counts(pid uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        was proposal_count_facts;
        now_is proposal_count_facts;
      BEGIN
        IF pid IS NULL THEN RETURN; END IF;
        SELECT * INTO was FROM proposal_count_facts WHERE proposal_id = pid FOR UPDATE;
        SELECT * INTO now_is FROM duban_proposal_facts(pid);
        IF was IS NOT DISTINCT FROM now_is THEN RETURN; END IF;
        INSERT INTO proposal_counts AS c (facet, value, session_id, status, key, n)
        SELECT k.facet, k.value, k.session_id, k.status, k.key, sum(k.d)::int
          FROM (SELECT o.facet, o.value, was.session_id, was.status, was.key, -1 AS d FROM duban_count_keys(was) o
                UNION ALL
                SELECT o.facet, o.value, now_is.session_id, now_is.status, now_is.key, 1 FROM duban_count_keys(now_is) o) k
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(k.d) <> 0
         ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (facet, value, session_id, status, key) DO UPDATE SET n = c.n + EXCLUDED.n;
        IF now_is.proposal_id IS NULL THEN
          DELETE FROM proposal_count_facts WHERE proposal_id = pid;
        ELSE
          INSERT INTO proposal_count_facts SELECT now_is.*
          ON CONFLICT (proposal_id) DO UPDATE SET session_id = EXCLUDED.session_id, status = EXCLUDED.status, key = EXCLUDED.key,
            category = EXCLUDED.category, themes = EXCLUDED.themes, units = EXCLUDED.units, leads = EXCLUDED.leads, due_at = EXCLUDED.due_at;
        END IF;
      END
      $$`);
    // Once per proposal and transaction: the triggers are deferred to commit, so the first refresh
    // already sees the proposal's final rows; an assignment (its proposal, assignments and deadlines
    // written in one transaction) fired five refreshes of the same proposal before.
    await q.query(`
      CREATE FUNCTION duban_refresh_proposal_counts_once(pid uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        seen text := coalesce(current_setting('duban.counted_proposals', true), '');
      BEGIN
        IF pid IS NULL OR position(pid::text IN seen) > 0 THEN RETURN; END IF;
        PERFORM set_config('duban.counted_proposals', seen || pid::text || ',', true);
        PERFORM duban_refresh_proposal_counts(pid);
      END
      $$`);
    await q.query(`
      CREATE FUNCTION duban_proposal_counts_trigger() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'proposals' THEN
          PERFORM duban_refresh_proposal_counts_once(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        ELSE
          IF TG_OP <> 'INSERT' THEN PERFORM duban_refresh_proposal_counts_once(OLD.proposal_id); END IF;
          IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.proposal_id IS DISTINCT FROM OLD.proposal_id) THEN
            PERFORM duban_refresh_proposal_counts_once(NEW.proposal_id);
          END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    // Deferred to commit. An update fires only when a counted column's value changes (WHEN), not when
    // it is merely in the SET list: the sweep sets every claimed deadline's status to itself, and
    // TypeORM's save writes every column.
    const changed = (cols: string[]) => cols.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
    for (const [table, cols] of [
      ['proposals', ['session_id', 'status', 'key', 'category', 'themes']],
      ['assignments', ['proposal_id', 'unit_id', 'state', 'role']],
      ['deadlines', ['proposal_id', 'status', 'kind', 'due_at']],
    ] as const) {
      await q.query(`
        CREATE CONSTRAINT TRIGGER proposal_counts_${table} AFTER INSERT OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION duban_proposal_counts_trigger()`);
      await q.query(`
        CREATE CONSTRAINT TRIGGER proposal_counts_${table}_update AFTER UPDATE OF ${cols.join(', ')} ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (${changed([...cols])}) EXECUTE FUNCTION duban_proposal_counts_trigger()`);
    }
    await q.query(`
      CREATE FUNCTION duban_rebuild_proposal_counts() RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE proposal_count_facts, proposal_counts IN EXCLUSIVE MODE;
        TRUNCATE proposal_count_facts, proposal_counts;
        INSERT INTO proposal_count_facts
        SELECT p.id, p.session_id, p.status, p.key, p.category,
               coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(p.themes) t WHERE t IS NOT NULL), '{}'),
               coalesce(a.units, '{}'), coalesce(a.leads, '{}'), d.due_at
          FROM proposals p
          LEFT JOIN (SELECT proposal_id, array_agg(DISTINCT unit_id ORDER BY unit_id) units,
                            array_agg(DISTINCT unit_id ORDER BY unit_id) FILTER (WHERE role = 'lead') leads
                       FROM assignments WHERE state <> 'removed' GROUP BY 1) a
                 ON a.proposal_id = p.id
          LEFT JOIN (SELECT proposal_id, min(due_at) due_at FROM deadlines WHERE status = 'open' AND kind <> 'adjustment' GROUP BY 1) d
                 ON d.proposal_id = p.id;
        INSERT INTO proposal_counts (facet, value, session_id, status, key, n)
        SELECT k.facet, k.value, f.session_id, f.status, f.key, count(*)::int
          FROM proposal_count_facts f, duban_count_keys(f) k
         GROUP BY 1, 2, 3, 4, 5;
      END
      $$`);
    await q.query(`SELECT duban_rebuild_proposal_counts()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['deadlines', 'assignments', 'proposals']) {
      await q.query(`DROP TRIGGER IF EXISTS proposal_counts_${table}_update ON ${table}`);
      await q.query(`DROP TRIGGER IF EXISTS proposal_counts_${table} ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS duban_rebuild_proposal_counts()`);
    await q.query(`DROP FUNCTION IF EXISTS duban_proposal_counts_trigger()`);
    await q.query(`DROP FUNCTION IF EXISTS duban_refresh_proposal_counts_once(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS duban_refresh_proposal_counts(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS duban_proposal_facts(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS duban_count_keys(proposal_count_facts)`);
    await q.query(`DROP TABLE IF EXISTS proposal_counts`);
    await q.query(`DROP TABLE IF EXISTS proposal_count_facts`);
  }
}
