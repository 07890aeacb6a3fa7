import type { DataSource } from 'typeorm';
import { MERGE_TARGET_STATUSES, type AttachmentRules, type ResultCategory } from '#domain';
import { ProposerRow, preparedQuery } from '#persistence';
import type { RulesProvider } from '#kernel';
import { jsonArrayOf } from './json-parts.js';
import type { SqlRow } from './sorting.js';

/** What the proposal page shows beside the file (ProposalQueries.get): its session, people, requests and pickers. */
export interface ProposalExtras {
  session: { id: string; name: string; body: string };
  proposers: Array<{ id: string; name: string; kind: string; sector: string | null; email: string | null; phone: string | null }>;
  adjustments: SqlRow[];
  extensions: SqlRow[];
  departments: Array<{ id: string; code: string; name: string }>;
  suggestions: Array<{ id: string; name: string; n: number }>;
}

/**
 * The proposal page (and its 督办 page) beside the file that ProposalQueries.get gives the API too:
 * the requests with their units, the units to pick from, the intake's suggestions, the merge
 * targets and the session's result categories; and the submission form's choices.
 */
export class ProposalPageQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly rules: RulesProvider,
  ) {}

  /** 分派经办人's choices: the active officers (经办人) of a unit, by name. */
  async unitOfficers(unitId: string): Promise<Array<{ id: string; name: string; title: string | null }>> {
    return this.ds.query(
      `SELECT id, coalesce(display_name, username) AS name, title FROM users
        WHERE unit_id = $1 AND role = 'unit' AND unit_role = 'officer' AND active
        ORDER BY coalesce(display_name, username)`,
      [unitId],
    );
  }

  /**
   * The proposal page's extras in one statement (each part a JSON array, as the file is): session,
   * proposers, requests, the units to pick from, suggestions.
   */
  async extras(proposal: { id: string; sessionId: string; leadProposerId: string; coProposerIds: string[]; category: string | null }): Promise<ProposalExtras> {
    const proposerIds = [proposal.leadProposerId, ...proposal.coProposerIds];
    const [row] = await preparedQuery<Omit<ProposalExtras, 'session'> & { session: ProposalExtras['session'] | null }>(this.ds, 'duban_proposal_page_extras', EXTRAS_SQL, [
      proposal.id, proposal.sessionId, proposerIds, proposal.category,
    ]);
    const byId = new Map(row.proposers.map((p) => [p.id, p]));
    return {
      session: row.session as ProposalExtras['session'],
      proposers: proposerIds.map((id) => byId.get(id)).filter(Boolean) as ProposalExtras['proposers'],
      adjustments: row.adjustments,
      extensions: row.extensions,
      departments: row.departments,
      suggestions: row.suggestions,
    };
  }

  /** What the page needs of the session's rules, read once: the result categories (办理结果) and the rules for files (附件). */
  async sessionRules(sessionId: string): Promise<{ resultCategories: ResultCategory[]; attachments: AttachmentRules }> {
    const { rules } = await this.rules.forSession(this.ds.manager, sessionId);
    return { resultCategories: rules.resultCategories, attachments: rules.attachments };
  }

  /** Proposals of the same session that another may be merged into (并案). */
  async mergeTargets(sessionId: string, exceptId: string): Promise<Array<{ id: string; number: number | null; title: string }>> {
    return this.ds.query(
      `SELECT id, number, title FROM proposals WHERE session_id = $1 AND id <> $2 AND status = ANY($3::text[])
        ORDER BY number NULLS LAST, submitted_at LIMIT 300`,
      [sessionId, exceptId, MERGE_TARGET_STATUSES],
    );
  }

  /** The result categories (办理结果) a reply of this session chooses from (the session's rules). */
  resultCategories(sessionId: string): Promise<ResultCategory[]> {
    return resultCategories(this.ds, this.rules, sessionId);
  }

  /** The session's rules for files (附件: size, count, formats, whether a reply needs its letter). */
  async attachmentRules(sessionId: string): Promise<AttachmentRules> {
    return (await this.rules.forSession(this.ds.manager, sessionId)).rules.attachments;
  }

  /** A session's name (the 督办 page's heading). */
  async sessionName(sessionId: string): Promise<{ name: string } | undefined> {
    const [session] = (await this.ds.query(`SELECT name FROM sessions WHERE id = $1`, [sessionId])) as Array<{ name: string }>;
    return session;
  }

  /** The body (政协/人大) a proposer belongs to, for the sessions the submission form offers them; null if unknown. */
  async proposerBody(proposerId: string | null | undefined): Promise<ProposerRow['body'] | null> {
    return (await this.ds.manager.findOneBy(ProposerRow, { id: proposerId ?? '' }))?.body ?? null;
  }

  /** The categories already in the data (imported proposals may bring some the intake rules do not name). */
  async categoriesInData(): Promise<string[]> {
    const rows: Array<{ category: string }> = await this.ds.query(`SELECT DISTINCT category FROM proposals WHERE category IS NOT NULL ORDER BY 1`);
    return rows.map((r) => r.category);
  }
}

