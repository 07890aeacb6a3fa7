import type { DataSource } from 'typeorm';
import { daysLeft, deadlineBasis, toShanghaiDate, type Clock, type DaysLeft, type DeadlineBasis, type DeadlineRecord, type DeadlineKind } from '#domain';
import type { RulesProvider } from '#kernel';
import type { DeskProposal } from './desk.js';
import type { UserActor } from './sorting.js';

/** The deadlines a member follows on 我的提案: the units' answer (答复, 重新办理) and their own rating (回执). */
const MEMBER_DEADLINE_KINDS = ['reply', 'rehandling', 'feedback'] as const;

/** One running deadline of a member's proposal, with what it comes from. */
export interface MemberDeadline {
  id: string;
  kind: string;
  unitName: string | null;
  dueOn: string;
  dueAt: Date;
  status: string;
  /** Days left in the unit the rule counts in (working days for 回执, calendar days for 答复). */
  left: DaysLeft;
  basis: DeadlineBasis;
  /** How the due date was computed (stored with the deadline). */
  explanation: string;
}

/** A member's proposal on 我的提案: a desk's proposal (their own name left out) and what it waits on. */
export interface MemberProposal extends Omit<DeskProposal, 'proposerName'> {
  lead: boolean;
  replies: number;
  rated: boolean;
  deadlines: MemberDeadline[];
}

/**
 * 我的提案 on a phone: a member's proposals (led or co-signed, as the register scopes them), each with
 * its state and the running deadlines the member waits on, their days left counted as the rule counts
 * (calendar or working days, the session's rules and holiday calendar) and the rule they come from.
 */
export class MemberQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly rules: RulesProvider,
    private readonly clock: Clock,
  ) {}

  async proposals(actor: UserActor): Promise<MemberProposal[]> {
    if (actor.role !== 'proposer' || !actor.proposerId) return [];
    const rows: Array<{
      id: string; number: number | null; title: string; status: string; session_name: string; rules_override: Record<string, unknown> | null;
      submitted_at: Date; lead: boolean; replies: number; rated: boolean;
    }> = await this.ds.query(
      `SELECT p.id, p.number, p.title, p.status, s.name AS session_name, s.rules_override, p.submitted_at,
              p.lead_proposer_id = $1 AS lead,
              (SELECT count(*)::int FROM replies r WHERE r.proposal_id = p.id AND r.round = p.round) AS replies,
              EXISTS (SELECT 1 FROM feedback f WHERE f.proposal_id = p.id AND f.round = p.round) AS rated
         FROM proposals p JOIN sessions s ON s.id = p.session_id
        WHERE p.lead_proposer_id = $1 OR EXISTS (SELECT 1 FROM proposal_co_proposers c WHERE c.proposal_id = p.id AND c.proposer_id = $1)
        ORDER BY p.submitted_at DESC LIMIT 200`,
      [actor.proposerId],
    );
    if (rows.length === 0) return [];
    const deadlines: Array<{
      id: string; proposal_id: string; kind: DeadlineKind; unit_name: string | null; due_on: string; due_at: Date; status: string;
      rule: DeadlineRecord; explanation: string;
    }> = await this.ds.query(
      `SELECT d.id, d.proposal_id, d.kind, u.name AS unit_name, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.status, d.rule, d.explanation
         FROM deadlines d LEFT JOIN assignments a ON a.id = d.assignment_id LEFT JOIN units u ON u.id = a.unit_id
        WHERE d.proposal_id = ANY($1::uuid[]) AND d.kind = ANY($2::text[]) AND d.status = 'open'
        ORDER BY d.due_at, (a.role = 'lead') DESC, u.name`,
      [rows.map((r) => r.id), MEMBER_DEADLINE_KINDS],
    );
    const today = toShanghaiDate(this.clock.now());
    return rows.map((r) => {
      const { rules, calendar } = this.rules.forOverride(r.rules_override);
      return {
        id: r.id, number: r.number, title: r.title, status: r.status, sessionName: r.session_name, submittedAt: r.submitted_at,
        lead: r.lead, replies: r.replies, rated: r.rated,
        deadlines: deadlines
          .filter((d) => d.proposal_id === r.id)
          .map((d) => ({
            id: d.id, kind: d.kind, unitName: d.unit_name, dueOn: d.due_on, dueAt: d.due_at, status: d.status, explanation: d.explanation,
            left: daysLeft(d.rule.method === 'extension' ? 'days' : d.rule.length.unit, calendar, today, d.due_on),
            basis: deadlineBasis(d.rule, rules.deadlines[d.kind]),
          })),
      };
    });
  }
}
