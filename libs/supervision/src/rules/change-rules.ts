import {
  clause, joinClauses,
  firstPendingStage, nextOccurrence, nextStageAfter, recomputeDeadline, toShanghaiDate, validateRules,
  type DeadlineKind, type DeadlineRecord, type DeadlineRule, type HolidayOverride, type LadderStep, type PlannedStage,
} from '#domain';
import { DeadlineRow, RulesVersionRow, type SessionRow } from '#persistence';
import { In } from 'typeorm';
import { actorId, actorLabel, type Actor, type AppContext, type NewEvent, type Tx, requireRole, ConflictError, InvalidInputError, NotFoundError, LAYER_LADDER_KINDS, NOTICE_KIND, noticeRuleFor, validateLayer, withNoticeRule, type LayeredRulesProvider, type LayerLadderKind, type LayerVersion, type RulesLayer } from '#kernel';
import { actorPeople } from '#directory';
import { actorDisplay } from '#mail';
import { applyComputation, loadLadder } from '#deadlines';

export interface ChangeRulesInput {
  /** Why (audited, and written into every recomputed deadline's explanation). */
  reason: string;
  /** The version the admin edited (0: none yet); a stale one is refused with 409. */
  expectedVersion?: number | null;
  /** New ladders by deadline kind; null puts a kind back to config/rules.json's ladder. Kinds not named keep theirs. */
  ladders?: Partial<Record<LayerLadderKind, LadderStep[] | null>>;
  /** The whole list of local holiday overrides (replaces the layer's list). */
  holidayOverrides?: HolidayOverride[];
  /** The units whose replies need no leader's sign-off (审签; replaces the layer's list; domain sign-off.ts). */
  signOff?: { skipUnitIds: string[] };
}

export interface RuleChange {
  what: 'ladder' | 'holiday' | 'override' | 'sign_off';
  /** The deadline kind of a ladder, the date of a holiday override, the path in a session's override (`deadlines.reply.length`). */
  subject: string;
  before: unknown;
  after: unknown;
}

export interface MovedDeadline {
  deadlineId: string;
  proposalId: string;
  kind: string;
  previousDueOn: string;
  dueOn: string;
}

export interface RulesChanged {
  version: number;
  document: RulesLayer;
  changes: RuleChange[];
  /** Running deadlines whose due date or ladder changed (each recorded in its explanation). */
  recomputed: number;
  moved: MovedDeadline[];
}

/** A session's rules override from now on (PATCH /api/v1/sessions/:id through UpdateSession). */
export interface SessionRulesInput {
  /** The session's whole override ({} for none). */
  override: Record<string, unknown>;
  /** Why (audited, and written into every recomputed deadline's explanation); optional, as the API always allowed a bare PATCH. */
  reason?: string | null;
}

export interface SessionRulesChanged {
  sessionId: string;
  /** The session's own version count (session_rules_versions), apart from the admin layer's. */
  version: number;
  document: Record<string, unknown>;
  changes: RuleChange[];
  recomputed: number;
  moved: MovedDeadline[];
}

/** The reason a session's rules change records when the admin gave none. */
export const NO_REASON = '未说明原因';

/** Which running deadlines a rules change recomputes, and how it names itself in their explanations. */
interface RecomputeScope {
  /** e.g. 规则第3版 (the admin's layer) or 届次「市政协十届二次会议」时限规则第2版 (a session's override). */
  label: string;
  reason: string;
  /** Only the deadlines of this session's proposals (a session's override); all sessions when absent. */
  sessionId?: string;
  /** Which version did it: kept in each deadline's recomputation history and its deadline.recomputed event. */
  marks: { rulesVersion: number } | { sessionId: string; sessionRulesVersion: number };
}

interface Recomputation {
  /** The layer's version (a recomputation by the admin's layer). */
  version?: number;
  sessionRulesVersion?: number;
  at: string;
  previousDueOn: string;
  dueOn: string;
  note: string;
}

