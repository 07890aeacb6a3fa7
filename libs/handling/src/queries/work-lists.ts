import type { DataSource } from 'typeorm';
import { ANSWER_DEADLINE_KINDS, addCalendarDays, toShanghaiDate, type Clock } from '#domain';
import { DESK_STAGE_SINCE_SQL, DESK_STAGE_SQL } from '#kernel';
import { runningDutySql } from './overdue-sql.js';
import { chineseCollation, EXPORT_LIMIT, type SortColumns, type SortDir, type SqlRow, type UserActor } from './sorting.js';

/** How far ahead "falling due soon" looks (the reply ladder's first reminder). */
export const SOON_DAYS = 30;

/** A deadline on someone's desk or list: overdue (domain `isOverdue`) or falling due within SOON_DAYS. */
export type DeadlineWindow = 'overdue' | 'soon';

/** 期限清单: which deadlines, with the list's filters and order. */
export interface DeadlineListFilter {
  which: DeadlineWindow;
  sessionId?: string;
  unitId?: string;
  kind?: string;
  sort: { key: DeadlineSortKey; dir: SortDir };
  limit?: number;
}

export interface DeadlineListRow {
  id: string;
  kind: string;
  dueOn: string;
  dueAt: Date;
  status: string;
  proposalId: string;
  number: number | null;
  title: string;
  key: boolean;
  sessionName: string;
  unitName: string | null;
  openNotice: { year: number; number: number } | null;
}

export interface UnitAssignmentRow {
  id: string;
  role: string;
  state: string;
  assignedAt: Date;
  proposalId: string;
  number: number | null;
  title: string;
  sessionName: string;
  deadline: { kind: string; dueOn: string; dueAt: Date; status: string } | null;
  /** 在本单位等待 (the unit's internal flow): liaison, officer or leader, since when; null outside the flow. */
  deskStage: string | null;
  deskStageSince: Date | null;
  officerUserId: string | null;
  officerName: string | null;
}

/** The deadlines list's sortable columns (due date first: the most overdue on top). */
export const DEADLINE_SORTS = { due: 'asc', number: 'asc', title: 'asc', unit: 'asc', kind: 'asc' } as const satisfies SortColumns<string>;
export type DeadlineSortKey = keyof typeof DEADLINE_SORTS;

/** A unit's list of assignments: its sortable columns. */
export const ASSIGNMENT_SORTS = { due: 'asc', number: 'asc', title: 'asc', assigned: 'desc', role: 'asc' } as const satisfies SortColumns<string>;
export type AssignmentSortKey = keyof typeof ASSIGNMENT_SORTS;

/** A unit's assignments in some states, each with its soonest open answer deadline (the desk and 本单位承办). */
export const UNIT_ASSIGNMENT_ROWS = `SELECT a.id, a.role, a.state, a.assigned_at, p.id AS proposal_id, p.number, p.title, s.name AS session_name,
              ${DESK_STAGE_SQL} AS desk_stage, ${DESK_STAGE_SINCE_SQL} AS desk_stage_since, a.officer_user_id,
              (SELECT coalesce(o.display_name, o.username) FROM users o WHERE o.id = a.officer_user_id) AS officer_name,
              (SELECT json_build_object('kind', d.kind, 'dueOn', d.due_on, 'dueAt', d.due_at, 'status', d.status)
                 FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open' AND d.kind = ANY($3::text[])
                ORDER BY d.due_at LIMIT 1) AS deadline
         FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN sessions s ON s.id = p.session_id
        WHERE a.unit_id = $1 AND a.state = ANY($2::text[])`;

export const unitAssignmentRow = (r: SqlRow): UnitAssignmentRow => ({
  id: r.id, role: r.role, state: r.state, assignedAt: r.assigned_at, proposalId: r.proposal_id, number: r.number, title: r.title,
  sessionName: r.session_name, deadline: r.deadline,
  deskStage: r.desk_stage ?? null, deskStageSince: r.desk_stage_since ?? null, officerUserId: r.officer_user_id ?? null, officerName: r.officer_name ?? null,
});

/**
 * The conditions on deadline `d` (joined to proposal `p` and assignment `a`) of the deadlines the
 * actor handles in a window: running duties (not the adjustment windows), overdue at `$1` (domain
 * `isOverdue`) or due within SOON_DAYS; a unit its own, a proposer the feedback of their proposals.
 * `params` holds `$1` = now and receives the rest.
 */
