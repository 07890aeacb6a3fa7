import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications of an event. The planner asks for them on every event it plans (were they
 * planned before? which are still to send?), and without this index each ask read the whole
 * notifications table: the pipeline bench's Postgres spent ~39 ms of CPU per event once 12,000
 * notifications existed, growing with every email ever sent (docs/performance.md).
 */
export class NotificationEventIndex1764835200000 implements MigrationInterface {
  name = 'NotificationEventIndex1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS notifications_event_idx ON notifications (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notifications_event_idx`);
  }
}