/** A stored ladder in a canonical form (jsonb does not keep the key order a fresh one has). */
const ladderKey = (stored: unknown[]): string =>
  JSON.stringify(loadLadder(stored).map((s) => [s.stage, s.type, s.at.getTime(), [...s.notify].join(','), s.repeatEvery?.amount ?? null]));

/** Serialises rules changes: versions are numbered without gaps. */
const RULES_LOCK = 7_040_197;

/** JSON with sorted keys: equal values give equal text whatever their key order (jsonb reorders keys). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What changed from one layer document to the next, ladder by ladder and date by date. */
export function diffLayers(before: RulesLayer, after: RulesLayer): RuleChange[] {
  const changes: RuleChange[] = [];
  for (const kind of LAYER_LADDER_KINDS) {
    const a = before.ladders?.[kind] ?? null;
    const b = after.ladders?.[kind] ?? null;
    if (canonical(a) !== canonical(b)) changes.push({ what: 'ladder', subject: kind, before: a, after: b });
  }
  const dates = new Set([...(before.holidayOverrides ?? []), ...(after.holidayOverrides ?? [])].map((o) => o.date));
  for (const date of [...dates].sort()) {
    const a = before.holidayOverrides?.find((o) => o.date === date) ?? null;
    const b = after.holidayOverrides?.find((o) => o.date === date) ?? null;
    if (canonical(a) !== canonical(b)) changes.push({ what: 'holiday', subject: date, before: a, after: b });
  }
  const skipBefore = before.signOff?.skipUnitIds ?? [];
  const skipAfter = after.signOff?.skipUnitIds ?? [];
  if (canonical(skipBefore) !== canonical(skipAfter)) changes.push({ what: 'sign_off', subject: 'skipUnitIds', before: skipBefore, after: skipAfter });
  return changes;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What changed from one session override to the next, by path: objects on both sides are compared
 * key by key; anything else (a number, a ladder, a list of holiday overrides, a part added or
 * removed) whole.
 */
export function diffOverrides(before: unknown, after: unknown, path = ''): RuleChange[] {
  if (isRecord(before) && isRecord(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((k) => diffOverrides(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return canonical(before) === canonical(after) ? [] : [{ what: 'override', subject: path, before: before ?? null, after: after ?? null }];
}

/**
 * The next stage of a running deadline after its ladder was planned again. Stages that already
 * fired are not fired again: from the current stage on when its time is still past; when the due
 * date moved so that the current stage lies ahead again (or the stage is gone), the first stage
 * still ahead, or the next occurrence of a repeating last stage.
 */
export function nextStageAfterReplan(ladder: PlannedStage[], currentStage: string, now: Date): PlannedStage | null {
  if (currentStage === 'open') return firstPendingStage(ladder, now);
  const current = ladder.find((s) => s.stage === currentStage);
  if (current && current.at.getTime() <= now.getTime()) return nextStageAfter(ladder, currentStage, now);
  const ahead = ladder.find((s) => s.at.getTime() > now.getTime());
  if (ahead) return ahead;
  const last = ladder[ladder.length - 1];
  if (!last?.repeatEvery) return null;
  let at = last.at;
  while (at.getTime() <= now.getTime()) at = nextOccurrence(last, at);
  return { ...last, at };
}

/**
 * Rules as data change here, whichever layer changes. The admin changes the reminder and escalation
 * ladders or the local holiday overrides (`execute`, the admin's layer), or a session's own override
 * (`changeSession`, for PATCH /api/v1/sessions/:id). Either way, in one transaction under one lock:
 * a new version (audited: who, when, why, what), every running deadline it governs recomputed under
 * it — a due date moved off a new holiday, a ladder planned again — with the recomputation written
 * into the deadline's explanation and recorded as a `deadline.recomputed` event, and a
 * `rules.changed` (or `session.rules_changed`) event.
 */
export class ChangeRules {
  constructor(
    private readonly ctx: AppContext,
    private readonly provider: LayeredRulesProvider,
    private readonly notice: DeadlineRule,
  ) {}

  async execute(actor: Actor, input: ChangeRulesInput): Promise<RulesChanged> {
    requireRole(actor, 'admin');
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidInputError('reason', 'is required: say why the rules change');
    return this.ctx.transaction(actor, async (tx) => {
      await tx.em.query(`SELECT pg_advisory_xact_lock($1)`, [RULES_LOCK]);
      const current = await this.provider.currentLayer(tx.em);
      const currentVersion = current?.version ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== currentVersion) {
        throw new ConflictError(`the rules are at version ${currentVersion}, not ${input.expectedVersion}: reload and edit again`, 'expectedVersion', 'RULES_VERSION_STALE');
      }
      const before: RulesLayer = current?.document ?? {};
      const ladders: Partial<Record<LayerLadderKind, LadderStep[]>> = { ...(before.ladders ?? {}) };
      for (const [kind, ladder] of Object.entries(input.ladders ?? {})) {
        if (ladder === null) delete ladders[kind as LayerLadderKind];
        else ladders[kind as LayerLadderKind] = ladder;
      }
      const draft: RulesLayer = {
        ...(Object.keys(ladders).length > 0 ? { ladders } : {}),
        ...((input.holidayOverrides ?? before.holidayOverrides)?.length ? { holidayOverrides: input.holidayOverrides ?? before.holidayOverrides } : {}),
        ...((input.signOff ?? before.signOff)?.skipUnitIds.length ? { signOff: input.signOff ?? before.signOff } : {}),
      };
      const document = validateLayer(this.provider.defaults, this.notice, draft);
      const changes = diffLayers(before, document);
      if (changes.length === 0) throw new InvalidInputError('rules', 'nothing changes: the rules are already so');

      const version = currentVersion + 1;
      const layer: LayerVersion = { version, document };
      await tx.em.query(
        `INSERT INTO rules_versions (version, document, reason, changes, recomputed, changed_by, changed_by_label, changed_at)
         VALUES ($1, $2::jsonb, $3, $4::jsonb, 0, $5, $6, $7)`,
        [version, JSON.stringify(document), reason, JSON.stringify(changes), actorId(actor), actorLabel(actor), tx.now],
      );
      const { recomputed, moved, events } = await this.recompute(tx, layer, { label: `规则第${version}版`, reason, marks: { rulesVersion: version } });
      await tx.em.query(`UPDATE rules_versions SET recomputed = $2 WHERE version = $1`, [version, recomputed]);
      await tx.recordMany(events);
      await tx.record({
        type: 'rules.changed',
        subjectType: 'rules',
        payload: { version, reason, document, changes, recomputed, moved: moved.length },
      });
      return { version, document, changes, recomputed, moved };
    });
  }

  /**
   * A session's own override, in the caller's transaction (UpdateSession, which holds the session's
   * row). Null when the override does not change: a form posting a session back as it is changes
   * nothing and records nothing. The new override must leave valid rules (400 `rulesOverride`).
   * A changed length or counting governs the deadlines opened from now on; running ones keep the
   * length they were opened with and get the new calendar and ladders, as under the admin's layer.
   */
  async changeSession(tx: Tx, session: SessionRow, input: SessionRulesInput): Promise<SessionRulesChanged | null> {
    requireRole(tx.actor, 'admin');
    const previous = session.rulesOverride ?? {};
    const document = input.override ?? {};
    const changes = diffOverrides(previous, document);
    if (changes.length === 0) return null;
    await tx.em.query(`SELECT pg_advisory_xact_lock($1)`, [RULES_LOCK]);
    const layer = await this.provider.currentLayer(tx.em);
    try {
      validateRules(this.provider.compose(layer, document).rules);
    } catch (e) {
      throw new InvalidInputError('rulesOverride', (e as Error).message);
    }
    const reason = input.reason?.trim() || NO_REASON;
    const [{ version }]: Array<{ version: number }> = await tx.em.query(
      `SELECT COALESCE(max(version), 0) + 1 AS version FROM session_rules_versions WHERE session_id = $1`,
      [session.id],
    );
    await tx.em.query(
      `INSERT INTO session_rules_versions (session_id, version, document, previous, reason, changes, changed_by, changed_by_label, changed_at)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::jsonb, $7, $8, $9)`,
      [session.id, version, JSON.stringify(document), JSON.stringify(previous), reason, JSON.stringify(changes), actorId(tx.actor), actorLabel(tx.actor), tx.now],
    );
    // The recomputation reads each deadline's session override from the table: the new one, from here on.
    await tx.em.query(`UPDATE sessions SET rules_override = $2::jsonb WHERE id = $1`, [session.id, JSON.stringify(document)]);
    session.rulesOverride = document;
    const { recomputed, moved, events } = await this.recompute(tx, layer, {
      label: `届次「${session.name}」时限规则第${version}版`, reason, sessionId: session.id, marks: { sessionId: session.id, sessionRulesVersion: version },
    });
    await tx.em.query(`UPDATE session_rules_versions SET recomputed = $3 WHERE session_id = $1 AND version = $2`, [session.id, version, recomputed]);
    await tx.recordMany(events);
    await tx.record({
      type: 'session.rules_changed',
      subjectType: 'session',
      subjectId: session.id,
      payload: { sessionId: session.id, version, reason, document, previous, changes, recomputed, moved: moved.length },
    });
    return { sessionId: session.id, version, document, changes, recomputed, moved };
  }

  /** Every open deadline in scope under the rules now in force; only those whose due date or ladder changes are written. */
  private async recompute(tx: Tx, layer: LayerVersion | null, scope: RecomputeScope): Promise<{ recomputed: number; moved: MovedDeadline[]; events: NewEvent[] }> {
    const open: Array<{ id: string; override: Record<string, unknown> | null }> = await tx.em.query(
      `SELECT d.id, s.rules_override AS "override"
         FROM deadlines d JOIN proposals p ON p.id = d.proposal_id JOIN sessions s ON s.id = p.session_id
        WHERE d.status = 'open' AND ($1::uuid IS NULL OR p.session_id = $1::uuid) ORDER BY d.id FOR UPDATE OF d`,
      [scope.sessionId ?? null],
    );
    const overrides = new Map(open.map((o) => [o.id, o.override]));
    const rows = open.length ? await tx.em.findBy(DeadlineRow, { id: In(open.map((o) => o.id)) }) : [];
    const notice = noticeRuleFor(this.notice, layer?.document ?? null);
    const day = toShanghaiDate(tx.now);
    const moved: MovedDeadline[] = [];
    const events: NewEvent[] = [];
    const changed: DeadlineRow[] = [];
    for (const row of rows) {
      const record = row.rule as unknown as (DeadlineRecord & { recomputations?: Recomputation[] }) | undefined;
      if (!record?.startOn) continue; // not computed by the calculator: nothing to recompute from
      const plain = this.provider.compose(layer, overrides.get(row.id) ?? null);
      const rules = row.kind === NOTICE_KIND ? withNoticeRule(plain, notice) : plain;
      const previous = { dueOn: row.dueOn, ladder: ladderKey(row.ladder), stage: row.stage, history: record.recomputations ?? [] };
      const result = recomputeDeadline({ kind: row.kind as DeadlineKind, dueOn: row.dueOn, rule: record }, rules.rules, rules.calendar);
      applyComputation(row, result.deadline, rules, tx.now);
      const ladderChanged = ladderKey(row.ladder) !== previous.ladder;
      if (!result.changed && !ladderChanged) continue;
      if (!result.changed) {
        // Same due date, a ladder planned again: the stages that fired still describe it.
        const next = nextStageAfterReplan(loadLadder(row.ladder), previous.stage, tx.now);
        row.stage = previous.stage;
        row.nextStage = next?.stage ?? null;
        row.nextActionAt = next?.at ?? null;
      } // else applyComputation restaged it on the ladder of the new due date (restageAfterMove)
      const what = joinClauses([result.reason ?? `截止日仍为 ${row.dueOn}`, ...(ladderChanged ? ['提醒和督办阶梯按新规则重新安排'] : [])]);
      const note = `${day} 按${scope.label}（${clause(scope.reason)}）重新计算：${what}`;
      const mark: Partial<Recomputation> = 'rulesVersion' in scope.marks ? { version: scope.marks.rulesVersion } : { sessionRulesVersion: scope.marks.sessionRulesVersion };
      const history = [...previous.history, { ...mark, at: tx.now.toISOString(), previousDueOn: previous.dueOn, dueOn: row.dueOn, note }];
      row.rule = { ...row.rule, recomputations: history };
      row.explanation = joinClauses([row.explanation, ...history.map((h) => h.note)]);
      row.version += 1;
      changed.push(row);
      if (result.changed) moved.push({ deadlineId: row.id, proposalId: row.proposalId, kind: row.kind, previousDueOn: previous.dueOn, dueOn: row.dueOn });
      events.push({
        type: 'deadline.recomputed',
        proposalId: row.proposalId,
        subjectType: 'deadline',
        subjectId: row.id,
        payload: {
          deadlineId: row.id, dedupeKey: row.dedupeKey, kind: row.kind, round: row.round, assignmentId: row.assignmentId,
          previousDueOn: previous.dueOn, dueOn: row.dueOn, dueChanged: result.changed, ladderChanged, ...scope.marks, note,
        },
      });
    }
    if (changed.length > 0) await tx.em.save(DeadlineRow, changed);
    return { recomputed: changed.length, moved, events };
  }
}

/** The rules layer's versions, newest first, and the rules in force. */
export class RulesQueries {
  constructor(
    private readonly ctx: AppContext,
    private readonly provider: LayeredRulesProvider,
    private readonly notice: DeadlineRule,
  ) {}

  async current(actor: Actor) {
    requireRole(actor, 'admin', 'committee', 'supervisor');
    const layer = await this.provider.currentLayer(this.ctx.ds.manager);
    const rules = this.provider.compose(layer, null).rules;
    return {
      version: layer?.version ?? 0,
      layer: layer?.document ?? {},
      effective: {
        ladders: {
          ...Object.fromEntries(Object.entries(rules.deadlines).filter(([kind]) => kind !== 'extension').map(([kind, rule]) => [kind, rule.ladder])),
          [NOTICE_KIND]: noticeRuleFor(this.notice, layer?.document ?? null).ladder,
        },
        holidayOverrides: rules.holidayOverrides,
      },
    };
  }

  /** The admin layer's versions, or with a session id that session's own (its override's changes), newest first. */
  async versions(actor: Actor, sessionId?: string | null) {
    requireRole(actor, 'admin', 'committee', 'supervisor');
    if (sessionId) {
      const session: Array<{ id: string }> = await this.ctx.ds.query(`SELECT id FROM sessions WHERE id = $1`, [sessionId]);
      if (session.length === 0) throw new NotFoundError('session', sessionId);
      const versions: Array<{ version: number; reason: string; changes: unknown[]; recomputed: number; changedBy: string; changedById: string | null; changedAt: Date; document: unknown; previous: unknown }> =
        await this.ctx.ds.query(
          `SELECT version, reason, changes, recomputed, changed_by_label AS "changedBy", changed_by AS "changedById", changed_at AS "changedAt", document, previous
             FROM session_rules_versions WHERE session_id = $1 ORDER BY version DESC`,
          [sessionId],
        );
      const people = await actorPeople(this.ctx.ds.manager, versions.map((v) => v.changedById));
      return versions.map(({ changedById, ...v }) => ({
        ...v, sessionId, changedAt: v.changedAt.toISOString(), changedByName: actorDisplay(v.changedBy, changedById ? people.get(changedById) : null),
      }));
    }
    const rows = await this.ctx.ds.manager.find(RulesVersionRow, { order: { version: 'DESC' } });
    // Who changed the rules, named as the timeline names people (the stored label is a login).
    const people = await actorPeople(this.ctx.ds.manager, rows.map((r) => r.changedBy));
    return rows.map((r) => ({
      version: r.version, reason: r.reason, changes: r.changes, recomputed: r.recomputed,
      changedBy: r.changedByLabel, changedByName: actorDisplay(r.changedByLabel, r.changedBy ? people.get(r.changedBy) : null),
      changedAt: r.changedAt.toISOString(), document: r.document,
    }));
  }
}
