import { DateTime } from 'luxon';
import { nextStageAfter, SHANGHAI_TIMEZONE, type PlannedStage } from '#domain';
import { type DeadlineRow, ProposalRow } from '#persistence';
import { systemActor, type AppContext, type NewEvent, type Tx, moveProposal } from '#kernel';
import { loadLadder } from './deadlines.js';

const EVENT_OF_STAGE: Record<PlannedStage['type'], 'deadline.reminder_due' | 'deadline.overdue' | 'deadline.escalated' | 'deadline.expired'> = {
  reminder: 'deadline.reminder_due',
  overdue: 'deadline.overdue',
  escalation: 'deadline.escalated',
  expiry: 'deadline.expired',
};

/** A claimed deadline: what firing its stage and planning the next one needs, and the unit it belongs to. */
type DueDeadline = Pick<
  DeadlineRow,
  'id' | 'proposalId' | 'assignmentId' | 'kind' | 'round' | 'status' | 'stage' | 'nextStage' | 'nextActionAt' | 'dueOn' | 'dueAt' | 'ladder'
> & { unitId: string | null; /** Left for the next sweep (its proposal was locked). */ deferred?: boolean };

export interface SweepResult {
  fired: number;
  digest: string | null;
}

/**
 * The deadline sweep: claims the ladder stages that have fallen due (SKIP LOCKED, so any number of
 * sweepers share the work), records one event per stage, and moves each deadline to its next stage,
 * all in one transaction. The partial index on next_action_at makes its cost follow the stages due,
 * not the deadlines open. It also writes the weekly digest's event once a week.
 */
export class SweepDeadlines {
  private readonly actor = systemActor('deadline-sweep');

  constructor(private readonly ctx: AppContext) {}

  async execute(limit = 1000): Promise<SweepResult> {
    let fired = 0;
    // A deadline can owe more than one stage (a reminder and then, after an outage, its overdue alert):
    // sweep again while the last batch was full or left stages due.
    for (let round = 0; round < 20; round++) {
      const batch = await this.sweepBatch(limit);
      fired += batch.fired;
      if (batch.claimed < limit && batch.stillDue === 0) break;
    }
    return { fired, digest: await this.weeklyDigest() };
  }

