import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type OrderByCondition } from 'typeorm';
import { CLOCK, countProposals, proposalFacetValues, proposalTotal, scopeToActor, whereProposalSearch, type Page } from '#application';
import { PROPOSAL_STATUSES, toShanghaiDate, addCalendarDays, type Clock } from '#domain';
import { ProposalRow, SessionRow } from '#persistence';
import type { SortColumns, SortDir } from './sorting.js';
import type { UserActor } from './ui.service.js';

/** A row of a raw SQL query, read by column name (the SQL above each use says what it holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;

/** The register's filters (all optional). */
export interface RegisterFilter {
  sessionId?: string;
  status?: string;
  unitId?: string;
  category?: string;
  theme?: string;
  overdue?: boolean;
  key?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  /** The order (a whitelisted column; default newest first). */
  sort?: { key: RegisterSortKey; dir: SortDir };
  /** Every match, not a page (the export), at most EXPORT_LIMIT. */
  all?: boolean;
}

/** The register's sortable columns and each one's first direction. */
export const REGISTER_SORTS = {
  number: 'asc', title: 'asc', proposer: 'asc', category: 'asc', status: 'asc', submitted: 'desc', deadline: 'asc',
} as const satisfies SortColumns<string>;
export type RegisterSortKey = keyof typeof REGISTER_SORTS;

/** The most rows an export of a list holds. */
export const EXPORT_LIMIT = 5000;

export interface NextDeadline {
  kind: string;
  dueOn: string;
  dueAt: string;
  status: string;
  unitName: string | null;
}

export interface RegisterRow {
  id: string;
  number: number | null;
  title: string;
  status: string;
  category: string | null;
  themes: string[];
  key: boolean;
  published: boolean;
  submittedAt: Date;
  sessionName: string;
  proposerName: string;
  coProposers: number;
  units: string | null;
  nextDeadline: NextDeadline | null;
}

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

export interface DeskAssignment {
  id: string;
  role: string;
  state: string;
  assignedAt: Date;
  proposalId: string;
  number: number | null;
  title: string;
  sessionName: string;
  deadline: { kind: string; dueOn: string; dueAt: Date; status: string } | null;
}

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

