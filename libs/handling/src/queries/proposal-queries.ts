import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  AssignmentRow, CommunicationRow, CoProposerRow, DeadlineRow, EventRow, FeedbackRow, NotificationRow, OpinionRow,
  ProposalRow, ReplyDraftRow, ReplyRow, UnitRow,
} from '#persistence';
import { DETACHED_ASSIGNMENT_STATES, discloseEvent, isOverdue, mayReadOpinions, maySeeDeadlineKind, type Clock } from '#domain';
import { type Actor, loadProposal, mayListProposalNotifications, readerRole, signOffUnits, STAFF, InvalidInputError, iso, type Page } from '#kernel';
import { actorDisplay } from '#mail';
import { actorNames, actorPeople } from '#directory';
import { whereRegister, type RegisterFilter } from './register-filter.js';
import { proposalActionsFor } from './proposal-actions.js';
import { proposalTotal } from './proposal-totals.js';


/** The register's filters (register-filter.ts, shared with the UI's register) and a page. */
export interface ProposalFilter extends RegisterFilter {
  page?: number;
  pageSize?: number;
  /** The keyset cursor of a previous page's `nextCursor` (then `page` is ignored). */
  cursor?: string;
}

/**
 * The register's keyset cursor: the (submitted_at, id) of the last row of a page, in the register's
 * order (newest first, then id), as base64url JSON. Opaque to clients.
 */