export function deadlineWindowWhere(actor: UserActor, which: DeadlineWindow, now: Date, params: unknown[]): string[] {
  const where = [runningDutySql('d')];
  if (actor.role === 'unit') where.push(`a.unit_id = $${params.push(actor.unitId)}`);
  else if (actor.role === 'proposer') where.push(`d.kind = 'feedback'`, `p.lead_proposer_id = $${params.push(actor.proposerId)}`);
  if (which === 'overdue') where.push('d.due_at < $1');
  else where.push('d.due_at >= $1', `d.due_on <= $${params.push(addCalendarDays(toShanghaiDate(now), SOON_DAYS))}::date`);
  return where;
}

/** The staff lists besides the register: 期限清单 and a unit's 待签收 / 办理中 (本单位承办). */
export class WorkLists {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * 期限清单 (the overdue list above all): the running deadlines of what the actor handles, overdue or
   * falling due within SOON_DAYS, filtered and sorted (ORDER BY from DEADLINE_SORTS, the id last so
   * that equal values keep one order), each with the open supervision notice its unit already has.
   */
  async deadlines(actor: UserActor, f: DeadlineListFilter): Promise<DeadlineListRow[]> {
    const params: unknown[] = [this.clock.now()];
    const where = deadlineWindowWhere(actor, f.which, this.clock.now(), params);
    if (f.sessionId) where.push(`p.session_id = $${params.push(f.sessionId)}`);
    if (f.unitId) where.push(`a.unit_id = $${params.push(f.unitId)}`);
    if (f.kind) where.push(`d.kind = $${params.push(f.kind)}`);
    const zh = await chineseCollation(this.ds);
    const dir = f.sort.dir === 'asc' ? 'ASC' : 'DESC';
    const by: Record<DeadlineSortKey, string> = {
      due: `d.due_at ${dir}`,
      number: `s.year ${dir}, s.name ${dir}, p.number ${dir} NULLS LAST`,
      title: `p.title${zh} ${dir}`,
      unit: `u.name${zh} ${dir} NULLS LAST`,
      kind: `d.kind ${dir}`,
    };
    params.push(f.limit ?? EXPORT_LIMIT);
    const rows: SqlRow[] = await this.ds.query(
      `SELECT d.id, d.kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.status, p.id AS proposal_id, p.number, p.title, p.key,
              s.name AS session_name, u.name AS unit_name,
              (SELECT json_build_object('year', n.year, 'number', n.number) FROM supervision_notices n
                WHERE n.assignment_id = d.assignment_id AND n.status = 'open' ORDER BY n.issued_at DESC LIMIT 1) AS open_notice
         FROM deadlines d
         JOIN proposals p ON p.id = d.proposal_id
         JOIN sessions s ON s.id = p.session_id
         LEFT JOIN assignments a ON a.id = d.assignment_id
         LEFT JOIN units u ON u.id = a.unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${by[f.sort.key]}, ${f.sort.key === 'due' ? '' : 'd.due_at ASC, '}d.id ASC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id, kind: r.kind, dueOn: r.due_on, dueAt: r.due_at, status: r.status, proposalId: r.proposal_id, number: r.number, title: r.title,
      key: r.key, sessionName: r.session_name, unitName: r.unit_name, openNotice: r.open_notice,
    }));
  }

  /** 本单位承办: a unit's assignments in the given states, sorted (ORDER BY from ASSIGNMENT_SORTS, the id last). */
  async unitAssignments(unitId: string, states: string[], sort: { key: AssignmentSortKey; dir: SortDir }): Promise<UnitAssignmentRow[]> {
    const zh = await chineseCollation(this.ds);
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const due = `(SELECT min(d.due_at) FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open' AND d.kind = ANY($3::text[]))`;
    const by: Record<AssignmentSortKey, string> = {
      due: `${due} ${dir} NULLS LAST`,
      number: `s.year ${dir}, s.name ${dir}, p.number ${dir} NULLS LAST`,
      title: `p.title${zh} ${dir}`,
      assigned: `a.assigned_at ${dir}`,
      role: `array_position(ARRAY['lead', 'separate', 'co']::text[], a.role) ${dir}`,
    };
    const rows: SqlRow[] = await this.ds.query(
      `${UNIT_ASSIGNMENT_ROWS}
        ORDER BY ${by[sort.key]}, a.assigned_at ASC, a.id ASC
        LIMIT $4`,
      [unitId, states, ANSWER_DEADLINE_KINDS, EXPORT_LIMIT],
    );
    return rows.map(unitAssignmentRow);
  }
}