/** 期限清单: which deadlines, with the list's filters and order. */
export interface DeadlineListFilter {
  which: 'overdue' | 'soon';
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

/** The deadlines list's sortable columns (due date first: the most overdue on top). */
export const DEADLINE_SORTS = { due: 'asc', number: 'asc', title: 'asc', unit: 'asc', kind: 'asc' } as const satisfies SortColumns<string>;
export type DeadlineSortKey = keyof typeof DEADLINE_SORTS;

/** A unit's list of assignments: its sortable columns. */
export const ASSIGNMENT_SORTS = { due: 'asc', number: 'asc', title: 'asc', assigned: 'desc', role: 'asc' } as const satisfies SortColumns<string>;
export type AssignmentSortKey = keyof typeof ASSIGNMENT_SORTS;

/** How far ahead "falling due soon" looks (the reply ladder's first reminder). */
export const SOON_DAYS = 30;

/** A unit's assignments in some states, each with its soonest open answer deadline (the desk and 本单位承办). */
const UNIT_ASSIGNMENT_ROWS = `SELECT a.id, a.role, a.state, a.assigned_at, p.id AS proposal_id, p.number, p.title, s.name AS session_name,
              (SELECT json_build_object('kind', d.kind, 'dueOn', d.due_on, 'dueAt', d.due_at, 'status', d.status)
                 FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open' AND d.kind IN ('reply', 'co_opinion', 'rehandling')
                ORDER BY d.due_at LIMIT 1) AS deadline
         FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN sessions s ON s.id = p.session_id
        WHERE a.unit_id = $1 AND a.state = ANY($2::text[])`;

/** Read models of the UI: the register with every filter, each role's desk, pickers and facets. */
@Injectable()
export class UiQueries {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 提案登记簿: what the actor may see, filtered, searched (title, content, number, proposer) and paginated. */
  async register(actor: UserActor, f: RegisterFilter): Promise<Page<RegisterRow>> {
    const page = Math.max(1, f.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, f.pageSize ?? 20));
    const now = this.clock.now();
    const qb = scopeToActor(this.ds.getRepository(ProposalRow).createQueryBuilder('p'), actor).innerJoin(SessionRow, 's', 's.id = p.session_id');
    if (f.sessionId) qb.andWhere('p.session_id = :sessionId', { sessionId: f.sessionId });
    if (f.status) qb.andWhere('p.status = :status', { status: f.status });
    if (f.unitId) {
      qb.andWhere(`EXISTS (SELECT 1 FROM assignments fa WHERE fa.proposal_id = p.id AND fa.unit_id = :unitId AND fa.state <> 'removed')`, { unitId: f.unitId });
    }
    if (f.category) qb.andWhere('p.category = :category', { category: f.category });
    if (f.theme) qb.andWhere(':theme = ANY(p.themes)', { theme: f.theme });
    if (f.key !== undefined) qb.andWhere('p.key = :key', { key: f.key });
    if (f.overdue !== undefined) {
      // Overdue: a duty past its due time (an adjustment window that closed is not a duty).
      const overdue = `EXISTS (SELECT 1 FROM deadlines od WHERE od.proposal_id = p.id AND od.status = 'open' AND od.kind <> 'adjustment' AND od.due_at < :now)`;
      qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { now });
    }
    // The same search as the API's list (application `proposalSearchCondition`): words, proposer, or a number as written.
    whereProposalSearch(qb, f.q);
    // The counters' exact total (application proposalTotal); a search is counted in full, as the page shows it without a bound.
    const total = f.q ? await countProposals(qb) : (await proposalTotal(this.ds.manager, actor, f, now, qb)).total;
    // A unit sees the deadlines of its own assignments; everyone else every running deadline.
    const deadlineScope =
      actor.role === 'unit' ? `AND EXISTS (SELECT 1 FROM assignments da WHERE da.id = d.assignment_id AND da.unit_id = :scopeUnit)` : '';
    const rows = await qb
      .select([
        'p.id AS id', 'p.number AS number', 'p.title AS title', 'p.status AS status', 'p.category AS category', 'p.themes AS themes',
        'p.key AS key', 'p.published AS published', 'p.submitted_at AS submitted_at', 's.name AS session_name',
      ])
      .addSelect('(SELECT pr.name FROM proposers pr WHERE pr.id = p.lead_proposer_id)', 'proposer_name')
      .addSelect('(SELECT count(*)::int FROM proposal_co_proposers cp WHERE cp.proposal_id = p.id)', 'co_proposers')
      .addSelect(
        `(SELECT string_agg(u.name, '、' ORDER BY CASE a.role WHEN 'lead' THEN 0 WHEN 'separate' THEN 1 ELSE 2 END, u.name)
            FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.proposal_id = p.id AND a.state <> 'removed')`,
        'units',
      )
      .addSelect(
        `(SELECT json_build_object('kind', d.kind, 'dueOn', d.due_on, 'dueAt', d.due_at, 'status', d.status,
                 'unitName', (SELECT u.name FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.id = d.assignment_id))
            FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open' AND d.kind <> 'adjustment' ${deadlineScope}
           ORDER BY d.due_at LIMIT 1)`,
        'next_deadline',
      )
      .orderBy(await this.registerOrder(f.sort, deadlineScope))
      .offset(f.all ? 0 : (page - 1) * pageSize)
      .limit(f.all ? EXPORT_LIMIT : pageSize)
      .getRawMany<SqlRow>();
    return {
      items: rows.map((r) => ({
        id: r.id, number: r.number, title: r.title, status: r.status, category: r.category, themes: r.themes ?? [], key: r.key,
        published: r.published, submittedAt: r.submitted_at, sessionName: r.session_name, proposerName: r.proposer_name ?? '',
        coProposers: r.co_proposers, units: r.units, nextDeadline: r.next_deadline,
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * The register's ORDER BY: the asked column, then newest first and the id, so that equal values
   * keep one order from page to page. Names and titles sort by pinyin where Postgres has ICU.
   */
  private async registerOrder(sort: RegisterFilter['sort'], deadlineScope: string): Promise<OrderByCondition> {
    const zh = await this.chineseCollation();
    const key = sort?.key ?? 'submitted';
    const dir = sort?.dir ?? 'desc';
    const statusOrder = `array_position(ARRAY[${PROPOSAL_STATUSES.map((st) => `'${st}'`).join(', ')}]::text[], p.status)`;
    const columns: Record<RegisterSortKey, string[]> = {
      number: ['s.year', 's.name', 'p.number'],
      title: [`p.title${zh}`],
      proposer: [`(SELECT pr.name FROM proposers pr WHERE pr.id = p.lead_proposer_id)${zh}`],
      category: [`p.category${zh}`],
      status: [statusOrder],
      submitted: ['p.submitted_at'],
      deadline: [`(SELECT min(d.due_at) FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open' AND d.kind <> 'adjustment' ${deadlineScope})`],
    };
    const order: OrderByCondition = {};
    // submitted_at is NOT NULL: no NULLS clause, so that the order is the index's (register_idx; NULLS LAST made it sort every row).
    for (const expression of columns[key]) order[expression] = expression === 'p.submitted_at' ? (dir === 'asc' ? 'ASC' : 'DESC') : { order: dir === 'asc' ? 'ASC' : 'DESC', nulls: 'NULLS LAST' };
    if (key !== 'submitted') order['p.submitted_at'] = 'DESC';
    order['p.id'] = 'ASC';
    return order;
  }

  private collation?: Promise<string>;

  /** ` COLLATE "zh-Hans-x-icu"` (pinyin order) when this Postgres has it, else '' (code point order). */
  chineseCollation(): Promise<string> {
    this.collation ??= this.ds
      .query(`SELECT 1 FROM pg_collation WHERE collname = 'zh-Hans-x-icu'`)
      .then((rows: unknown[]) => (rows.length ? ' COLLATE "zh-Hans-x-icu"' : ''))
      .catch(() => '');
    return this.collation;
  }

  /** The choices of the register's filters. */
  async facets(actor: UserActor) {
    const [sessions, units, categories, themes] = await Promise.all([
      this.ds.query(`SELECT id, name FROM sessions ORDER BY year DESC, name`),
      actor.role === 'unit' || actor.role === 'proposer'
        ? Promise.resolve([])
        : this.ds.query(`SELECT id, name FROM units WHERE kind = 'department' ORDER BY code`),
      // From the counters (no scan of the proposals).
      proposalFacetValues(this.ds.manager, 'category'),
      proposalFacetValues(this.ds.manager, 'theme'),
    ]);
    return {
      sessions: sessions as Array<{ id: string; name: string }>,
      units: units as Array<{ id: string; name: string }>,
      categories,
      themes,
    };
  }

  /** Running deadlines (not the adjustment windows) of what the actor handles: overdue, or due within SOON_DAYS. */
  async deadlines(actor: UserActor, which: 'overdue' | 'soon', limit = 50): Promise<DeskDeadline[]> {
    const now = this.clock.now();
    const params: unknown[] = [now];
    let scope = '';
    if (actor.role === 'unit') {
      params.push(actor.unitId);
      scope = `AND a.unit_id = $${params.length}`;
    } else if (actor.role === 'proposer') {
      params.push(actor.proposerId);
      scope = `AND d.kind = 'feedback' AND p.lead_proposer_id = $${params.length}`;
    }
    const window =
      which === 'overdue'
        ? 'AND d.due_at < $1'
        : `AND d.due_at >= $1 AND d.due_on <= $${params.push(addCalendarDays(toShanghaiDate(now), SOON_DAYS))}::date`;
    params.push(limit);
    const rows: Array<SqlRow> = await this.ds.query(
      `SELECT d.id, d.kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at, d.status, d.stage, p.id AS proposal_id, p.number, p.title,
              s.name AS session_name, u.name AS unit_name
         FROM deadlines d
         JOIN proposals p ON p.id = d.proposal_id
         JOIN sessions s ON s.id = p.session_id
         LEFT JOIN assignments a ON a.id = d.assignment_id
         LEFT JOIN units u ON u.id = a.unit_id
        WHERE d.status = 'open' AND d.kind <> 'adjustment' ${window} ${scope}
        ORDER BY d.due_at, p.number NULLS LAST
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id, kind: r.kind, dueOn: r.due_on, dueAt: r.due_at, status: r.status, stage: r.stage, proposalId: r.proposal_id,
      number: r.number, title: r.title, sessionName: r.session_name, unitName: r.unit_name,
    }));
  }

  /**
   * 期限清单 (the overdue list above all): the running deadlines of what the actor handles, overdue or
   * falling due within SOON_DAYS, filtered and sorted (ORDER BY from DEADLINE_SORTS, the id last so
   * that equal values keep one order), each with the open supervision notice its unit already has.
   */
  async deadlineList(actor: UserActor, f: DeadlineListFilter): Promise<DeadlineListRow[]> {
    const now = this.clock.now();
    const params: unknown[] = [now];
    const where: string[] = [`d.status = 'open'`, `d.kind <> 'adjustment'`];
    if (actor.role === 'unit') where.push(`a.unit_id = $${params.push(actor.unitId)}`);
    else if (actor.role === 'proposer') where.push(`d.kind = 'feedback'`, `p.lead_proposer_id = $${params.push(actor.proposerId)}`);
    if (f.which === 'overdue') where.push('d.due_at < $1');
    else where.push('d.due_at >= $1', `d.due_on <= $${params.push(addCalendarDays(toShanghaiDate(now), SOON_DAYS))}::date`);
    if (f.sessionId) where.push(`p.session_id = $${params.push(f.sessionId)}`);
    if (f.unitId) where.push(`a.unit_id = $${params.push(f.unitId)}`);
    if (f.kind) where.push(`d.kind = $${params.push(f.kind)}`);
    const zh = await this.chineseCollation();
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
  async unitAssignmentList(unitId: string, states: string[], sort: { key: AssignmentSortKey; dir: SortDir }): Promise<DeskAssignment[]> {
    const zh = await this.chineseCollation();
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
    const due = `(SELECT min(d.due_at) FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open' AND d.kind IN ('reply', 'co_opinion', 'rehandling'))`;
    const by: Record<AssignmentSortKey, string> = {
      due: `${due} ${dir} NULLS LAST`,
      number: `s.year ${dir}, s.name ${dir}, p.number ${dir} NULLS LAST`,
      title: `p.title${zh} ${dir}`,
      assigned: `a.assigned_at ${dir}`,
      role: `array_position(ARRAY['lead', 'separate', 'co']::text[], a.role) ${dir}`,
    };
    const rows: Array<SqlRow> = await this.ds.query(
      `${UNIT_ASSIGNMENT_ROWS}
        ORDER BY ${by[sort.key]}, a.assigned_at ASC, a.id ASC
        LIMIT $3`,
      [unitId, states, EXPORT_LIMIT],
    );
    return rows.map((r) => ({
      id: r.id, role: r.role, state: r.state, assignedAt: r.assigned_at, proposalId: r.proposal_id, number: r.number, title: r.title,
      sessionName: r.session_name, deadline: r.deadline,
    }));
  }

  /** A unit's assignments in the given states, soonest answer deadline first. */
  async unitAssignments(unitId: string, states: string[]): Promise<DeskAssignment[]> {
    const rows: Array<SqlRow> = await this.ds.query(
      `${UNIT_ASSIGNMENT_ROWS}
        ORDER BY (SELECT min(d.due_at) FROM deadlines d WHERE d.assignment_id = a.id AND d.status = 'open') NULLS LAST, a.assigned_at
        LIMIT 100`,
      [unitId, states],
    );
    return rows.map((r) => ({
      id: r.id, role: r.role, state: r.state, assignedAt: r.assigned_at, proposalId: r.proposal_id, number: r.number, title: r.title,
      sessionName: r.session_name, deadline: r.deadline,
    }));
  }

  /** Proposals in one of `statuses`, optionally only those still to publish or of one proposer. */
  async proposals(where: { statuses?: string[]; toPublish?: boolean; proposerId?: string; awaitingRating?: boolean }, limit = 50): Promise<DeskProposal[]> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (where.statuses) conditions.push(`p.status = ANY($${params.push(where.statuses)}::text[])`);
    if (where.toPublish) {
      conditions.push(`p.status IN ('replied', 'closed') AND NOT p.published AND EXISTS (SELECT 1 FROM replies r WHERE r.proposal_id = p.id AND r.public)`);
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
    const rows: Array<SqlRow> = await this.ds.query(
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
    const out = await this.ds.query(
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
    return (out as Array<SqlRow>).map((r) => ({
      id: r.id, type: r.type, proposalId: r.proposal_id, number: r.number, title: r.title, sessionName: r.session_name, unitName: r.unit_name,
      reason: r.reason, requestedAt: r.requested_at, newDueOn: r.new_due_on,
    }));
  }

  async deadNotificationCount(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'dead'`);
    return n;
  }

  /** The proposal page's extras: session, proposers, requests, the units to pick from, suggestions. */
  async proposalExtras(proposal: { id: string; sessionId: string; leadProposerId: string; coProposerIds: string[]; category: string | null }) {
    const proposerIds = [proposal.leadProposerId, ...proposal.coProposerIds];
    const [[session], proposers, adjustments, extensions, departments, suggestions] = await Promise.all([
      this.ds.query(`SELECT id, name, body FROM sessions WHERE id = $1`, [proposal.sessionId]),
      this.ds.query(`SELECT id, name, kind, sector, email, phone FROM proposers WHERE id = ANY($1::uuid[])`, [proposerIds]),
      this.ds.query(
        `SELECT r.id, r.assignment_id, r.reason, r.status, r.requested_at, r.decided_at, su.name AS suggested_unit_name, r.suggested_unit_id, r.keep_as_co,
                nu.name AS new_unit_name, u.name AS unit_name
           FROM adjustment_requests r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
           LEFT JOIN units su ON su.id = r.suggested_unit_id LEFT JOIN units nu ON nu.id = r.new_unit_id
          WHERE r.proposal_id = $1 ORDER BY r.requested_at`,
        [proposal.id],
      ),
      this.ds.query(
        `SELECT r.id, r.assignment_id, r.reason, r.status, r.requested_at, r.decided_at, to_char(r.new_due_on, 'YYYY-MM-DD') AS new_due_on,
                u.name AS unit_name, to_char(COALESCE(r.current_due_on, d.due_on), 'YYYY-MM-DD') AS current_due_on
           FROM extension_requests r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
           LEFT JOIN deadlines d ON d.id = r.deadline_id
          WHERE r.proposal_id = $1 ORDER BY r.requested_at`,
        [proposal.id],
      ),
      this.ds.query(`SELECT id, code, name FROM units WHERE kind = 'department' AND active ORDER BY code`),
      // The intake's suggestion: the units that most often led proposals of the same category.
      proposal.category
        ? this.ds.query(
            // From the counters (facet lead:<category>, migration 1765872000000), less this proposal's own lead: no scan of the category's proposals.
            `SELECT u.id, u.name, n FROM (
               SELECT u.id, u.name, (sum(c.n) - CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.proposal_id = $2 AND a.unit_id = u.id AND a.role = 'lead' AND a.state <> 'removed') THEN 1 ELSE 0 END)::int AS n
                 FROM proposal_counts c JOIN units u ON u.id::text = c.value
                WHERE c.facet = 'lead:' || $1 AND u.active GROUP BY u.id, u.name) u
              WHERE n > 0 ORDER BY n DESC, u.name LIMIT 3`,
            [proposal.category, proposal.id],
          )
        : Promise.resolve([]),
    ]);
    const byId = new Map((proposers as Array<{ id: string }>).map((p) => [p.id, p]));
    return {
      session: session as { id: string; name: string; body: string },
      proposers: proposerIds.map((id) => byId.get(id)).filter(Boolean) as Array<{ id: string; name: string; kind: string; sector: string | null; email: string | null; phone: string | null }>,
      adjustments: adjustments as Array<SqlRow>,
      extensions: extensions as Array<SqlRow>,
      departments: departments as Array<{ id: string; code: string; name: string }>,
      suggestions: suggestions as Array<{ id: string; name: string; n: number }>,
    };
  }

  /** Proposals of the same session that another may be merged into (并案). */
  async mergeTargets(sessionId: string, exceptId: string) {
    return (await this.ds.query(
      `SELECT id, number, title FROM proposals WHERE session_id = $1 AND id <> $2 AND status IN ('submitted', 'filed', 'assigned', 'handling')
        ORDER BY number NULLS LAST, submitted_at LIMIT 300`,
      [sessionId, exceptId],
    )) as Array<{ id: string; number: number | null; title: string }>;
  }

  /** The notifications list of the administration (dead ones first by default). */
  async notificationList(status: string | undefined, page: number, pageSize = 50) {
    const params: unknown[] = [];
    const where = status ? `WHERE n.status = $${params.push(status)}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM notifications n ${where}`, params);
    params.push(pageSize, (page - 1) * pageSize);
    const items = await this.ds.query(
      `SELECT n.id, n.type, n.status, n.recipient_email, n.recipient_name, n.subject, n.attempts, n.last_error, n.created_at, n.sent_at,
              p.id AS proposal_id, p.number, s.name AS session_name
         FROM notifications n LEFT JOIN proposals p ON p.id = n.proposal_id LEFT JOIN sessions s ON s.id = p.session_id
        ${where} ORDER BY n.created_at DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: items as Array<SqlRow>, total: total as number, page, pageSize };
  }

  /** Units and proposers for the user form's pickers. */
  async bindings() {
    const [units, proposers] = await Promise.all([
      this.ds.query(`SELECT id, name, kind FROM units ORDER BY kind, code`),
      this.ds.query(`SELECT id, name FROM proposers ORDER BY name LIMIT 2000`),
    ]);
    return { units: units as Array<{ id: string; name: string; kind: string }>, proposers: proposers as Array<{ id: string; name: string }> };
  }
}