  private async sweepBatch(limit: number): Promise<{ claimed: number; fired: number; stillDue: number }> {
    return this.ctx.transaction(this.actor, async (tx) => {
      // One statement claims the due stages and reads what firing them needs, the unit included.
      const deadlines: DueDeadline[] = await tx.em.query(
        `SELECT d.id, d.proposal_id AS "proposalId", d.assignment_id AS "assignmentId", d.kind, d.round, d.status, d.stage,
                d.next_stage AS "nextStage", d.next_action_at AS "nextActionAt", d.due_on::text AS "dueOn", d.due_at AS "dueAt",
                d.ladder, a.unit_id AS "unitId"
           FROM deadlines d LEFT JOIN assignments a ON a.id = d.assignment_id
          WHERE d.next_action_at <= $1 AND d.status = 'open'
          ORDER BY d.next_action_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
        [tx.now, limit],
      );
      if (deadlines.length === 0) return { claimed: 0, fired: 0, stillDue: 0 };
      const events: NewEvent[] = [];
      for (const d of deadlines) events.push(...(await this.advance(tx, d)));
      await tx.recordMany(events);
      await tx.em.query(
        `UPDATE deadlines d SET stage = u.stage, next_stage = u.next_stage, next_action_at = u.next_action_at, status = u.status,
                settled_at = CASE WHEN u.status = 'expired' THEN $6::timestamptz ELSE d.settled_at END,
                version = d.version + 1, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS u(id, stage, next_stage, next_action_at, status)
          WHERE d.id = u.id`,
        [deadlines.map((d) => d.id), deadlines.map((d) => d.stage), deadlines.map((d) => d.nextStage), deadlines.map((d) => d.nextActionAt), deadlines.map((d) => d.status), tx.now],
      );
      const stillDue = deadlines.filter((d) => !d.deferred && d.nextActionAt && d.nextActionAt.getTime() <= tx.now.getTime()).length;
      return { claimed: deadlines.length, fired: events.length, stillDue };
    });
  }

  /** Fires the deadline's due stage and works out the next one. */
  private async advance(tx: Tx, d: DueDeadline): Promise<NewEvent[]> {
    const unitId = d.unitId;
    const ladder = loadLadder(d.ladder);
    const stage = ladder.find((s) => s.stage === d.nextStage);
    const firedAt = d.nextActionAt!;
    if (!stage) {
      d.nextStage = null;
      d.nextActionAt = null;
      return [];
    }
    const occurrence = stage.repeatEvery ? Math.round((firedAt.getTime() - stage.at.getTime()) / (stage.repeatEvery.amount * 86_400_000)) + 1 : 1;
    const event: NewEvent = {
      type: EVENT_OF_STAGE[stage.type],
      proposalId: d.proposalId,
      subjectType: 'deadline',
      subjectId: d.id,
      dedupeKey: `deadline:${d.id}:${stage.stage}:${firedAt.toISOString()}`,
      payload: {
        deadlineId: d.id, kind: d.kind, round: d.round, stage: stage.stage, stageType: stage.type, notify: stage.notify,
        occurrence, dueOn: d.dueOn, dueAt: d.dueAt.toISOString(), assignmentId: d.assignmentId, unitId, scheduledFor: firedAt.toISOString(),
      },
    };
    // Closing for want of feedback takes the proposal's lock; if someone holds it right now (the
    // proposer may be rating this very moment), leave the stage for the next sweep instead of waiting:
    // waiting while holding the deadline could deadlock with a use case that holds the proposal.
    let closing: NewEvent[] = [];
    if (stage.type === 'expiry' && d.kind === 'feedback') {
      const closed = await this.closeWithoutFeedback(tx, d);
      if (closed === null) {
        d.deferred = true;
        return [];
      }
      closing = closed;
    }
    const next = stage.type === 'expiry' ? null : nextStageAfter(ladder, stage.stage, tx.now);
    d.stage = stage.stage;
    d.nextStage = next?.stage ?? null;
    d.nextActionAt = next?.at ?? null;
    if (stage.type !== 'expiry') return [event];
    d.status = 'expired';
    return [event, ...closing];
  }

  /** 回执 not returned in time: the proposal closes as "no feedback" (视为满意 is not assumed). */
  private async closeWithoutFeedback(tx: Tx, d: DueDeadline): Promise<NewEvent[] | null> {
    const locked: Array<{ id: string }> = await tx.em.query(`SELECT id FROM proposals WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED`, [d.proposalId]);
    if (locked.length === 0) return null;
    const proposal = await tx.em.findOneBy(ProposalRow, { id: d.proposalId });
    if (!proposal || proposal.round !== d.round || proposal.status !== 'replied') return [];
    await moveProposal(tx.em, proposal, 'feedback_expired', { closedAt: tx.now, closeReason: 'no_feedback' });
    return [{ type: 'proposal.closed', proposalId: proposal.id, subjectType: 'proposal', subjectId: proposal.id, payload: { reason: 'no_feedback', round: d.round } }];
  }

  /** Monday 09:00 Asia/Shanghai: once per ISO week, the supervision office's digest (周报). */
  private async weeklyDigest(): Promise<string | null> {
    const now = DateTime.fromJSDate(this.ctx.clock.now(), { zone: SHANGHAI_TIMEZONE });
    const monday = now.startOf('week').set({ hour: 9 });
    if (now < monday) return null;
    const week = `${now.weekYear}-W${String(now.weekNumber).padStart(2, '0')}`;
    const id = await this.ctx.transaction(this.actor, (tx) =>
      tx.record({ type: 'supervision.weekly_digest', subjectType: 'digest', dedupeKey: `digest:${week}`, payload: { week, asOf: tx.now.toISOString() } }),
    );
    return id ? week : null;
  }
}
