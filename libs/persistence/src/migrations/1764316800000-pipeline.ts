import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event pipeline: each routed job of an event is a row until its handler completes it, so a
 * job lost with Redis is found and enqueued again; events carry a dedupe key for side effects
 * that must happen once (a deadline stage firing, a weekly digest); the simulated clock lives here
 * so that every process reads the same one.
 */
export class Pipeline1764316800000 implements MigrationInterface {
  name = 'Pipeline1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN dedupe_key text`);
    await q.query(`CREATE UNIQUE INDEX events_dedupe_key_uq ON events (dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE event_jobs (
        event_id uuid NOT NULL REFERENCES events(id),
        job_name text NOT NULL,
        job_id text NOT NULL UNIQUE,
        queue text NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 1,
        completed_at timestamptz,
        PRIMARY KEY (event_id, job_name)
      )`);
    // The repair pass reads only what has not completed yet.
    await q.query(`CREATE INDEX event_jobs_incomplete_idx ON event_jobs (enqueued_at) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE TABLE simulated_clock (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        offset_ms bigint NOT NULL,
        set_to timestamptz NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_held_idx ON notifications (not_before) WHERE status = 'held'`);
    // A window that closes unused (申请调整) or a feedback period that runs out (回执) expires.
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_status_check`);
    await q.query(`ALTER TABLE deadlines ADD CONSTRAINT deadlines_status_check CHECK (status IN ('open','settled','cancelled','expired'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_status_check`);
    await q.query(`ALTER TABLE deadlines ADD CONSTRAINT deadlines_status_check CHECK (status IN ('open','settled','cancelled'))`);
    await q.query(`DROP INDEX IF EXISTS notifications_held_idx`);
    await q.query(`DROP TABLE IF EXISTS simulated_clock`);
    await q.query(`DROP TABLE IF EXISTS event_jobs`);
    await q.query(`DROP INDEX IF EXISTS events_dedupe_key_uq`);
    await q.query(`ALTER TABLE events DROP COLUMN IF EXISTS dedupe_key`);
  }
}