/**
 * The proposal page's extras of proposal $1 in session $2, with proposers $3 and category $4. The
 * suggestions come from the counters (facet lead:<category>, migration 1765872000000), less this
 * proposal's own lead: no scan of the category's proposals.
 */
const EXTRAS_SQL = `
  SELECT (SELECT json_build_object('id', s.id, 'name', s.name, 'body', s.body) FROM sessions s WHERE s.id = $2) AS session,
         ${jsonArrayOf(`json_build_object('id', pr.id, 'name', pr.name, 'kind', pr.kind, 'sector', pr.sector, 'email', pr.email, 'phone', pr.phone)`,
           'FROM proposers pr WHERE pr.id = ANY($3::uuid[])', 'pr.id')} AS proposers,
         ${jsonArrayOf(`json_build_object('id', r.id, 'assignment_id', r.assignment_id, 'reason', r.reason, 'status', r.status, 'requested_at', r.requested_at,
                              'decided_at', r.decided_at, 'suggested_unit_name', su.name, 'suggested_unit_id', r.suggested_unit_id, 'keep_as_co', r.keep_as_co,
                              'new_unit_name', nu.name, 'unit_name', u.name)`,
           `FROM adjustment_requests r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
              LEFT JOIN units su ON su.id = r.suggested_unit_id LEFT JOIN units nu ON nu.id = r.new_unit_id WHERE r.proposal_id = $1`,
           'r.requested_at')} AS adjustments,
         ${jsonArrayOf(`json_build_object('id', r.id, 'assignment_id', r.assignment_id, 'reason', r.reason, 'status', r.status, 'requested_at', r.requested_at,
                              'decided_at', r.decided_at, 'new_due_on', to_char(r.new_due_on, 'YYYY-MM-DD'), 'unit_name', u.name,
                              'current_due_on', to_char(COALESCE(r.current_due_on, d.due_on), 'YYYY-MM-DD'))`,
           `FROM extension_requests r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
              LEFT JOIN deadlines d ON d.id = r.deadline_id WHERE r.proposal_id = $1`,
           'r.requested_at')} AS extensions,
         ${jsonArrayOf(`json_build_object('id', u.id, 'code', u.code, 'name', u.name)`, `FROM units u WHERE u.kind = 'department' AND u.active`, 'u.code')} AS departments,
         (SELECT coalesce(json_agg(json_build_object('id', x.id, 'name', x.name, 'n', x.n) ORDER BY x.n DESC, x.name), '[]') FROM (
            SELECT * FROM (
              SELECT u.id, u.name, (sum(c.n) - CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.proposal_id = $1 AND a.unit_id = u.id AND a.role = 'lead' AND a.state <> 'removed') THEN 1 ELSE 0 END)::int AS n
                FROM proposal_counts c JOIN units u ON u.id::text = c.value
               WHERE $4::text IS NOT NULL AND c.facet = 'lead:' || $4::text AND u.active GROUP BY u.id, u.name) y
             WHERE y.n > 0 ORDER BY y.n DESC, y.name LIMIT 3) x) AS suggestions`;

/** The result categories (办理结果) of a session's rules, or of the rules without a session's override. */
export async function resultCategories(ds: DataSource, rules: RulesProvider, sessionId: string | undefined): Promise<ResultCategory[]> {
  return (sessionId ? await rules.forSession(ds.manager, sessionId) : rules.forOverride(null)).rules.resultCategories;
}

/** The active departments, by code (the units a proposal is assigned to). */
export function activeDepartments(ds: DataSource): Promise<Array<{ id: string; code: string; name: string }>> {
  return ds.query(`SELECT id, code, name FROM units WHERE kind = 'department' AND active ORDER BY code`);
}
