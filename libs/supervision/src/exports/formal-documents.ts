import { DEADLINE_KIND_LABELS, labelOf } from '#contracts';
import { isAnswerDeadline, toShanghaiDate, type Clock } from '#domain';
import type { DataSource } from 'typeorm';
import { type Actor, requireRole, ForbiddenError, NotFoundError } from '#kernel';
import { addressProposers, unitsOfKind, type ContactUnit } from '#directory';
import type { ProposalQueries } from '#handling';
import type { SupervisionConfig } from '../config.js';
import type { NoticeQueries } from '../notices/notices.js';
import type { SupervisionStats } from '../stats/supervision-stats.js';
import {
  assignmentLetterTitle, renderAssignmentLetter, renderNoticeLetter, renderProposalForm, renderReport, reportTitle, type NoticeDeadline,
  type Office, type ProposalFormData,
} from './documents.js';
import { STATUS_LABELS, type SupervisionExports } from './tables.js';

/** A printable document: its HTML page and its title (the PDF's file name). */
export interface PrintedDocument {
  html: string;
  title: string;
}

/** The deadlines of its own a notice reports on, by kind. */
const DAY_MS = 86_400_000;
const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Loads each formal document as the actor may see its data, and renders it (exports/documents.ts):
 * - 交办函 (an assignment): staff, and the unit it is addressed to; 404 for anyone else (another
 *   unit of the same proposal included: the letter is its own correspondence);
 * - 督办通知书 (a notice): as GET /api/v1/supervision/notices/:id (staff; a unit its own); 404 for anyone else;
 * - 提案 form: whoever may see the proposal (a proposer their own, a unit those it handles);
 * - 办理情况 report (a session): staff only (as the statistics it shows).
 * The figures of the report are those of the supervision statistics, the states the register's.
 */
