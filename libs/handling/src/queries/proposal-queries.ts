import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { EventRow, NotificationRow, ProposalRow, ReplyDraftRow, preparedQuery, type AssignmentRow, type CommunicationRow, type DeadlineRow, type FeedbackRow } from '#persistence';
import { DETACHED_ASSIGNMENT_STATES, discloseEvent, isOverdue, mayReadOpinions, maySeeDeadlineKind, signOffApplies, type Clock } from '#domain';
import { type Actor, canSeeFile, loadProposal, mayListProposalNotifications, readerRole, STAFF, unitHasLeaderSql, unitSkipsSignOffSql, InvalidInputError, NotFoundError, iso, type Page } from '#kernel';
import { actorDisplay } from '#mail';
import { actorNames, userNameSql } from '#directory';
import { jsonArrayOf } from './json-parts.js';
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

  /**
   * A proposal's file (API `GET /proposals/:id`, the proposal page): the proposal and everything
   * under it — co-signers, assignments with their units, deadlines, replies, feedback,
   * communications, opinions — in one statement (each part a JSON array in its order), then what
   * this reader may see of it (kernel `canSeeFile`, domain access-rules).
   */
  async get(actor: Actor, id: string) {
    const [row] = await preparedQuery<FileRow>(this.ds, 'duban_proposal_file', FILE_SQL, [id]);
    if (!row || !canSeeFile(actor, { id: row.id, leadProposerId: row.lead_proposer_id }, row.assignments, row.co)) throw new NotFoundError('proposal', id);
    // The units' internal flow (单位内部流转) came with the file: whose sign-off applies, the officers' names, the drafts.
    const role = readerRole(actor);
    const drafts = role === 'proposer' ? [] : row.drafts;
    const signOff = new Set(row.assignments.filter((a) => signOffApplies({ hasLeader: a.unitHasLeader, skipped: a.unitSkipsSignOff })).map((a) => a.unitId));
    const mayReadDrafts = (unitId: string) => role === 'system' || role === 'admin' || role === 'committee' || role === 'supervisor' || (actor.kind === 'user' && actor.unitId === unitId);
    const visibleDeadlines = role === 'system' ? row.deadlines : row.deadlines.filter((d) => maySeeDeadlineKind(role, d.kind));
    const visibleOpinions = role === 'system' || mayReadOpinions(role) ? row.opinions : [];
    const now = this.clock.now();
    return {
      ...rawSummary(row),
      content: row.content,
      leaderName: row.leader_name,
      coProposerIds: row.co,
      mergedIntoId: row.merged_into_id,
      reviewReason: row.review_reason,
      closeReason: row.close_reason,
      round: row.round,
      filedAt: iso(row.filed_at),
      closedAt: iso(row.closed_at),
      publishedAt: iso(row.published_at),
      publicationIndex: row.publication_index,
      assignments: row.assignments.map((a) => ({
        id: a.id,
        unitId: a.unitId,
        unitName: a.unitName,
        role: a.role,
        state: a.state,
        assignedAt: at(a.assignedAt),
        acceptedAt: at(a.acceptedAt),
        repliedAt: at(a.repliedAt),
        replacesId: a.replacesId,
        /** The unit's reply needs its leader's sign-off (审签; domain signOffApplies). */
        signOff: signOff.has(a.unitId),
        officerUserId: a.officerUserId,
        officerName: a.officerUserId ? a.officerName : null,
        /** 在本单位等待: liaison, officer or leader, since when (null before acceptance and once replied). */
        deskStage: a.deskStage,
        deskStageSince: at(a.deskStageSince),
        /** 答复稿 and their 审签 (the unit's own and staff only). */
        drafts: mayReadDrafts(a.unitId)
          ? drafts.filter((d) => d.assignmentId === a.id).map((d) => ({
              id: d.id, round: d.round, status: d.status, content: d.content, resultCategory: d.resultCategory, contactName: d.contactName,
              contactPhone: d.contactPhone, public: d.public, draftedBy: d.draftedBy, draftedByName: d.draftedByName,
              draftedAt: at(d.draftedAt), decidedBy: d.decidedBy, decidedByName: d.decidedBy ? d.decidedByName : null,
              decidedAt: at(d.decidedAt), comment: d.comment,
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
        dueAt: at(d.dueAt),
        stage: d.stage,
        /** The type of the stage reached (reminder, overdue, escalation, expiry), from the deadline's own ladder. */
        stageType: (d.ladder as Array<{ stage?: string; type?: string }>).find((s) => s?.stage === d.stage)?.type ?? null,
        nextStage: d.nextStage,
        nextActionAt: at(d.nextActionAt),
        overdue: isOverdue(d, now),
        settledAt: at(d.settledAt),
        settledLate: d.settledLate,
        explanation: d.explanation,
      })),
      replies: row.replies.map((r) => ({ ...r, submittedAt: at(r.submittedAt) })),
      feedback: row.feedback.map((f) => ({ ...f, receivedAt: at(f.receivedAt) })),
      communications: row.communications,
      opinions: visibleOpinions.map((o) => ({ ...o, submittedAt: at(o.submittedAt) })),
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
    return this.readEvents(actor, id);
  }

  /** `events` of a file this reader was given by `get` (its visibility checked there: no second read of the proposal). */
  eventsOf(actor: Actor, file: ProposalFile) {
    return this.readEvents(actor, file.id);
  }

  private async readEvents(actor: Actor, id: string) {
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
      return this.readNotifications(actor, proposalId);
    } else if (!(actor.kind === 'user' && STAFF.includes(actor.role))) {
      return [];
    }
    return this.notificationViews(qb);
  }

  /** `notifications` of a file this reader was given by `get` (its visibility checked there). */
  notificationsOf(actor: Actor, file: ProposalFile) {
    return this.readNotifications(actor, file.id);
  }

  private async readNotifications(actor: Actor, proposalId: string) {
    if (!mayListProposalNotifications(actor)) return [];
    return this.notificationViews(this.ds.getRepository(NotificationRow).createQueryBuilder('n').orderBy('n.created_at', 'ASC').where('n.proposal_id = :proposalId', { proposalId }));
  }

  private async notificationViews(qb: SelectQueryBuilder<NotificationRow>) {
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

/** A proposal's file as `ProposalQueries.get` gives it to a reader who may see it. */
export type ProposalFile = Awaited<ReturnType<ProposalQueries['get']>>;

/** A timestamp of a JSON part (Postgres writes it with its offset) as the API writes them: ISO, UTC. */
const at = (v: string | null): string | null => (v ? new Date(v).toISOString() : null);

/** A user's name as actorPeople gives it, for user `pu`. */
const PERSON_NAME = userNameSql('pu');

/** The file of one proposal ($1) in one statement: the same rows, in the same orders, as the entity reads were. */
const FILE_SQL = `
  SELECT ${SUMMARY_COLUMNS.join(', ')}, p.content, p.leader_name, p.merged_into_id, p.review_reason, p.close_reason, p.round,
         p.filed_at, p.closed_at, p.published_at, p.publication_index,
         ${jsonArrayOf('c.proposer_id', 'FROM proposal_co_proposers c WHERE c.proposal_id = p.id', 'c.position')} AS co,
         ${jsonArrayOf(
           `json_build_object('id', a.id, 'unitId', a.unit_id, 'unitName', u.name, 'role', a.role, 'state', a.state, 'assignedAt', a.assigned_at,
                              'acceptedAt', a.accepted_at, 'repliedAt', a.replied_at, 'replacesId', a.replaces_id,
                              'officerUserId', a.officer_user_id, 'officerName', (SELECT ${PERSON_NAME} FROM users pu WHERE pu.id = a.officer_user_id),
                              'deskStage', a.desk_stage, 'deskStageSince', a.desk_stage_since,
                              'unitHasLeader', ${unitHasLeaderSql('a.unit_id')}, 'unitSkipsSignOff', ${unitSkipsSignOffSql('a.unit_id')})`,
           'FROM assignments a LEFT JOIN units u ON u.id = a.unit_id WHERE a.proposal_id = p.id',
           'a.assigned_at, a.role',
         )} AS assignments,
         ${jsonArrayOf(
           `json_build_object('id', d.id, 'kind', d.kind, 'assignmentId', d.assignment_id, 'round', d.round, 'status', d.status, 'dueOn', d.due_on,
                              'dueAt', d.due_at, 'stage', d.stage, 'ladder', d.ladder, 'nextStage', d.next_stage, 'nextActionAt', d.next_action_at,
                              'settledAt', d.settled_at, 'settledLate', d.settled_late, 'explanation', d.explanation)`,
           'FROM deadlines d WHERE d.proposal_id = p.id',
           'd.due_at',
         )} AS deadlines,
         ${jsonArrayOf(
           `json_build_object('id', r.id, 'assignmentId', r.assignment_id, 'round', r.round, 'content', r.content, 'resultCategory', r.result_category,
                              'signedBy', r.signed_by, 'contactName', r.contact_name, 'contactPhone', r.contact_phone, 'public', r.public,
                              'submittedAt', r.submitted_at)`,
           'FROM replies r WHERE r.proposal_id = p.id',
           'r.submitted_at',
         )} AS replies,
         ${jsonArrayOf(
           `json_build_object('id', f.id, 'round', f.round, 'rating', f.rating, 'comment', f.comment, 'via', f.via, 'receivedAt', f.received_at)`,
           'FROM feedback f WHERE f.proposal_id = p.id',
           'f.round',
         )} AS feedback,
         ${jsonArrayOf(
           `json_build_object('id', m.id, 'assignmentId', m.assignment_id, 'method', m.method, 'happenedOn', m.happened_on, 'summary', m.summary)`,
           'FROM communications m WHERE m.proposal_id = p.id',
           'm.happened_on',
         )} AS communications,
         ${jsonArrayOf(
           `json_build_object('id', o.id, 'assignmentId', o.assignment_id, 'content', o.content, 'submittedAt', o.submitted_at)`,
           'FROM opinions o WHERE o.proposal_id = p.id',
           'o.submitted_at',
         )} AS opinions,
         ${jsonArrayOf(
           `json_build_object('id', rd.id, 'assignmentId', rd.assignment_id, 'round', rd.round, 'status', rd.status, 'content', rd.content,
                              'resultCategory', rd.result_category, 'contactName', rd.contact_name, 'contactPhone', rd.contact_phone, 'public', rd.public,
                              'draftedBy', rd.drafted_by, 'draftedByName', (SELECT ${PERSON_NAME} FROM users pu WHERE pu.id = rd.drafted_by),
                              'draftedAt', rd.drafted_at, 'decidedBy', rd.decided_by,
                              'decidedByName', (SELECT ${PERSON_NAME} FROM users pu WHERE pu.id = rd.decided_by), 'decidedAt', rd.decided_at, 'comment', rd.comment)`,
           'FROM reply_drafts rd WHERE rd.proposal_id = p.id',
           'rd.drafted_at',
         )} AS drafts
    FROM proposals p WHERE p.id = $1`;

/** A row of FILE_SQL. */
interface FileRow extends RawSummary {
  content: string; leader_name: string | null; merged_into_id: string | null; review_reason: string | null; close_reason: string | null;
  round: number; filed_at: Date | null; closed_at: Date | null; published_at: Date | null; publication_index: string | null;
  co: string[];
  assignments: Array<{
    id: string; unitId: string; unitName: string | null; role: AssignmentRow['role']; state: AssignmentRow['state']; assignedAt: string; acceptedAt: string | null;
    repliedAt: string | null; replacesId: string | null;
    officerUserId: string | null; officerName: string | null; deskStage: AssignmentRow['deskStage']; deskStageSince: string | null;
    unitHasLeader: boolean; unitSkipsSignOff: boolean;
  }>;
  deadlines: Array<{
    id: string; kind: DeadlineRow['kind']; assignmentId: string | null; round: number; status: DeadlineRow['status']; dueOn: string; dueAt: string; stage: string; ladder: unknown;
    nextStage: string | null; nextActionAt: string | null; settledAt: string | null; settledLate: boolean | null; explanation: string;
  }>;
  replies: Array<{
    id: string; assignmentId: string; round: number; content: string; resultCategory: string; signedBy: string; contactName: string;
    contactPhone: string; public: boolean; submittedAt: string;
  }>;
  feedback: Array<{ id: string; round: number; rating: FeedbackRow['rating']; comment: string | null; via: FeedbackRow['via']; receivedAt: string }>;
  communications: Array<{ id: string; assignmentId: string; method: CommunicationRow['method']; happenedOn: string; summary: string }>;
  opinions: Array<{ id: string; assignmentId: string; content: string; submittedAt: string }>;
  drafts: Array<{
    id: string; assignmentId: string; round: number; status: ReplyDraftRow['status']; content: string; resultCategory: string; contactName: string;
    contactPhone: string; public: boolean; draftedBy: string; draftedByName: string | null; draftedAt: string; decidedBy: string | null;
    decidedByName: string | null; decidedAt: string | null; comment: string | null;
  }>;
}
