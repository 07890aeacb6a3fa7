import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing model's incremental refresh (issue 16, libs/intake/src/unit-routing.ts) asks every
 * few seconds which proposals' assignments changed since it last looked: the assignment events by
 * the time they were recorded. A partial index holds those events only, so other events pay
 * nothing for it.
 */
export class AssignmentEventsIndex1766500000001 implements MigrationInterface {
  name = 'AssignmentEventsIndex1766500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX events_assignment_recorded_idx ON events (recorded_at)
        WHERE type IN ('proposal.assigned', 'assignment.reassigned', 'assignment.adjustment_approved')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_assignment_recorded_idx`);
  }
}
