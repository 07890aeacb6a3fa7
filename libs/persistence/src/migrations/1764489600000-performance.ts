import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found by the benchmarks (docs/performance.md, `npm run bench -- api`): with 100,000
 * proposals, every register page sorted the whole table (ORDER BY submitted_at DESC, id), and the
 * overdue filter joined every open deadline. With these, a page walks the register in order and
 * stops at its 20 rows; "has an open deadline past due" is an index-only probe per proposal.
 */
export class Performance1764489600000 implements MigrationInterface {
  name = 'Performance1764489600000';

  async up(q: QueryRunner): Promise<void> {
    // The register of one session, newest first (GET /proposals?sessionId=…).
    await q.query(`CREATE INDEX IF NOT EXISTS proposals_register_idx ON proposals (session_id, submitted_at DESC, id)`);
    // Every session's register, newest first (other filters are checked row by row along it).
    await q.query(`CREATE INDEX IF NOT EXISTS proposals_submitted_idx ON proposals (submitted_at DESC, id)`);
    // overdue=true|false: EXISTS (an open deadline of the proposal past due).
    await q.query(`CREATE INDEX IF NOT EXISTS deadlines_open_proposal_idx ON deadlines (proposal_id, due_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deadlines_open_proposal_idx`);
    await q.query(`DROP INDEX IF EXISTS proposals_submitted_idx`);
    await q.query(`DROP INDEX IF EXISTS proposals_register_idx`);
  }
}
