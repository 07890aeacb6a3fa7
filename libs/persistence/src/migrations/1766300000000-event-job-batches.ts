import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The planning job that carries several events (`notify-for-events`: a sweep's reminders, a relay's
 * backlog) instead of one job per event. Each event keeps its own `event_jobs` row (and job id, by
 * which its completion is recorded); `batch_job_id` names the BullMQ job it travels in, which is
 * what the repair pass asks Redis about (docs/reliability.md).
 */
export class EventJobBatches1766300000000 implements MigrationInterface {
  name = 'EventJobBatches1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event_jobs ADD COLUMN batch_job_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event_jobs DROP COLUMN IF EXISTS batch_job_id`);
  }
}
