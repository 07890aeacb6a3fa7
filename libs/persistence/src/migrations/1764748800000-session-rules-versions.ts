import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session's own rules override (sessions.rules_override) is versioned like the admin's rules
 * layer (docs/supervision.md, "Rules as data"): `PATCH /api/v1/sessions/:id` with a changed
 * `rulesOverride` goes through the same rules change, which stores a version here (the whole
 * override, the one before it, why, who, when, what changed, how many running deadlines it
 * recomputed) and records a `session.rules_changed` event.
 */
export class SessionRulesVersions1764748800000 implements MigrationInterface {
  name = 'SessionRulesVersions1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_rules_versions (
        session_id uuid NOT NULL REFERENCES sessions(id),
        version int NOT NULL CHECK (version > 0),
        document jsonb NOT NULL,
        previous jsonb NOT NULL,
        reason text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]'::jsonb,
        recomputed int NOT NULL DEFAULT 0,
        changed_by uuid REFERENCES users(id),
        changed_by_label text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS session_rules_versions`);
  }
}
