import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  AssignmentRow, CommunicationRow, CoProposerRow, DeadlineRow, EventRow, FeedbackRow, NotificationRow, OpinionRow,
  ProposalRow, ReplyRow, UnitRow,
} from '#persistence';
import { DETACHED_ASSIGNMENT_STATES, discloseEvent, isOverdue, mayReadOpinions, maySeeDeadlineKind, type Clock } from '#domain';
import type { Actor } from '../actor.js';
import { loadProposal, mayListProposalNotifications, readerRole, STAFF } from '../access.js';
import { actorDisplay } from '#mail';
import { actorNames } from './actor-people.js';
import { whereRegister, type RegisterFilter } from './register-filter.js';
import { proposalActionsFor } from './proposal-actions.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The register's filters (register-filter.ts, shared with the UI's register) and a page. */
export interface ProposalFilter extends RegisterFilter {
  page?: number;
  pageSize?: number;
}

export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

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

/**
 * How many proposals a register query matches: count(*), not TypeORM's getCount, whose
 * COUNT(DISTINCT p.id) sorts every matching id — with 100,000 proposals the register's total took
 * 43 ms that way and 10 ms this way (docs/performance.md). Right only for queries with one row per
 * proposal: filters as EXISTS clauses, joins to one row at most (the session).
 */
export async function countProposals(qb: SelectQueryBuilder<ProposalRow>): Promise<number> {
  const counted = await qb.clone().select('count(*)::int', 'n').getRawOne<{ n: number }>();
  return counted?.n ?? 0;
}

/** The register (提案登记簿) and each proposal's file, as each role may see them. */
export class ProposalQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, filter: ProposalFilter): Promise<Page<ReturnType<typeof summary>>> {
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filter.pageSize ?? 20));
    // The register's filters and search, one definition for the API and the UI (register-filter.ts).
    const qb = whereRegister(scopeToActor(this.ds.getRepository(ProposalRow).createQueryBuilder('p'), actor), filter, this.clock.now());
    const total = await countProposals(qb);
    qb.orderBy('p.submitted_at', 'DESC').addOrderBy('p.id').skip((page - 1) * pageSize).take(pageSize);
    const rows = await qb.getMany();
    return { items: rows.map(summary), total, page, pageSize };
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

export function eventView(e: EventRow) {
  return { id: e.id, type: e.type, actor: e.actor, payload: e.payload, occurredAt: iso(e.occurredAt) };
}
