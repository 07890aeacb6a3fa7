import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit's internal flow and its sign-off (单位内部流转与审签, issue 14; domain sign-off.ts):
 * - `users.unit_role`, a unit user's post (联络员 · 经办人 · 分管领导). The unit users of before become
 *   liaisons, who may do all a unit user could do: a unit without a leader works as before.
 * - `assignments.officer_user_id`, `desk_stage`, `desk_stage_since`: whom the liaison gave the work
 *   to, and where in the unit it waits since when (the desk shows it).
 * - `reply_drafts`: the officer's drafts for the leader's sign-off, one row per submission, at most
 *   one of an assignment pending.
 */
export class UnitSignOff1766000000000 implements MigrationInterface {
  name = 'UnitSignOff1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN unit_role text CHECK (unit_role IN ('liaison','officer','leader'))`);
    await q.query(`UPDATE users SET unit_role = 'liaison' WHERE role = 'unit'`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_unit_role_of_unit CHECK (unit_role IS NULL OR role = 'unit')`);
    // The desk and the sign-off ask "has this unit an active leader?".
    await q.query(`CREATE INDEX users_unit_leaders_idx ON users (unit_id) WHERE unit_role = 'leader' AND active`);
    await q.query(`
      ALTER TABLE assignments
        ADD COLUMN officer_user_id uuid REFERENCES users(id),
        ADD COLUMN desk_stage text CHECK (desk_stage IN ('liaison','officer','leader')),
        ADD COLUMN desk_stage_since timestamptz,
        ADD CONSTRAINT assignments_desk_stage_since CHECK ((desk_stage IS NULL) = (desk_stage_since IS NULL))`);
    await q.query(`CREATE INDEX assignments_officer_idx ON assignments (officer_user_id) WHERE officer_user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE reply_drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        round int NOT NULL,
        content text NOT NULL,
        result_category text NOT NULL,
        contact_name text NOT NULL,
        contact_phone text NOT NULL,
        public boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','approved','returned')),
        drafted_by uuid NOT NULL REFERENCES users(id),
        drafted_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        comment text,
        reply_id uuid REFERENCES replies(id),
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK (status <> 'returned' OR length(btrim(comment)) > 0)
      )`);
    await q.query(`CREATE INDEX reply_drafts_assignment_idx ON reply_drafts (assignment_id, drafted_at)`);
    await q.query(`CREATE UNIQUE INDEX reply_drafts_one_pending_idx ON reply_drafts (assignment_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reply_drafts`);
    await q.query(`ALTER TABLE assignments DROP COLUMN IF EXISTS desk_stage_since, DROP COLUMN IF EXISTS desk_stage, DROP COLUMN IF EXISTS officer_user_id`);
    await q.query(`DROP INDEX IF EXISTS users_unit_leaders_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_unit_role_of_unit, DROP COLUMN IF EXISTS unit_role`);
  }
}
