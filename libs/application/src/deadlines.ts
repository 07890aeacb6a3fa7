import { In } from 'typeorm';
import {
  joinClauses, computeDeadline, escalateOneStepEarlier, ladderFor, restageAfterMove,
  type ComputedDeadline, type DeadlineKind, type PlannedStage,
} from '#domain';
import { DeadlineRow, ProposalRow } from '#persistence';
import type { Tx } from './app-context.js';
import type { SessionRules } from './rules-provider.js';

/** The kinds that are stored as running deadlines (the extension rule only bounds the reply deadline). */
export type StoredDeadlineKind = Exclude<DeadlineKind, 'extension'>;

export interface OpenDeadline {
  proposalId: string;
  assignmentId?: string | null;
  kind: StoredDeadlineKind;
  round?: number;
  start: Date;
}

/** The identity of a deadline: opening the same one twice is a no-op, never a second ladder. */
export const deadlineKey = (d: { kind: string; proposalId: string; assignmentId?: string | null; round?: number }) =>
  `${d.kind}:${d.assignmentId ?? d.proposalId}:${d.round ?? 1}`;

interface StoredStage {
  stage: string;
  type: PlannedStage['type'];
  at: string;
  notify: PlannedStage['notify'];
  repeatEvery?: PlannedStage['repeatEvery'];
}

export const storeLadder = (stages: PlannedStage[]): StoredStage[] =>
  stages.map((s) => ({ stage: s.stage, type: s.type, at: s.at.toISOString(), notify: s.notify, ...(s.repeatEvery ? { repeatEvery: s.repeatEvery } : {}) }));

export const loadLadder = (stored: unknown[]): PlannedStage[] =>
  (stored as StoredStage[]).map((s) => ({ ...s, at: new Date(s.at) }) as PlannedStage);

/**
 * Puts a computed due date and its ladder on a row. A new row's next stage is the first still ahead
 * of `now`; a row that had gone through stages is restaged on the new ladder (restageAfterMove).
 * On a proposal of an alert theme, any overdue escalates one step earlier (escalateOneStepEarlier);
 * the row's rule records the themes, so a recomputation (an extension) keeps doing so.
 */
export function applyComputation(
  row: DeadlineRow,
  computed: ComputedDeadline,
  rules: SessionRules,
  now: Date,
  alert: readonly string[] = (row.rule?.alertThemes as string[] | undefined) ?? [],
): void {
  const plain = ladderFor({ kind: computed.kind, dueOn: computed.dueOn, dueAt: computed.dueAt }, rules.rules, rules.calendar);
  const ladder = alert.length > 0 ? escalateOneStepEarlier(plain) : plain;
  // A deadline that moved is restaged on its new ladder: the stages it went through were counted from the old date.
  const { stage, next } = restageAfterMove(ladder, row.stage ?? 'open', now);
  row.stage = stage;
  row.dueOn = computed.dueOn;
  row.dueAt = computed.dueAt;
  row.explanation = alert.length > 0 ? joinClauses([computed.explanation, `预警主题（${alert.join('、')}）：逾期即升级督办（提前一级）`]) : computed.explanation;
  row.rule = { ...(computed.rule as unknown as Record<string, unknown>), ...(alert.length > 0 ? { alertThemes: [...alert] } : {}) };
  row.ladder = storeLadder(ladder);
  row.nextStage = next?.stage ?? null;
  row.nextActionAt = next?.at ?? null;
}

export async function openDeadline(tx: Tx, rules: SessionRules, spec: OpenDeadline): Promise<DeadlineRow> {
  const dedupeKey = deadlineKey(spec);
  const existing = await tx.em.findOneBy(DeadlineRow, { dedupeKey });
  if (existing) return existing;
  const computed = computeDeadline({ kind: spec.kind, start: spec.start, rules: rules.rules, calendar: rules.calendar });
  const row = tx.em.create(DeadlineRow, {
    proposalId: spec.proposalId,
    assignmentId: spec.assignmentId ?? null,
    kind: spec.kind,
    round: spec.round ?? 1,
    dedupeKey,
    status: 'open',
    startedAt: spec.start,
    stage: 'open',
    settledAt: null,
    settledLate: null,
  });
  const proposal = await tx.em.findOne(ProposalRow, { where: { id: spec.proposalId }, select: { id: true, title: true, content: true, themes: true } });
  applyComputation(row, computed, rules, tx.now, proposal ? tx.alertThemes.of(proposal) : []);
  return tx.em.save(DeadlineRow, row);
}

/** Marks open deadlines met (or cancelled) and takes them off the sweep. Returns what changed. */
export async function closeDeadlines(
  tx: Tx,
  where: { proposalId?: string; assignmentId?: string; kinds: StoredDeadlineKind[] },
  outcome: 'settled' | 'cancelled',
): Promise<DeadlineRow[]> {
  const rows = await tx.em.find(DeadlineRow, {
    where: {
      ...(where.proposalId ? { proposalId: where.proposalId } : {}),
      ...(where.assignmentId ? { assignmentId: where.assignmentId } : {}),
      kind: In(where.kinds),
      status: 'open',
    },
    lock: { mode: 'pessimistic_write' },
  });
  for (const row of rows) {
    row.status = outcome;
    row.settledAt = tx.now;
    row.settledLate = outcome === 'settled' ? tx.now.getTime() > row.dueAt.getTime() : null;
    row.nextStage = null;
    row.nextActionAt = null;
    row.version += 1;
  }
  return rows.length > 0 ? tx.em.save(DeadlineRow, rows) : rows;
}
