import type { DataSource, OrderByCondition } from 'typeorm';
import { PROPOSAL_STATUSES, type Clock } from '#domain';
import { ProposalRow, SessionRow } from '#persistence';
import { runningDutySql } from './overdue-sql.js';
import type { Page } from '#kernel';
import { scopeToActor } from './proposal-queries.js';
import { countProposals, proposalFacetValues, proposalTotal } from './proposal-totals.js';
import { whereRegister, type RegisterFilter } from './register-filter.js';
import { chineseCollation, EXPORT_LIMIT, type SortColumns, type SortDir, type SqlRow, type UserActor } from './sorting.js';

/** The register's sortable columns and each one's first direction. */
export const REGISTER_SORTS = {
  number: 'asc', title: 'asc', proposer: 'asc', category: 'asc', status: 'asc', submitted: 'desc', deadline: 'asc',
} as const satisfies SortColumns<string>;
export type RegisterSortKey = keyof typeof REGISTER_SORTS;

/** The register page's query: the filters (shared with the API), a page, an order, or every match (the export). */
export interface RegisterPageFilter extends RegisterFilter {
  page?: number;
  pageSize?: number;
  /** The order (a whitelisted column; default newest first). */
  sort?: { key: RegisterSortKey; dir: SortDir };
  /** Every match, not a page (the export), at most EXPORT_LIMIT. */
  all?: boolean;
}

export interface NextDeadline {
  kind: string;
  dueOn: string;
  dueAt: string;
  status: string;
  unitName: string | null;
}

export interface RegisterPageRow {
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

/** The choices of the register's (and the deadlines list's) filters. */
export interface RegisterFacets {
  sessions: Array<{ id: string; name: string }>;
  units: Array<{ id: string; name: string }>;
  categories: string[];
  themes: string[];
}

/**
 * 提案登记簿 as the register page shows it: the API's register query (`scopeToActor` and
 * `whereRegister`, the same filters, search and 逾期 as `GET /api/v1/proposals`) with the page's
 * columns (proposer, units, the next running deadline) and its sortable order.
 */
export class RegisterView {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** What the actor may see, filtered, searched (title, content, number, proposer), sorted and paginated. */
  async page(actor: UserActor, f: RegisterPageFilter): Promise<Page<RegisterPageRow>> {
    const page = Math.max(1, f.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, f.pageSize ?? 20));
    const now = this.clock.now();
    const qb = whereRegister(scopeToActor(this.ds.getRepository(ProposalRow).createQueryBuilder('p'), actor), f, now);
    // The counters' exact total (proposalTotal); a search is counted in full, as the page shows it without a bound.
    const total = f.q ? await countProposals(qb) : (await proposalTotal(this.ds.manager, actor, f, now, qb)).total;
    qb.innerJoin(SessionRow, 's', 's.id = p.session_id');
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
            FROM deadlines d WHERE d.proposal_id = p.id AND ${runningDutySql('d')} ${deadlineScope}
           ORDER BY d.due_at LIMIT 1)`,
        'next_deadline',
      )
      .orderBy(await this.order(f.sort, deadlineScope))
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
  private async order(sort: RegisterPageFilter['sort'], deadlineScope: string): Promise<OrderByCondition> {
    const zh = await chineseCollation(this.ds);
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
      deadline: [`(SELECT min(d.due_at) FROM deadlines d WHERE d.proposal_id = p.id AND ${runningDutySql('d')} ${deadlineScope})`],
    };
    const order: OrderByCondition = {};
    // submitted_at is NOT NULL: no NULLS clause, so that the order is the index's (register_idx; NULLS LAST made it sort every row).
    for (const expression of columns[key]) order[expression] = expression === 'p.submitted_at' ? (dir === 'asc' ? 'ASC' : 'DESC') : { order: dir === 'asc' ? 'ASC' : 'DESC', nulls: 'NULLS LAST' };
    if (key !== 'submitted') order['p.submitted_at'] = 'DESC';
    order['p.id'] = 'ASC';
    return order;
  }

  /** The choices of the register's filters (a unit and a proposer filter by no unit). */
  async facets(actor: UserActor): Promise<RegisterFacets> {
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
}
