import type { DataSource } from 'typeorm';
import { ANSWER_DEADLINE_KINDS, PUBLISHABLE_STATUSES, type Clock } from '#domain';
import type { SqlRow, UserActor } from './sorting.js';
import { deadlineWindowWhere, UNIT_ASSIGNMENT_ROWS, unitAssignmentRow, type DeadlineWindow, type UnitAssignmentRow } from './work-lists.js';

/** A deadline on someone's desk, with what it belongs to. */
export interface DeskDeadline {
  id: string;
  kind: string;
  dueOn: string;
  dueAt: Date;
  status: string;
  stage: string;
  proposalId: string;
  number: number | null;
  title: string;
  sessionName: string;
  unitName: string | null;
}

export type DeskAssignment = UnitAssignmentRow;

export interface DeskProposal {
  id: string;
  number: number | null;
  title: string;
  status: string;
  sessionName: string;
  submittedAt: Date;
  proposerName: string;
}

export interface DeskRequest {
  id: string;
  type: 'adjustment' | 'extension';
  proposalId: string;
  number: number | null;
  title: string;
  sessionName: string;
  unitName: string;
  reason: string;
  requestedAt: Date;
  newDueOn: string | null;
}

/** 工作台: what is on each role's desk (deadlines, assignments, proposals to review, publish, rate, requests). */
export class DeskQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Running deadlines (not the adjustment windows) of what the actor handles: overdue, or due within SOON_DAYS. */
  async deadlines(actor: UserActor, which: DeadlineWindow, limit = 50): Promise<DeskDeadline[]> {
    const now = this.clock.now();
    const params: unknown[] = [now];
    const where = deadlineWindowWhere(actor, which, now, params);
    params.push(limit);
    const rows: SqlRow[] = await this.ds.query(
      `SELECT d.id, d.kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.status, d.stage, p.id AS proposal_id, p.number, p.title,
              s.name AS session_name, u.name AS unit_name
         FROM deadlines d
         JOIN proposals p ON p.id = d.proposal_id
         JOIN sessions s ON s.id = p.session_id
         LEFT JOIN assignments a ON a.id = d.assignment_id
         LEFT JOIN units u ON u.id = a.unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.due_at, p.number NULLS LAST
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id, kind: r.kind, dueOn: r.due_on, dueAt: r.due_at, status: r.status, stage: r.stage, proposalId: r.proposal_id,
      number: r.number, title: r.title, sessionName: r.session_name, unitName: r.unit_name,
    }));
  }

  /** A unit's assignments in the given states, soonest answer deadline first. */
  async unitAssignments(unitId: string, states: string[]): Promise<DeskAssignment[]> {
    const rows: SqlRow[] = await this.ds.query(
      `${UNIT_ASSIGNMENT_ROWS}
        ORDER BY (SELECT min(d.due_at) FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open') NULLS LAST, a.assigned_at
        LIMIT 100`,
      [unitId, states, ANSWER_DEADLINE_KINDS],
    );
    return rows.map(unitAssignmentRow);
  }

  /** Proposals in one of `statuses`, optionally only those still to publish or of one proposer. */
  async proposals(where: { statuses?: string[]; toPublish?: boolean; proposerId?: string; awaitingRating?: boolean }, limit = 50): Promise<DeskProposal[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (where.statuses) conditions.push(`p.status = ANY($${params.push(where.statuses)}::text[])`);
    if (where.toPublish) {
      conditions.push(`p.status = ANY($${params.push(PUBLISHABLE_STATUSES)}::text[]) AND NOT p.published AND EXISTS (SELECT 1 FROM replies r WHERE r.proposal_id = p.id AND r.public)`);
    }
    if (where.proposerId) {
      const i = params.push(where.proposerId);
      // Only the lead proposer rates; co-proposers see their proposals.
      conditions.push(
        where.awaitingRating
          ? `p.lead_proposer_id = $${i}`
          : `(p.lead_proposer_id = $${i} OR EXISTS (SELECT 1 FROM proposal_co_proposers cp WHERE cp.proposal_id = p.id AND cp.proposer_id = $${i}))`,
      );
    }
    if (where.awaitingRating) {
      conditions.push(`p.status = 'replied' AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.proposal_id = p.id AND f.round = p.round)`);
    }
    params.push(limit);
    const rows: SqlRow[] = await this.ds.query(
      `SELECT p.id, p.number, p.title, p.status, p.submitted_at, s.name AS session_name, pr.name AS proposer_name
         FROM proposals p JOIN sessions s ON s.id = p.session_id JOIN proposers pr ON pr.id = p.lead_proposer_id
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY p.submitted_at DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id, number: r.number, title: r.title, status: r.status, sessionName: r.session_name, submittedAt: r.submitted_at, proposerName: r.proposer_name,
    }));
  }

  /** Adjustment and extension requests waiting for the supervision office. */
  async pendingRequests(): Promise<DeskRequest[]> {
    const out: SqlRow[] = await this.ds.query(
      `SELECT x.id, x.type, x.reason, x.requested_at, x.new_due_on, u.name AS unit_name, p.id AS proposal_id, p.number, p.title, s.name AS session_name
         FROM (
           SELECT r.id, 'adjustment' AS type, r.reason, r.requested_at, NULL::text AS new_due_on, r.assignment_id FROM adjustment_requests r WHERE r.status = 'pending'
           UNION ALL
           SELECT r.id, 'extension', r.reason, r.requested_at, to_char(r.new_due_on, 'YYYY-MM-DD'), r.assignment_id FROM extension_requests r WHERE r.status = 'pending'
         ) x
         JOIN assignments a ON a.id = x.assignment_id JOIN units u ON u.id = a.unit_id
         JOIN proposals p ON p.id = a.proposal_id JOIN sessions s ON s.id = p.session_id
        ORDER BY x.requested_at LIMIT 100`,
    );
    return out.map((r) => ({
      id: r.id, type: r.type, proposalId: r.proposal_id, number: r.number, title: r.title, sessionName: r.session_name, unitName: r.unit_name,
      reason: r.reason, requestedAt: r.requested_at, newDueOn: r.new_due_on,
    }));
  }

  /** How many notifications are dead (the admin's desk). */
  async deadNotificationCount(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'dead'`);
    return n;
  }
}
