import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every status-like column holds only the codes of its domain union (issue 13). The initial schema
 * already checked most of them (assignments.state and .role, the requests, communications.method,
 * feedback.rating and .via, deadlines.kind and .status, notifications.status, the imports, the
 * supervision notices, users.role, units.kind, proposers.kind and .body, sessions.body); these two
 * were left unchecked: `proposals.status` (提案状态) and `assignments.state_before_adjustment`.
 *
 * The lists are written out, as a migration is history: they are the domain's PROPOSAL_STATUSES and
 * ASSIGNMENT_STATES of today. test/status-checks.e2e-spec.ts compares every CHECK with the domain's
 * unions (libs/persistence/src/status-columns.ts), so a new state fails that test until a migration
 * widens its CHECK.
 */
export class StatusChecks1765612800000 implements MigrationInterface {
  name = 'StatusChecks1765612800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE proposals ADD CONSTRAINT proposals_status_check CHECK (status IN (
        'submitted','filed','not_filed','merged','converted','returned','withdrawn','assigned','handling','replied','rehandling','closed'))`);
    await q.query(`
      ALTER TABLE assignments ADD CONSTRAINT assignments_state_before_adjustment_check CHECK (state_before_adjustment IN (
        'assigned','accepted','replied','opinion_submitted','adjustment_requested','removed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments DROP CONSTRAINT IF EXISTS assignments_state_before_adjustment_check`);
    await q.query(`ALTER TABLE proposals DROP CONSTRAINT IF EXISTS proposals_status_check`);
  }
}
