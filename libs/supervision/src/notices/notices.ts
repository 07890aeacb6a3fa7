import { randomUUID } from 'node:crypto';
import { ANSWER_DEADLINE_KINDS, computeDeadline, DETACHED_ASSIGNMENT_STATES, isSupervisable, KEY_DESIGNATABLE_STATUSES, toShanghaiDate, RuleViolationError } from '#domain';
import { AssignmentRow, DeadlineRow, ProposalRow, SupervisionNoticeRow, UnitRow } from '#persistence';
import { In, Not } from 'typeorm';
import { type Actor, type AppContext, loadProposal, requireAction, requireRole, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, iso, NOTICE_KIND, noticeKind, noticeRuleFor, withNoticeRule, type LayeredRulesProvider } from '#kernel';
import { applyComputation } from '#deadlines';
import type { SupervisionConfig } from '../config.js';

export interface IssueNoticeInput {
  /** The unit asked (one of the proposal's live handling units)… */
  unitId?: string | null;
  /** …or its assignment. */
  assignmentId?: string | null;
  /** What the office requires (督办事项). */
  content: string;
  /** The notice's own short deadline in working days (default config/supervision.json `notice.length`). */
  workdays?: number | null;
}

/** 督办通知书 numbers: 督〔2024〕3号. */
export const noticeNumberLabel = (n: { year: number; number: number }) => `督〔${n.year}〕${n.number}号`;

/**
 * 督办: the supervision office sends a handling unit a notice about a proposal, with a short
 * deadline of its own (a `deadlines` row of kind 'supervision' and its own reminder ladder, swept
 * like the others) and a required response.
 */
export class IssueSupervisionNotice {
  constructor(
    private readonly ctx: AppContext,
    private readonly provider: LayeredRulesProvider,
    private readonly config: SupervisionConfig,
  ) {}

