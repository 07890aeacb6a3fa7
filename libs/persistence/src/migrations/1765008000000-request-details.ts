import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a request said when it was made, kept on the request itself:
 * - `adjustment_requests.keep_as_co`: a lead unit asking to hand the lead to another unit and to stay
 *   on as co-handler (本单位改为协办) — the usual 主协办互换 — rather than to leave the proposal;
 * - `extension_requests.current_due_on`: the due date the unit asked to move (原期限). The page read
 *   it from the deadline, which an approved extension moves, so it showed the new date twice.
 *   Filled from the request's own event, else (a pending request) from the deadline as it stands.
 */
export class RequestDetails1765008000000 implements MigrationInterface {
  name = 'RequestDetails1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE adjustment_requests ADD COLUMN keep_as_co boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE extension_requests ADD COLUMN current_due_on date`);
    await q.query(`
      UPDATE extension_requests r SET current_due_on = (e.payload->>'currentDueOn')::date
        FROM events e
       WHERE e.type = 'assignment.extension_requested' AND e.subject_id = r.id AND e.payload ? 'currentDueOn'`);
    await q.query(`
      UPDATE extension_requests r SET current_due_on = (e.payload->>'previousDueOn')::date
        FROM events e
       WHERE r.current_due_on IS NULL AND e.type = 'assignment.extension_granted' AND e.subject_id = r.id AND e.payload ? 'previousDueOn'`);
    await q.query(`UPDATE extension_requests r SET current_due_on = d.due_on FROM deadlines d WHERE r.current_due_on IS NULL AND d.id = r.deadline_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE extension_requests DROP COLUMN IF EXISTS current_due_on`);
    await q.query(`ALTER TABLE adjustment_requests DROP COLUMN IF EXISTS keep_as_co`);
  }
}
