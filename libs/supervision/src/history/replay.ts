import type { EventPayload, EventType } from '#contracts';
import { computeDeadline, endOfShanghaiDay, toShanghaiDate, type DeadlineKind } from '#domain';
import type { SessionRules, LayerVersion, RulesLayer } from '#kernel';

/**
 * The deadlines' history replayed from the events alone (docs/supervision.md, "Replayable history").
 *
 * The events say what happened; the rules say what each happening opens, settles or moves. The
 * replay applies the same rules as the use cases (use-cases/*.ts and deadlines.ts):
 *
 * | event | deadlines |
 * |---|---|
 * | rules.changed | the admin's rules layer in force from then on |
 * | session.rules_changed | that session's own override in force from then on |
 * | proposal.assigned | per assignment: reply (co-handler: co_opinion) and the adjustment window, from the event's time |
 * | assignment.reassigned | the old assignment's reply/co_opinion/adjustment/rehandling cancelled (and a displaced co-handler's); the new one's opened |
 * | reply.submitted | the assignment's reply, rehandling and adjustment settled |
 * | opinion.submitted | the assignment's co_opinion settled |
 * | proposal.replied | feedback (round) opened, and publication when a reply is public and the proposal unpublished |
 * | feedback.received | the proposal's feedback settled |
 * | proposal.rehandling | publication cancelled; rehandling (round) opened for each reopened assignment |
 * | proposal.published | publication settled |
 * | deadline.expired | that deadline expired |
 * | assignment.extension_granted | the assignment's running answer deadline moved to the approved date |
 * | deadline.recomputed | that deadline moved by a rules change |
 * | supervision.notice_issued / _responded / _withdrawn | the notice's deadline opened (with its due date) / settled / cancelled |
 *
 * Due dates are computed at the opening event's time with the deadline calculator and the rules
 * then in force (config/rules.json, the rules layer of the latest rules.changed event before it,
 * the session's override of the latest session.rules_changed event before it, or the override the
 * session had before its first change); every later move is itself an event.
 */

export interface ReplayEvent {
  type: string;
  proposalId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export const REPLAYED_EVENT_TYPES = [
  'rules.changed', 'session.rules_changed', 'proposal.assigned', 'assignment.reassigned', 'reply.submitted', 'opinion.submitted', 'proposal.replied',
  'feedback.received', 'proposal.rehandling', 'proposal.published', 'deadline.expired', 'assignment.extension_granted',
  'deadline.recomputed', 'supervision.notice_issued', 'supervision.notice_responded', 'supervision.notice_withdrawn',
] as const satisfies readonly EventType[];

type ReplayedType = (typeof REPLAYED_EVENT_TYPES)[number];
const REPLAYED = new Set<string>(REPLAYED_EVENT_TYPES);

/** A replayed event with its catalogue payload (libs/contracts): what the switch below reads. */
type TypedReplayEvent = { [K in ReplayedType]: { type: K; proposalId: string | null; payload: EventPayload<K>; occurredAt: Date } }[ReplayedType];

/**
 * The boundary: an event of a replayed type is read with its payload's type, any other is skipped
 * (the column is `NOT NULL DEFAULT '{}'`; no copy: a year's replay reads every event).
 */
const typed = (e: ReplayEvent): TypedReplayEvent | null => (REPLAYED.has(e.type) ? (e as unknown as TypedReplayEvent) : null);

export interface ReplayedDeadline {
  /** The deadline's identity, as its row's dedupe_key: `${kind}:${assignmentId ?? proposalId}:${round}`. */
  key: string;
  kind: string;
  proposalId: string;
  assignmentId: string | null;
  /** The unit of the assignment (null for a proposal's own deadlines: feedback, publication). */
  unitId: string | null;
  round: number;
  startedAt: Date;
  dueOn: string;
  dueAt: Date;
  closedAt: Date | null;
  closedAs: 'settled' | 'cancelled' | 'expired' | null;
}

/**
 * The rules a proposal's deadlines were computed with under a layer version (null: no admin layer
 * yet) and the session overrides the replay has seen change so far (by session id; a session not in
 * it has the override it had before its first change).
 */
export type RulesAt = (proposalId: string, layer: LayerVersion | null, sessionOverrides: ReadonlyMap<string, Record<string, unknown>>) => SessionRules;

/** A stored round, or the fallback for an event written before it carried one. */
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);

export const deadlineKeyOf = (kind: string, owner: string, round: number) => `${kind}:${owner}:${round}`;