export class FormalDocuments {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: SupervisionConfig,
    private readonly proposals: ProposalQueries,
    private readonly notices: NoticeQueries,
    private readonly stats: SupervisionStats,
    private readonly exportsOf: SupervisionExports,
    private readonly categories: (sessionId: string) => Promise<Array<{ code: string; label: string }>>,
  ) {}

  /**
   * The offices that sign: the committee of the session's body (a committee unit named 人大… for an
   * NPC session, 政协… for a CPPCC one; the first committee unit when none is named so) and the
   * first supervision unit.
   */
  private async offices(npc = false): Promise<{ committee: Office; supervision: Office; units: ContactUnit[] }> {
    const units: ContactUnit[] = await this.ds.query(
      `SELECT id, code, name, kind, email, head_name AS "headName", head_email AS "headEmail", contact_name AS "contactName",
              contact_phone AS "contactPhone", active FROM units`,
    );
    const office = (kind: 'committee' | 'supervision', fallback: string): Office => {
      const all = unitsOfKind(units, kind);
      const u = (kind === 'committee' ? all.find((c) => c.name.includes(npc ? '人大' : '政协')) : undefined) ?? all[0];
      return u ? { name: u.name, contactName: u.contactName, contactPhone: u.contactPhone } : { name: fallback, contactName: null, contactPhone: null };
    };
    return { committee: office('committee', '提案委员会'), supervision: office('supervision', '督查室'), units };
  }

  private async session(id: string): Promise<{ name: string; npc: boolean } | null> {
    const [s]: Array<{ name: string; body: string }> = await this.ds.query(`SELECT name, body FROM sessions WHERE id = $1`, [id]);
    return s ? { name: s.name, npc: s.body === 'npc' } : null;
  }

  private async proposerRows(ids: string[]): Promise<Array<{ id: string; name: string; kind: 'member' | 'group'; sector: string | null }>> {
    if (!ids.length) return [];
    const rows: Array<{ id: string; name: string; kind: 'member' | 'group'; sector: string | null }> = await this.ds.query(
      `SELECT id, name, kind, sector FROM proposers WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return ids.flatMap((id) => rows.find((r) => r.id === id) ?? []);
  }

  /** 交办函 of one assignment. */
  async assignmentLetter(actor: Actor, assignmentId: string): Promise<PrintedDocument> {
    const notFound = () => new NotFoundError('assignment', assignmentId);
    if (actor.kind !== 'user' || actor.role === 'proposer') throw notFound();
    const [row]: Array<{ proposal_id: string; unit_id: string }> = await this.ds.query(`SELECT proposal_id, unit_id FROM assignments WHERE id = $1`, [assignmentId]);
    if (!row || (actor.role === 'unit' && row.unit_id !== actor.unitId)) throw notFound();
    const p = await this.proposals.get(actor, row.proposal_id).catch(() => Promise.reject(notFound()));
    const a = p.assignments.find((x) => x.id === assignmentId)!;
    const session = (await this.session(p.sessionId))!;
    const { committee, supervision } = await this.offices(session.npc);
    const live = p.assignments.filter((x) => x.state !== 'removed' && x.id !== a.id);
    const mine = p.deadlines.filter((d) => d.assignmentId === a.id);
    // Its latest deadline of the kind (an approved extension moves the same row; a replacement unit has its own).
    const due = [...mine].reverse().find((d) => d.kind === (a.role === 'co' ? 'co_opinion' : 'reply'));
    // The window to ask for an adjustment, as it was set on the day of the assignment (the letter reads the same when reprinted).
    const adjustment = mine.find((d) => d.kind === 'adjustment');
    const assignedOn = toShanghaiDate(new Date(a.assignedAt!));
    const proposers = await this.proposerRows([p.leadProposerId, ...p.coProposerIds].filter((x): x is string => !!x));
    const data = {
      issuer: committee,
      docNumber: p.number === null ? null : `${this.config.documents.assignmentNumberPrefix[session.npc ? 'npc' : 'cppcc']}〔${assignedOn.slice(0, 4)}〕${p.number}号`,
      sessionName: session.name,
      npc: session.npc,
      proposalNumber: p.number,
      proposalTitle: p.title,
      proposers: addressProposers(proposers, session.npc) || (session.npc ? '代表' : '提案者'),
      unitName: a.unitName ?? '',
      role: a.role as 'lead' | 'co' | 'separate',
      leadUnits: live.filter((x) => x.role === 'lead').map((x) => x.unitName ?? ''),
      coUnits: live.filter((x) => x.role === 'co').map((x) => x.unitName ?? ''),
      assignedOn,
      dueOn: due?.dueOn ?? null,
      explanation: due?.explanation ?? null,
      adjustmentDueOn: adjustment?.dueOn ?? null,
      basis: this.config.documents.basis[session.npc ? 'npc' : 'cppcc'],
      key: p.key,
      leaderName: p.leaderName,
      cc: p.key && supervision.name ? [supervision.name] : [],
      attachments: (await this.ds.query(
        `SELECT filename FROM attachments WHERE owner_type = 'proposal' AND owner_id = $1 ORDER BY uploaded_at, filename`,
        [p.id],
      ) as Array<{ filename: string }>).map((a) => a.filename),
    };
    return { html: renderAssignmentLetter(data), title: assignmentLetterTitle(data).join('') };
  }

  /** 督办通知书 of one supervision notice. */
  async noticeLetter(actor: Actor, noticeId: string): Promise<PrintedDocument> {
    const notFound = () => new NotFoundError('supervision notice', noticeId);
    const n = await this.notices.get(actor, noticeId).catch((e) => Promise.reject(e instanceof ForbiddenError || e instanceof NotFoundError ? notFound() : e));
    const p = await this.proposals.get(actor, n.proposalId).catch(() => Promise.reject(notFound()));
    const session = (await this.session(p.sessionId))!;
    const { committee, supervision } = await this.offices(session.npc);
    const issuedAt = new Date(n.issuedAt!);
    const issuedOn = toShanghaiDate(issuedAt);
    const deadlines: NoticeDeadline[] = p.deadlines
      .filter((d) => d.assignmentId === n.assignmentId && isAnswerDeadline(d.kind) && d.status !== 'cancelled')
      .map((d) => {
        const settledBefore = d.status === 'settled' && d.settledAt !== null && new Date(d.settledAt) <= issuedAt;
        const overdue = !settledBefore && new Date(d.dueAt!) < issuedAt;
        return {
          label: labelOf(DEADLINE_KIND_LABELS, d.kind),
          dueOn: d.dueOn,
          state: settledBefore ? 'settled' : overdue ? 'overdue' : 'open',
          days: Math.abs(dayDiff(issuedOn, d.dueOn)),
          settledOn: d.settledAt ? toShanghaiDate(new Date(d.settledAt)) : null,
          late: d.settledLate,
        } satisfies NoticeDeadline;
      });
    const role = p.assignments.find((a) => a.id === n.assignmentId)?.role ?? null;
    const html = renderNoticeLetter({
      issuer: supervision,
      docNumber: n.label,
      sessionName: session.name,
      npc: session.npc,
      proposalNumber: p.number,
      proposalTitle: p.title,
      unitName: n.unitName ?? '',
      role: role as 'lead' | 'co' | 'separate' | null,
      key: p.key,
      leaderName: p.leaderName,
      deadlines,
      content: n.content,
      dueOn: n.dueOn,
      explanation: n.explanation,
      issuedOn,
      status: n.status,
      cc: [committee.name],
      attachments: (await this.ds.query(
        `SELECT a.filename FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
          WHERE a.owner_type = 'supervision_notice' AND a.owner_id = $1 AND (u.role IS NULL OR u.role <> 'unit') ORDER BY a.uploaded_at, a.filename`,
        [noticeId],
      ) as Array<{ filename: string }>).map((a) => a.filename),
    });
    return { html, title: `督办通知书（${n.label}）` };
  }

  /** The 提案 form of one proposal. */
  async proposalForm(actor: Actor, proposalId: string): Promise<PrintedDocument> {
    const p = await this.proposals.get(actor, proposalId);
    const session = (await this.session(p.sessionId))!;
    const [lead, ...co] = await this.proposerRows([p.leadProposerId, ...p.coProposerIds].filter((x): x is string => !!x));
    const data: ProposalFormData = {
      sessionName: session.name,
      npc: session.npc,
      number: p.number,
      title: p.title,
      category: p.category,
      themes: p.themes ?? [],
      status: p.status,
      key: p.key,
      leaderName: p.leaderName,
      proposer: lead ? { name: lead.name, sector: lead.sector } : null,
      coProposers: co.map((c) => ({ name: c.name, sector: c.sector })),
      submittedOn: p.submittedAt ? toShanghaiDate(new Date(p.submittedAt)) : null,
      filedOn: p.filedAt ? toShanghaiDate(new Date(p.filedAt)) : null,
      content: p.content,
      units: p.assignments.filter((a) => a.state !== 'removed').map((a) => ({ name: a.unitName ?? '', role: a.role })),
    };
    const kind = session.npc ? '建议' : '提案';
    return { html: renderProposalForm(data), title: `${session.name}${p.number === null ? '（未编号）' : `第${p.number}号`}${kind}` };
  }

  /** The 办理情况 report of one session, as of today. */
  async report(actor: Actor, sessionId: string): Promise<PrintedDocument> {
    requireRole(actor, 'admin', 'committee', 'supervisor');
    const session = await this.session(sessionId);
    if (!session) throw new NotFoundError('session', sessionId);
    const filter = { sessionId };
    const [total, ranking, register, key, categories, { committee }] = await Promise.all([
      this.stats.total(filter),
      this.stats.ranking(this.config.ranking, filter),
      this.exportsOf.registerRows(sessionId),
      this.notices.keyProposals(actor, sessionId),
      this.categories(sessionId),
      this.offices(session.npc),
    ]);
    const counted = new Map<string, number>();
    for (const r of register) counted.set(r.status, (counted.get(r.status) ?? 0) + 1);
    const order = Object.keys(STATUS_LABELS);
    const byStatus = [...counted].map(([status, count]) => ({ status, count })).sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    const data = {
      issuer: committee,
      sessionName: session.name,
      npc: session.npc,
      asOf: toShanghaiDate(this.clock.now()),
      proposals: register.length,
      byStatus,
      total,
      categories,
      units: ranking,
      keyProposals: key.items.map((k) => ({
        number: k.number as number | null,
        title: k.title as string,
        leaderName: k.leaderName as string | null,
        leadUnit: k.leadUnit as string | null,
        status: k.status as string,
        overdue: k.overdue as boolean,
      })),
    };
    return { html: renderReport(data), title: reportTitle(data).join('') };
  }
}
