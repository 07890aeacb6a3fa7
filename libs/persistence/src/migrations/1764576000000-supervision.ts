import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision (督办): supervision notices with their own deadline (a `deadlines` row of kind
 * 'supervision', swept like any other), the versioned rules layer the admin edits, and the indexes
 * the supervision statistics and the replayed history read (docs/supervision.md).
 */
export class Supervision1764576000000 implements MigrationInterface {
  name = 'Supervision1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_kind_check`);
    await q.query(`
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_kind_check
        CHECK (kind IN ('reply','co_opinion','adjustment','feedback','rehandling','publication','supervision'))`);

    await q.query(`
      CREATE TABLE supervision_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year int NOT NULL,
        number int NOT NULL CHECK (number > 0),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        content text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','responded','withdrawn')),
        issued_by uuid REFERENCES users(id),
        issued_at timestamptz NOT NULL,
        response text,
        responded_by uuid REFERENCES users(id),
        responded_at timestamptz,
        responded_late boolean,
        withdrawn_reason text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (year, number),
        CHECK (status <> 'responded' OR (response IS NOT NULL AND responded_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX supervision_notices_proposal_idx ON supervision_notices (proposal_id)`);
    await q.query(`CREATE INDEX supervision_notices_unit_idx ON supervision_notices (unit_id, status)`);
    await q.query(`CREATE INDEX supervision_notices_assignment_idx ON supervision_notices (assignment_id)`);

    await q.query(`
      CREATE TABLE rules_versions (
        version int PRIMARY KEY CHECK (version > 0),
        document jsonb NOT NULL,
        reason text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]'::jsonb,
        recomputed int NOT NULL DEFAULT 0,
        changed_by uuid REFERENCES users(id),
        changed_by_label text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);

    // The statistics: communications per assignment, proposals per theme.
    await q.query(`CREATE INDEX communications_assignment_idx ON communications (assignment_id)`);
    await q.query(`CREATE INDEX proposals_themes_idx ON proposals USING gin (themes)`);
    // The replayed history reads the events of a few types up to a date.
    await q.query(`CREATE INDEX events_type_occurred_idx ON events (type, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_type_occurred_idx`);
    await q.query(`DROP INDEX IF EXISTS proposals_themes_idx`);
    await q.query(`DROP INDEX IF EXISTS communications_assignment_idx`);
    await q.query(`DROP TABLE IF EXISTS rules_versions`);
    await q.query(`DROP TABLE IF EXISTS supervision_notices`);
    await q.query(`DELETE FROM deadlines WHERE kind = 'supervision'`);
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_kind_check`);
    await q.query(`
      ALTER TABLE deadlines ADD CONSTRAINT deadlines_kind_check
        CHECK (kind IN ('reply','co_opinion','adjustment','feedback','rehandling','publication'))`);
  }
}
