import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import {
  joinClauses, computeDeadline, escalateOneStepEarlier, ladderFor, restageAfterMove,
  type ComputedDeadline, type DeadlineKind, type PlannedStage,
} from '#domain';
import { DeadlineRow, ProposalRow } from '#persistence';
import type { Tx, SessionRules } from '#kernel';

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
  return (await openDeadlines(tx, rules, [spec]))[0]!;
}

/**
 * Opens several deadlines (each at most once: an existing dedupe key answers the row there) in
 * three statements whatever their number — the rows already there, the proposals' themes, one
 * multi-row insert — where each used three; the proposal's themes are not read again when the
 * caller has the proposal row. Answers the rows in the order of `specs`.
 */
export async function openDeadlines(
  tx: Tx,
  rules: SessionRules,
  specs: readonly OpenDeadline[],
  proposal?: Pick<ProposalRow, 'id' | 'title' | 'content' | 'themes'>,
  options: { ofNewAssignments?: boolean } = {},
): Promise<DeadlineRow[]> {
  if (specs.length === 0) return [];
  const keys = specs.map(deadlineKey);
  // The deadlines of assignments created in this transaction cannot exist yet (their keys hold the
  // new ids): no need to look (one statement fewer per assignment, the hottest write path).
  const existing = options.ofNewAssignments
    ? new Map<string, DeadlineRow>()
    : new Map((await tx.em.findBy(DeadlineRow, { dedupeKey: In([...new Set(keys)]) })).map((d) => [d.dedupeKey, d]));
  const toOpen = specs.map((spec, i) => ({ spec, key: keys[i]! })).filter(({ key }) => !existing.has(key));
  const themesOf = new Map<string, string[]>();
  if (proposal) themesOf.set(proposal.id, tx.alertThemes.of(proposal));
  const unread = [...new Set(toOpen.map(({ spec }) => spec.proposalId))].filter((id) => !themesOf.has(id));
  if (unread.length > 0) {
    const proposals = await tx.em.find(ProposalRow, { where: { id: In(unread) }, select: { id: true, title: true, content: true, themes: true } });
    for (const p of proposals) themesOf.set(p.id, tx.alertThemes.of(p));
  }
  const opened = new Map<string, DeadlineRow>();
  for (const { spec, key } of toOpen) {
    if (opened.has(key)) continue;
    const computed = computeDeadline({ kind: spec.kind, start: spec.start, rules: rules.rules, calendar: rules.calendar });
    const row = tx.em.create(DeadlineRow, {
      proposalId: spec.proposalId,
      assignmentId: spec.assignmentId ?? null,
      kind: spec.kind,
      round: spec.round ?? 1,
      dedupeKey: key,
      status: 'open',
      startedAt: spec.start,
      stage: 'open',
      settledAt: null,
      settledLate: null,
    });
    applyComputation(row, computed, rules, tx.now, themesOf.get(spec.proposalId) ?? []);
    opened.set(key, row);
  }
  // The rows are entities (created above); insert() fills in their generated columns as save() does.
  if (opened.size > 0) await tx.em.insert(DeadlineRow, [...opened.values()] as QueryDeepPartialEntity<DeadlineRow>[]);
  return keys.map((key) => existing.get(key) ?? opened.get(key)!);
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