/** Replays the events (in the order they occurred) into every deadline they opened, with its fate. */
export function replayDeadlines(events: readonly ReplayEvent[], rulesAt: RulesAt): Map<string, ReplayedDeadline> {
  const deadlines = new Map<string, ReplayedDeadline>();
  const byOwner = new Map<string, Set<string>>(); // assignment or proposal id → keys
  const units = new Map<string, string>(); // assignment id → unit id
  const published = new Set<string>();
  let layer: LayerVersion | null = null;
  const sessionOverrides = new Map<string, Record<string, unknown>>();

  const add = (d: ReplayedDeadline, owner: string) => {
    deadlines.set(d.key, d);
    if (!byOwner.has(owner)) byOwner.set(owner, new Set());
    byOwner.get(owner)!.add(d.key);
  };
  // A due date depends only on the kind, the start day and the rules: many deadlines share them.
  const computed = new WeakMap<SessionRules, Map<string, string>>();
  const dueOf = (kind: string, at: Date, r: SessionRules) => {
    const memo = computed.get(r) ?? new Map<string, string>();
    computed.set(r, memo);
    const k = `${kind}|${toShanghaiDate(at)}`;
    let due = memo.get(k);
    if (!due) {
      due = computeDeadline({ kind: kind as DeadlineKind, start: at, rules: r.rules, calendar: r.calendar }).dueOn;
      memo.set(k, due);
    }
    return due;
  };
  const open = (kind: string, proposalId: string, assignmentId: string | null, round: number, at: Date) => {
    const key = deadlineKeyOf(kind, assignmentId ?? proposalId, round);
    if (deadlines.has(key)) return; // opening the same deadline twice is a no-op (deadlines.ts)
    const dueOn = dueOf(kind, at, rulesAt(proposalId, layer, sessionOverrides));
    const unitId = assignmentId ? (units.get(assignmentId) ?? null) : null;
    add({ key, kind, proposalId, assignmentId, unitId, round, startedAt: at, dueOn, dueAt: endOfShanghaiDay(dueOn), closedAt: null, closedAs: null }, assignmentId ?? proposalId);
  };
  const openOf = (owner: string | null, kinds: readonly string[]) =>
    [...(owner ? (byOwner.get(owner) ?? []) : [])].map((k) => deadlines.get(k)!).filter((d) => d.closedAt === null && kinds.includes(d.kind));
  const close = (owner: string | null, kinds: readonly string[], outcome: ReplayedDeadline['closedAs'], at: Date) => {
    for (const d of openOf(owner, kinds)) Object.assign(d, { closedAt: at, closedAs: outcome });
  };
  const move = (d: ReplayedDeadline | undefined, dueOn: string | null) => {
    if (d && d.closedAt === null && dueOn) Object.assign(d, { dueOn, dueAt: endOfShanghaiDay(dueOn) });
  };

  for (const raw of events) {
    const e = typed(raw);
    if (!e) continue;
    const proposalId = e.proposalId;
    const at = e.occurredAt;
    switch (e.type) {
      case 'rules.changed':
        layer = { version: num(e.payload.version, 0), document: (e.payload.document ?? {}) as RulesLayer };
        break;
      case 'session.rules_changed':
        if (e.payload.sessionId) sessionOverrides.set(e.payload.sessionId, e.payload.document ?? {});
        break;
      case 'proposal.assigned':
        if (!proposalId) break;
        for (const a of e.payload.assignments ?? []) {
          units.set(a.id, a.unitId);
          open(a.role === 'co' ? 'co_opinion' : 'reply', proposalId, a.id, 1, at);
          open('adjustment', proposalId, a.id, 1, at);
        }
        break;
      case 'assignment.reassigned': {
        const p = e.payload;
        const to = p.toAssignmentId || null;
        if (!proposalId || !to) break;
        close(p.fromAssignmentId || null, ['reply', 'co_opinion', 'adjustment', 'rehandling'], 'cancelled', at);
        // 主协办互换: the co-handler that took the lead left its co-handling.
        close(p.displacedAssignmentId || null, ['co_opinion', 'adjustment'], 'cancelled', at);
        units.set(to, p.toUnitId || '');
        open(p.role === 'co' ? 'co_opinion' : 'reply', proposalId, to, 1, at);
        open('adjustment', proposalId, to, 1, at);
        break;
      }
      case 'reply.submitted':
        close(e.payload.assignmentId || null, ['reply', 'rehandling', 'adjustment'], 'settled', at);
        break;
      case 'opinion.submitted':
        close(e.payload.assignmentId || null, ['co_opinion'], 'settled', at);
        break;
      case 'proposal.replied': {
        if (!proposalId) break;
        const round = num(e.payload.round, 1);
        open('feedback', proposalId, null, round, at);
        if (e.payload.public === true && !published.has(proposalId)) open('publication', proposalId, null, round, at);
        break;
      }
      case 'feedback.received':
        close(proposalId, ['feedback'], 'settled', at);
        break;
      case 'proposal.rehandling':
        if (!proposalId) break;
        close(proposalId, ['publication'], 'cancelled', at);
        for (const id of e.payload.assignmentIds ?? []) open('rehandling', proposalId, id, num(e.payload.round, 2), at);
        break;
      case 'proposal.published':
        if (!proposalId) break;
        close(proposalId, ['publication'], 'settled', at);
        published.add(proposalId);
        break;
      case 'deadline.expired': {
        const p = e.payload;
        const owner = p.assignmentId || proposalId;
        const d = owner && p.kind ? deadlines.get(deadlineKeyOf(p.kind, owner, num(p.round, 1))) : undefined;
        if (d && d.closedAt === null) Object.assign(d, { closedAt: at, closedAs: 'expired' });
        break;
      }
      case 'assignment.extension_granted':
        move(openOf(e.payload.assignmentId || null, ['reply', 'rehandling', 'co_opinion'])[0], e.payload.newDueOn || null);
        break;
      case 'deadline.recomputed':
        move(deadlines.get(e.payload.dedupeKey || ''), e.payload.dueOn || null);
        break;
      case 'supervision.notice_issued': {
        // A notice's deadline is its own (owner: its key), with the due date the event recorded.
        const { dedupeKey: key, assignmentId, dueOn } = e.payload;
        if (!proposalId || !key || !assignmentId || !dueOn || deadlines.has(key)) break;
        const unitId = e.payload.unitId || (units.get(assignmentId) ?? null);
        add({ key, kind: 'supervision', proposalId, assignmentId, unitId, round: 1, startedAt: at, dueOn, dueAt: endOfShanghaiDay(dueOn), closedAt: null, closedAs: null }, key);
        break;
      }
      case 'supervision.notice_responded':
      case 'supervision.notice_withdrawn': {
        const key = e.payload.dedupeKey || null;
        if (key) close(key, ['supervision'], e.type === 'supervision.notice_responded' ? 'settled' : 'cancelled', at);
        break;
      }
    }
  }
  return deadlines;
}