export function encodeCursor(submittedAt: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([new Date(submittedAt).toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { submittedAt: Date; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const [at, id] = Array.isArray(parsed) ? parsed : [];
  const submittedAt = typeof at === 'string' ? new Date(at) : new Date(NaN);
  if (Number.isNaN(submittedAt.getTime()) || typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidInputError('cursor', 'is not a cursor of this list (pass the nextCursor of a previous page)');
  }
  return { submittedAt, id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The columns of a register row (`summary`), read raw: a list hydrates no entity. */
const SUMMARY_COLUMNS = [
  'p.id AS id', 'p.session_id AS session_id', 'p.number AS number', 'p.title AS title', 'p.status AS status', 'p.category AS category',
  'p.themes AS themes', 'p.key AS key', 'p.lead_proposer_id AS lead_proposer_id', 'p.submitted_at AS submitted_at', 'p.published AS published',
];

/** Restricts a query over proposals `p` to what the actor may see. */
export function scopeToActor(qb: SelectQueryBuilder<ProposalRow>, actor: Actor): SelectQueryBuilder<ProposalRow> {
  if (actor.kind !== 'user') return qb.andWhere('false');
  if (actor.role === 'unit') {
    // As canSeeProposal: not the proposals the unit was adjusted out of.
    return qb.andWhere('EXISTS (SELECT 1 FROM assignments sa WHERE sa.proposal_id = p.id AND sa.unit_id = :scopeUnit AND sa.state <> ALL(:scopeDetached))', {
      scopeUnit: actor.unitId,
      scopeDetached: DETACHED_ASSIGNMENT_STATES,
    });
  }
  if (actor.role === 'proposer') {
    return qb.andWhere(
      '(p.lead_proposer_id = :scopeProposer OR EXISTS (SELECT 1 FROM proposal_co_proposers cp WHERE cp.proposal_id = p.id AND cp.proposer_id = :scopeProposer))',
      { scopeProposer: actor.proposerId },
    );
  }
  return qb;
}

/** The register (提案登记簿) and each proposal's file, as each role may see them. */
export class ProposalQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The register (API `GET /proposals`): the total from the counters (application `proposalTotal`:
   * exact, a bound for a text search), the page by offset or, with a cursor, by keyset — both over
   * the index in the register's order — read as raw columns.
   */
  async list(actor: Actor, filter: ProposalFilter): Promise<Page<ReturnType<typeof summary>>> {
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filter.pageSize ?? 20));
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    const now = this.clock.now();
    // The register's filters and search, one definition for the API and the UI (register-filter.ts).
    const qb = whereRegister(scopeToActor(this.ds.getRepository(ProposalRow).createQueryBuilder('p'), actor), filter, now);
    const rowsQuery = qb.clone().select(SUMMARY_COLUMNS);
    // Newest first, then the id: the order of the index (session_id, submitted_at DESC, id); a cursor starts after its row.
    if (after) {
      rowsQuery.andWhere('p.submitted_at <= :afterAt AND (p.submitted_at < :afterAt OR p.id > :afterId)', { afterAt: after.submittedAt, afterId: after.id });
    }
    rowsQuery.orderBy('p.submitted_at', 'DESC').addOrderBy('p.id').offset(after ? 0 : (page - 1) * pageSize).limit(pageSize + 1);
    const [counted, raw] = await Promise.all([
      proposalTotal(this.ds.manager, actor, filter, now, qb),
      rowsQuery.getRawMany<RawSummary>(),
    ]);
    const rows = raw.slice(0, pageSize);
    const last = rows.at(-1);
    const nextCursor = raw.length > pageSize && last ? encodeCursor(last.submitted_at, last.id) : null;
    return { items: rows.map(rawSummary), total: counted.total, totalIsLowerBound: counted.totalIsLowerBound, page, pageSize, nextCursor };
  }

  async get(actor: Actor, id: string) {
    const em = this.ds.manager;
    const p = await loadProposal(em, actor, id);
    const [co, assignments, deadlines, replies, feedback, communications, opinions] = await Promise.all([
      em.find(CoProposerRow, { where: { proposalId: id }, order: { position: 'ASC' } }),
      em.find(AssignmentRow, { where: { proposalId: id }, order: { assignedAt: 'ASC', role: 'ASC' } }),
      em.find(DeadlineRow, { where: { proposalId: id }, order: { dueAt: 'ASC' } }),
      em.find(ReplyRow, { where: { proposalId: id }, order: { submittedAt: 'ASC' } }),
      em.find(FeedbackRow, { where: { proposalId: id }, order: { round: 'ASC' } }),
      em.find(CommunicationRow, { where: { proposalId: id }, order: { happenedOn: 'ASC' } }),
      em.find(OpinionRow, { where: { proposalId: id }, order: { submittedAt: 'ASC' } }),
    ]);
    const units = new Map(
      (await em.findBy(UnitRow, { id: In(assignments.map((a) => a.unitId)) })).map((u) => [u.id, u]),
    );
    // The units' internal flow (单位内部流转): whose sign-off applies, the officers' names, the drafts.
    const role0 = readerRole(actor);
    const [signOff, drafts] = await Promise.all([
      signOffUnits(em, assignments.map((a) => a.unitId)),
      role0 === 'proposer' ? Promise.resolve([]) : em.find(ReplyDraftRow, { where: { proposalId: id }, order: { draftedAt: 'ASC' } }),
    ]);
    const people = await actorPeople(em, [...assignments.map((a) => a.officerUserId), ...drafts.flatMap((d) => [d.draftedBy, d.decidedBy])]);
    const officers = new Map([...people].map(([k, v]) => [k, v.name]));
    const mayReadDrafts = (unitId: string) => role0 === 'system' || role0 === 'admin' || role0 === 'committee' || role0 === 'supervisor' || (actor.kind === 'user' && actor.unitId === unitId);
    // What this reader may see of the file (domain access-rules): a proposer not the internal deadlines nor the co-handlers' opinions.
    const role = readerRole(actor);
    const visibleDeadlines = role === 'system' ? deadlines : deadlines.filter((d) => maySeeDeadlineKind(role, d.kind));
    const visibleOpinions = role === 'system' || mayReadOpinions(role) ? opinions : [];
    const now = this.clock.now();
    return {
      ...summary(p),
      content: p.content,
      leaderName: p.leaderName,
      coProposerIds: co.map((c) => c.proposerId),
      mergedIntoId: p.mergedIntoId,
      reviewReason: p.reviewReason,
      closeReason: p.closeReason,
      round: p.round,
      filedAt: iso(p.filedAt),
      closedAt: iso(p.closedAt),
      publishedAt: iso(p.publishedAt),
      publicationIndex: p.publicationIndex,
      assignments: assignments.map((a) => ({
        id: a.id,
        unitId: a.unitId,
        unitName: units.get(a.unitId)?.name ?? null,
        role: a.role,
        state: a.state,
        assignedAt: iso(a.assignedAt),
        acceptedAt: iso(a.acceptedAt),
        repliedAt: iso(a.repliedAt),
        replacesId: a.replacesId,
        /** The unit's reply needs its leader's sign-off (审签; domain signOffApplies). */
        signOff: signOff.has(a.unitId),
        officerUserId: a.officerUserId,
        officerName: a.officerUserId ? (officers.get(a.officerUserId) ?? null) : null,
        /** 在本单位等待: liaison, officer or leader, since when (null before acceptance and once replied). */
        deskStage: a.deskStage,
        deskStageSince: iso(a.deskStageSince),
        /** 答复稿 and their 审签 (the unit's own and staff only). */
        drafts: mayReadDrafts(a.unitId)
          ? drafts.filter((d) => d.assignmentId === a.id).map((d) => ({
              id: d.id, round: d.round, status: d.status, content: d.content, resultCategory: d.resultCategory, contactName: d.contactName,
              contactPhone: d.contactPhone, public: d.public, draftedBy: d.draftedBy, draftedByName: officers.get(d.draftedBy) ?? null,
              draftedAt: iso(d.draftedAt), decidedBy: d.decidedBy, decidedByName: d.decidedBy ? (officers.get(d.decidedBy) ?? null) : null,
              decidedAt: iso(d.decidedAt), comment: d.comment,
            }))
          : [],
      })),
      deadlines: visibleDeadlines.map((d) => ({
        id: d.id,
        kind: d.kind,
        assignmentId: d.assignmentId,
        round: d.round,
        status: d.status,
        dueOn: d.dueOn,
        dueAt: iso(d.dueAt),
        stage: d.stage,
        /** The type of the stage reached (reminder, overdue, escalation, expiry), from the deadline's own ladder. */
        stageType: (d.ladder as Array<{ stage?: string; type?: string }>).find((s) => s?.stage === d.stage)?.type ?? null,
        nextStage: d.nextStage,
        nextActionAt: iso(d.nextActionAt),
        overdue: isOverdue(d, now),
        settledAt: iso(d.settledAt),
        settledLate: d.settledLate,
        explanation: d.explanation,
      })),
      replies: replies.map((r) => ({
        id: r.id,
        assignmentId: r.assignmentId,
        round: r.round,
        content: r.content,
        resultCategory: r.resultCategory,
        signedBy: r.signedBy,
        contactName: r.contactName,
        contactPhone: r.contactPhone,
        public: r.public,
        submittedAt: iso(r.submittedAt),
      })),
      feedback: feedback.map((f) => ({ id: f.id, round: f.round, rating: f.rating, comment: f.comment, via: f.via, receivedAt: iso(f.receivedAt) })),
      communications: communications.map((c) => ({ id: c.id, assignmentId: c.assignmentId, method: c.method, happenedOn: c.happenedOn, summary: c.summary })),
      opinions: visibleOpinions.map((o) => ({ id: o.id, assignmentId: o.assignmentId, content: o.content, submittedAt: iso(o.submittedAt) })),
    };
  }

  /**
   * What the actor may do on the proposal now (domain availableActions: the role, the relation, the
   * state): the proposal page's forms and 下一步 are these, and the use cases refuse the rest.
   */
  async actions(actor: Actor, id: string) {
    const p = await this.get(actor, id);
    const pending: Array<{ assignment_id: string }> = await this.ds.query(
      `SELECT assignment_id FROM extension_requests WHERE proposal_id = $1 AND status = 'pending'`,
      [id],
    );
    return proposalActionsFor(actor, p, new Set(pending.map((r) => r.assignment_id)), this.clock.now());
  }

  /**
   * The timeline: the events of the proposal in the order they were recorded, as the actor may read
   * them (domain `discloseEvent`: a proposer reads the course of their proposal, not the internal
   * records — 督办, adjustment requests, the deadline ladder — nor who acted by login name).
   */
  async events(actor: Actor, id: string) {
    await loadProposal(this.ds.manager, actor, id);
    const rows = await this.ds.manager.find(EventRow, { where: { proposalId: id }, order: { seq: 'ASC' } });
    const role = readerRole(actor);
    const disclosed = role === 'system' ? rows.map(eventView) : rows.map(eventView).flatMap((e) => discloseEvent(role, e) ?? []);
    // Who acted, named in Chinese: a person by name, office and title; a proposer reads the role alone.
    if (role === 'proposer') return disclosed.map((e) => ({ ...e, actorName: actorDisplay(e.actor) }));
    const names = new Map((await actorNames(this.ds.manager, rows)).map((name, i) => [rows[i].id, name]));
    return disclosed.map((e) => ({ ...e, actorName: names.get(e.id) ?? actorDisplay(e.actor) }));
  }

  /**
   * The mails sent about a proposal (or, for staff, all of them): for staff and the units that
   * handle it; a proposer gets none (their own mails are in their mailbox; everyone's addresses,
   * cc lists and errors are internal).
   */
  async notifications(actor: Actor, proposalId?: string) {
    const qb = this.ds.getRepository(NotificationRow).createQueryBuilder('n').orderBy('n.created_at', 'ASC');
    if (proposalId) {
      await loadProposal(this.ds.manager, actor, proposalId);
      if (!mayListProposalNotifications(actor)) return [];
      qb.where('n.proposal_id = :proposalId', { proposalId });
    } else if (!(actor.kind === 'user' && STAFF.includes(actor.role))) {
      return [];
    }
    const rows = await qb.take(500).getMany();
    return rows.map((n) => ({
      id: n.id,
      dedupeKey: n.dedupeKey,
      type: n.type,
      proposalId: n.proposalId,
      recipientEmail: n.recipientEmail,
      cc: n.cc,
      subject: n.subject,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      sentAt: iso(n.sentAt),
      createdAt: iso(n.createdAt),
    }));
  }
}

export function summary(p: ProposalRow) {
  return {
    id: p.id,
    sessionId: p.sessionId,
    number: p.number,
    title: p.title,
    status: p.status,
    category: p.category,
    themes: p.themes,
    key: p.key,
    leadProposerId: p.leadProposerId,
    submittedAt: iso(p.submittedAt),
    published: p.published,
  };
}

interface RawSummary {
  id: string; session_id: string; number: number | null; title: string; status: string; category: string | null; themes: string[] | null;
  key: boolean; lead_proposer_id: string; submitted_at: Date; published: boolean;
}

/** `summary` of a raw register row (the same fields, in the same order). */
function rawSummary(r: RawSummary): ReturnType<typeof summary> {
  return {
    id: r.id, sessionId: r.session_id, number: r.number, title: r.title, status: r.status as ProposalRow['status'], category: r.category,
    themes: r.themes ?? [], key: r.key, leadProposerId: r.lead_proposer_id, submittedAt: iso(r.submitted_at), published: r.published,
  };
}

export function eventView(e: EventRow) {
  return { id: e.id, type: e.type, actor: e.actor, payload: e.payload, occurredAt: iso(e.occurredAt) };
}