  async execute(actor: Actor, proposalId: string, input: IssueNoticeInput): Promise<SupervisionNoticeRow> {
    requireAction(actor, 'issue_notice');
    const content = input.content?.trim();
    if (!content) throw new InvalidInputError('content', 'is required: what the unit must do or answer');
    const workdays = input.workdays ?? this.config.notice.length.amount;
    if (!Number.isInteger(workdays) || workdays < 1 || workdays > this.config.notice.maxWorkdays) {
      throw new InvalidInputError('workdays', `must be a whole number of working days from 1 to ${this.config.notice.maxWorkdays}`);
    }
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      if (!isSupervisable(proposal.status)) {
        throw new RuleViolationError('notice_state', `Cannot issue a supervision notice: proposal is in state "${proposal.status}"`);
      }
      const assignment = input.assignmentId
        ? await tx.em.findOneBy(AssignmentRow, { id: input.assignmentId, proposalId, state: Not('removed') })
        : input.unitId
          ? await tx.em.findOneBy(AssignmentRow, { unitId: input.unitId, proposalId, state: Not('removed') })
          : null;
      if (!assignment) {
        throw new InvalidInputError(input.assignmentId ? 'assignmentId' : 'unitId', 'must name a unit that handles this proposal');
      }
      const { rules, layer } = await this.provider.forSessionWithLayer(tx.em, proposal.sessionId);
      const notice = noticeRuleFor(this.config.notice, layer?.document ?? null);
      const noticeRules = withNoticeRule(rules, notice);
      const id = randomUUID();
      const computed = computeDeadline({
        kind: noticeKind,
        start: tx.now,
        rules: noticeRules.rules,
        calendar: noticeRules.calendar,
        ...(workdays !== notice.length.amount ? { lengthOverride: { amount: workdays, unit: 'workdays' as const } } : {}),
      });
      const deadline = tx.em.create(DeadlineRow, {
        proposalId,
        assignmentId: assignment.id,
        kind: NOTICE_KIND,
        round: 1,
        dedupeKey: `${NOTICE_KIND}:${id}:1`,
        status: 'open',
        startedAt: tx.now,
        stage: 'open',
        settledAt: null,
        settledLate: null,
      });
      applyComputation(deadline, computed, noticeRules, tx.now);
      await tx.em.save(DeadlineRow, deadline);

      const year = Number(toShanghaiDate(tx.now).slice(0, 4));
      await tx.em.query(`SELECT pg_advisory_xact_lock($1, $2)`, [7_040_198, year]);
      const [{ next }] = await tx.em.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM supervision_notices WHERE year = $1`, [year]);
      const row = await tx.em.save(
        SupervisionNoticeRow,
        tx.em.create(SupervisionNoticeRow, {
          id, year, number: next, proposalId, assignmentId: assignment.id, unitId: assignment.unitId, deadlineId: deadline.id,
          content, status: 'open', issuedBy: actor.id, issuedAt: tx.now, version: 1,
        }),
      );
      await tx.record({
        type: 'supervision.notice_issued',
        proposalId,
        subjectType: 'supervision_notice',
        subjectId: id,
        payload: {
          noticeId: id, year, number: row.number, assignmentId: assignment.id, unitId: assignment.unitId,
          deadlineId: deadline.id, dedupeKey: deadline.dedupeKey, dueOn: deadline.dueOn, workdays,
        },
      });
      return row;
    });
  }
}

/** The unit answers a supervision notice (督办回复); late when past the end of the notice's due day. */
export class RespondToSupervisionNotice {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, noticeId: string, input: { content: string }): Promise<SupervisionNoticeRow> {
    requireRole(actor, 'unit');
    const content = input.content?.trim();
    if (!content) throw new InvalidInputError('content', 'is required', 'FIELD_REQUIRED');
    return this.ctx.transaction(actor, async (tx) => {
      const found = await tx.em.findOneBy(SupervisionNoticeRow, { id: noticeId });
      if (!found || found.unitId !== actor.unitId) throw new NotFoundError('supervision notice', noticeId);
      await loadProposal(tx.em, actor, found.proposalId, true);
      const notice = await tx.em.findOneOrFail(SupervisionNoticeRow, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
      if (notice.status !== 'open') throw new ConflictError(`the supervision notice is already ${notice.status}`, undefined, 'NOTICE_NOT_OPEN');
      const deadline = await tx.em.findOne(DeadlineRow, { where: { id: notice.deadlineId }, lock: { mode: 'pessimistic_write' } });
      const late = deadline ? tx.now.getTime() > deadline.dueAt.getTime() : false;
      if (deadline && deadline.status === 'open') {
        Object.assign(deadline, { status: 'settled', settledAt: tx.now, settledLate: late, nextStage: null, nextActionAt: null, version: deadline.version + 1 });
        await tx.em.save(DeadlineRow, deadline);
      }
      Object.assign(notice, { status: 'responded', response: content, respondedBy: actor.id, respondedAt: tx.now, respondedLate: late, version: notice.version + 1 });
      await tx.em.save(SupervisionNoticeRow, notice);
      await tx.record({
        type: 'supervision.notice_responded',
        proposalId: notice.proposalId,
        subjectType: 'supervision_notice',
        subjectId: notice.id,
        payload: { noticeId: notice.id, assignmentId: notice.assignmentId, unitId: notice.unitId, deadlineId: notice.deadlineId, dedupeKey: deadline?.dedupeKey ?? null, late },
      });
      return notice;
    });
  }
}

/** The office withdraws a notice it no longer needs answered; its deadline is cancelled. */
export class WithdrawSupervisionNotice {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, noticeId: string, input: { reason: string }): Promise<SupervisionNoticeRow> {
    requireRole(actor, 'admin', 'supervisor');
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidInputError('reason', 'is required', 'FIELD_REQUIRED');
    return this.ctx.transaction(actor, async (tx) => {
      const found = await tx.em.findOneBy(SupervisionNoticeRow, { id: noticeId });
      if (!found) throw new NotFoundError('supervision notice', noticeId);
      await loadProposal(tx.em, actor, found.proposalId, true);
      const notice = await tx.em.findOneOrFail(SupervisionNoticeRow, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
      if (notice.status !== 'open') throw new ConflictError(`the supervision notice is already ${notice.status}`, undefined, 'NOTICE_NOT_OPEN');
      const deadline = await tx.em.findOne(DeadlineRow, { where: { id: notice.deadlineId }, lock: { mode: 'pessimistic_write' } });
      if (deadline && deadline.status === 'open') {
        Object.assign(deadline, { status: 'cancelled', settledAt: tx.now, settledLate: null, nextStage: null, nextActionAt: null, version: deadline.version + 1 });
        await tx.em.save(DeadlineRow, deadline);
      }
      Object.assign(notice, { status: 'withdrawn', withdrawnReason: reason, version: notice.version + 1 });
      await tx.em.save(SupervisionNoticeRow, notice);
      await tx.record({
        type: 'supervision.notice_withdrawn',
        proposalId: notice.proposalId,
        subjectType: 'supervision_notice',
        subjectId: notice.id,
        payload: { noticeId: notice.id, unitId: notice.unitId, dedupeKey: deadline?.dedupeKey ?? null, reason },
      });
      return notice;
    });
  }
}

export interface KeyProposalInput {
  key: boolean;
  /** 领衔督办的市领导: required for a key proposal. */
  leaderName?: string | null;
}

/**
 * 重点提案: the office marks a proposal as key, with the city leader who leads its supervision (or
 * unmarks it). From then on every event of the proposal is copied to the supervision office.
 */
export class DesignateKeyProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: KeyProposalInput): Promise<ProposalRow> {
    requireAction(actor, 'designate_key');
    const leaderName = input.key ? input.leaderName?.trim() : null;
    if (input.key && !leaderName) throw new InvalidInputError('leaderName', 'is required for a key proposal (重点提案)', 'FIELD_REQUIRED');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      if (!KEY_DESIGNATABLE_STATUSES.includes(proposal.status)) {
        throw new RuleViolationError('key_state', `Cannot change the key designation: proposal is in state "${proposal.status}"`);
      }
      if (proposal.key === input.key && (proposal.leaderName ?? null) === (leaderName ?? null)) return proposal;
      const result = await tx.em
        .createQueryBuilder()
        .update(ProposalRow)
        .set({ key: input.key, leaderName: leaderName ?? null, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: proposalId, version: proposal.version })
        .execute();
      if (result.affected !== 1) throw new ConflictError('proposal was changed by someone else; reload and try again', undefined, 'CHANGED_BY_SOMEONE_ELSE');
      Object.assign(proposal, { key: input.key, leaderName: leaderName ?? null, version: proposal.version + 1 });
      await tx.record({
        type: 'proposal.key_designated',
        proposalId,
        subjectType: 'proposal',
        subjectId: proposalId,
        payload: { key: input.key, leaderName: leaderName ?? null },
      });
      return proposal;
    });
  }
}

export interface NoticeFilter {
  proposalId?: string;
  unitId?: string;
  status?: 'open' | 'responded' | 'withdrawn';
  overdue?: boolean;
}

/** Notices as each role may see them: the office all of them, a unit its own; proposers none. */
export class NoticeQueries {
  constructor(private readonly ctx: AppContext) {}

  private async view(rows: SupervisionNoticeRow[]) {
    const em = this.ctx.ds.manager;
    const now = this.ctx.clock.now().getTime();
    const [deadlines, units, proposals] = await Promise.all([
      rows.length ? em.findBy(DeadlineRow, { id: In(rows.map((r) => r.deadlineId)) }) : [],
      rows.length ? em.findBy(UnitRow, { id: In([...new Set(rows.map((r) => r.unitId))]) }) : [],
      rows.length ? em.findBy(ProposalRow, { id: In([...new Set(rows.map((r) => r.proposalId))]) }) : [],
    ]);
    return rows.map((r) => {
      const d = deadlines.find((x) => x.id === r.deadlineId);
      const p = proposals.find((x) => x.id === r.proposalId);
      return {
        id: r.id,
        label: noticeNumberLabel(r),
        year: r.year,
        number: r.number,
        proposalId: r.proposalId,
        proposalNumber: p?.number ?? null,
        proposalTitle: p?.title ?? null,
        key: p?.key ?? false,
        leaderName: p?.leaderName ?? null,
        assignmentId: r.assignmentId,
        unitId: r.unitId,
        unitName: units.find((u) => u.id === r.unitId)?.name ?? null,
        content: r.content,
        status: r.status,
        issuedAt: iso(r.issuedAt),
        dueOn: d?.dueOn ?? null,
        dueAt: iso(d?.dueAt),
        explanation: d?.explanation ?? null,
        stage: d?.stage ?? null,
        overdue: r.status === 'open' && !!d && d.status === 'open' && d.dueAt.getTime() < now,
        response: r.response,
        respondedAt: iso(r.respondedAt),
        respondedLate: r.respondedLate,
        withdrawnReason: r.withdrawnReason,
      };
    });
  }

  async list(actor: Actor, filter: NoticeFilter = {}) {
    if (actor.kind !== 'user' || actor.role === 'proposer') throw new ForbiddenError();
    const qb = this.ctx.ds.getRepository(SupervisionNoticeRow).createQueryBuilder('n');
    // A unit's own notices, of the proposals it still handles (not one it was adjusted out of: access.ts canSeeProposal).
    if (actor.role === 'unit') {
      qb.andWhere('n.unit_id = :own', { own: actor.unitId }).andWhere(
        'EXISTS (SELECT 1 FROM assignments na WHERE na.proposal_id = n.proposal_id AND na.unit_id = :own AND na.state <> ALL(:detached))',
        { detached: DETACHED_ASSIGNMENT_STATES },
      );
    }
    if (filter.unitId) qb.andWhere('n.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.proposalId) qb.andWhere('n.proposal_id = :proposalId', { proposalId: filter.proposalId });
    if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
    if (filter.overdue !== undefined) {
      const overdue = `EXISTS (SELECT 1 FROM deadlines d WHERE d.id = n.deadline_id AND d.status = 'open' AND d.due_at < :now)`;
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { now: this.ctx.clock.now() });
    }
    const rows = await qb.orderBy('n.issued_at', 'DESC').addOrderBy('n.number', 'DESC').take(500).getMany();
    return { items: await this.view(rows), total: rows.length };
  }

  async get(actor: Actor, id: string) {
    if (actor.kind !== 'user' || actor.role === 'proposer') throw new ForbiddenError();
    const row = await this.ctx.ds.manager.findOneBy(SupervisionNoticeRow, { id });
    if (!row || (actor.role === 'unit' && row.unitId !== actor.unitId)) throw new NotFoundError('supervision notice', id);
    if (actor.role === 'unit') await loadProposal(this.ctx.ds.manager, actor, row.proposalId).catch(() => Promise.reject(new NotFoundError('supervision notice', id)));
    return (await this.view([row]))[0];
  }

  /** 重点提案: the key proposals of a session with their leader, state, lead unit, reply due date and notices. */
  async keyProposals(actor: Actor, sessionId?: string | null) {
    requireRole(actor, 'admin', 'committee', 'supervisor');
    const rows: Array<Record<string, unknown>> = await this.ctx.ds.query(
      `SELECT p.id, p.number, p.title, p.status, p.leader_name AS "leaderName", p.session_id AS "sessionId",
              (SELECT string_agg(u.name, '、' ORDER BY u.code) FROM assignments a JOIN units u ON u.id = a.unit_id
                WHERE a.proposal_id = p.id AND a.role = 'lead' AND a.state <> 'removed') AS "leadUnit",
              (SELECT to_char(min(d.due_on), 'YYYY-MM-DD') FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open'
                  AND d.kind = ANY($3::text[])) AS "nextDueOn",
              EXISTS (SELECT 1 FROM deadlines d WHERE d.proposal_id = p.id AND d.status = 'open' AND d.due_at < $2
                  AND (d.kind = ANY($3::text[]) OR d.kind = $4)) AS overdue,
              (SELECT count(*)::int FROM supervision_notices n WHERE n.proposal_id = p.id AND n.status <> 'withdrawn') AS notices,
              (SELECT count(*)::int FROM supervision_notices n WHERE n.proposal_id = p.id AND n.status = 'open') AS "openNotices"
         FROM proposals p
        WHERE p.key AND ($1::uuid IS NULL OR p.session_id = $1::uuid)
        ORDER BY p.number NULLS LAST, p.submitted_at`,
      [sessionId ?? null, this.ctx.clock.now(), ANSWER_DEADLINE_KINDS, NOTICE_KIND],
    );
    return { items: rows };
  }
}
