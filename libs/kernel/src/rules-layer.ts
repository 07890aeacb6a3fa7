import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQueryIn } from '#persistence';
import {
  isIsoDate, mergeRules, STORED_DEADLINE_KINDS, validateRules, WorkCalendar,
  type DeadlineKind, type DeadlineRule, type DeepPartial, type HolidayOverride, type LadderStep, type TimeRules,
} from '#domain';
import { NotFoundError, InvalidInputError } from './errors.js';
import { loadTimeRules, RulesProvider, type SessionRules } from './rules-provider.js';

/**
 * Rules as data, edited by the admin (docs/supervision.md, "Rules as data"). The time rules in force
 * for a proposal are, each layer over the one before:
 *   1. config/rules.json (the deployment's defaults),
 *   2. the latest version of the admin's rules layer (table rules_versions): reminder and
 *      escalation ladders, and local holiday overrides,
 *   3. the session's own override (sessions.rules_override).
 * Ladders replace the ladder below them whole; holiday overrides add up (a later one wins for its date).
 */

/** The deadline kinds whose ladder the admin may edit: the stored ones and the supervision notice's. */
export const LAYER_LADDER_KINDS = [...STORED_DEADLINE_KINDS, 'supervision'] as const;
export type LayerLadderKind = (typeof LAYER_LADDER_KINDS)[number];

/** The admin's rules layer: one version of it is one row of rules_versions. */
export interface RulesLayer {
  ladders?: Partial<Record<LayerLadderKind, LadderStep[]>>;
  holidayOverrides?: HolidayOverride[];
  /** The unit's internal flow (domain sign-off.ts): the units whose replies need no leader's sign-off (审签), by id. */
  signOff?: { skipUnitIds: string[] };
}

export interface LayerVersion {
  version: number;
  document: RulesLayer;
}

/** The deadline kind of a supervision notice (督办通知): a row of `deadlines` like the others. */
export const NOTICE_KIND = 'supervision';

/** The time rules of one layer stack: base, then the admin's layer, then a session's override. */
export function composeRules(base: TimeRules, layer: RulesLayer | null, override: Record<string, unknown> | null | undefined): TimeRules {
  let rules = base;
  if (layer && (layer.ladders || layer.holidayOverrides)) {
    const deadlines: Record<string, { ladder: LadderStep[] }> = {};
    for (const [kind, ladder] of Object.entries(layer.ladders ?? {})) if (kind !== NOTICE_KIND && ladder) deadlines[kind] = { ladder };
    rules = mergeRules(rules, {
      deadlines: deadlines as DeepPartial<TimeRules>['deadlines'],
      holidayOverrides: [...rules.holidayOverrides, ...(layer.holidayOverrides ?? [])],
    });
  }
  if (override && Object.keys(override).length > 0) {
    const o = override as DeepPartial<TimeRules>;
    const holidays = Array.isArray(o.holidayOverrides) ? [...rules.holidayOverrides, ...o.holidayOverrides] : undefined;
    rules = mergeRules(rules, { ...o, ...(holidays ? { holidayOverrides: holidays } : {}) });
  }
  return rules;
}

/** The supervision notice's rule with the layer's ladder for it, if the admin set one. */
export function noticeRuleFor(configured: DeadlineRule, layer: RulesLayer | null): DeadlineRule {
  const ladder = layer?.ladders?.[NOTICE_KIND];
  return ladder ? { ...configured, ladder } : configured;
}

/** Session rules that also know the notice rule, so that the domain's calculator and ladder planner handle kind 'supervision'. */
export function withNoticeRule(rules: SessionRules, notice: DeadlineRule): SessionRules {
  return { rules: { ...rules.rules, deadlines: { ...rules.rules.deadlines, [NOTICE_KIND]: notice } } as TimeRules, calendar: rules.calendar };
}

/** The notice kind passed to the domain's functions, which take it like any other kind once the rules know it. */
export const noticeKind = NOTICE_KIND as unknown as DeadlineKind;

/**
 * Checks a notice rule with the domain's own rule checker: it is validated as if it were the reply
 * rule of otherwise valid rules, so a ladder step is held to exactly the same shape.
 */
export function validateNoticeRule(base: TimeRules, rule: unknown, path = 'notice'): DeadlineRule {
  const { maxWorkdays: _max, ...plain } = (rule ?? {}) as Record<string, unknown>;
  try {
    return validateRules({ ...base, deadlines: { ...base.deadlines, reply: plain } }).deadlines.reply;
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message.replace('rules.deadlines.reply', path)}`, { cause: e });
  }
}

/**
 * Checks a layer document from the admin and returns a clean copy: known keys only, every ladder
 * valid (the same checks as config/rules.json), the overrides dated and explained.
 */
export function validateLayer(base: TimeRules, notice: DeadlineRule, raw: unknown): RulesLayer {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidInputError('rules', 'expected an object');
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!['ladders', 'holidayOverrides', 'signOff'].includes(key)) throw new InvalidInputError(key, 'unknown key (expected ladders, holidayOverrides, signOff)');
  const out: RulesLayer = {};
  if (doc.signOff !== undefined) out.signOff = { skipUnitIds: validSkipUnits(doc.signOff) };
  if (doc.ladders !== undefined) {
    if (typeof doc.ladders !== 'object' || doc.ladders === null || Array.isArray(doc.ladders)) throw new InvalidInputError('ladders', 'expected an object of ladders by deadline kind');
    const ladders: Partial<Record<LayerLadderKind, LadderStep[]>> = {};
    for (const [kind, ladder] of Object.entries(doc.ladders as Record<string, unknown>)) {
      if (!(LAYER_LADDER_KINDS as readonly string[]).includes(kind)) throw new InvalidInputError('ladders', `unknown deadline kind "${kind}" (expected one of ${LAYER_LADDER_KINDS.join(', ')})`);
      if (!Array.isArray(ladder)) throw new InvalidInputError(`ladders.${kind}`, 'expected a list of steps');
      try {
        ladders[kind as LayerLadderKind] =
          kind === NOTICE_KIND
            ? validateNoticeRule(base, { ...notice, ladder }, `ladders.${kind}`).ladder
            : mergeRules(base, { deadlines: { [kind]: { ladder } } } as DeepPartial<TimeRules>).deadlines[kind as DeadlineKind].ladder;
      } catch (e) {
        throw new InvalidInputError(`ladders.${kind}`, (e as Error).message.replace(`rules.deadlines.${kind}.ladder`, `ladders.${kind}`));
      }
    }
    out.ladders = ladders;
  }
  if (doc.holidayOverrides !== undefined) {
    if (!Array.isArray(doc.holidayOverrides)) throw new InvalidInputError('holidayOverrides', 'expected a list of {date, kind, reason}');
    const seen = new Set<string>();
    out.holidayOverrides = doc.holidayOverrides.map((o, i) => {
      const h = (o ?? {}) as Record<string, unknown>;
      const path = `holidayOverrides[${i}]`;
      for (const key of Object.keys(h)) if (!['date', 'kind', 'reason'].includes(key)) throw new InvalidInputError(`${path}.${key}`, 'unknown key');
      if (!isIsoDate(h.date)) throw new InvalidInputError(`${path}.date`, 'expected a date YYYY-MM-DD');
      if (h.kind !== 'holiday' && h.kind !== 'workday') throw new InvalidInputError(`${path}.kind`, 'expected "holiday" or "workday"');
      if (typeof h.reason !== 'string' || !h.reason.trim()) throw new InvalidInputError(`${path}.reason`, 'is required (why the day changes, e.g. 防汛抢险临时休息)');
      if (seen.has(h.date)) throw new InvalidInputError(`${path}.date`, `${h.date} is listed twice`);
      seen.add(h.date);
      return { date: h.date, kind: h.kind as HolidayOverride['kind'], reason: h.reason.trim() };
    }).sort((a, b) => a.date.localeCompare(b.date));
  }
  composeRules(base, out, null); // the whole stack must still be valid rules
  return out;
}

/** `signOff: {skipUnitIds: [uuid…]}`, deduplicated and sorted. */
function validSkipUnits(raw: unknown): string[] {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidInputError('signOff', 'expected {skipUnitIds: [unit ids]}');
  for (const key of Object.keys(o)) if (key !== 'skipUnitIds') throw new InvalidInputError(`signOff.${key}`, 'unknown key (expected skipUnitIds)');
  if (!Array.isArray(o.skipUnitIds)) throw new InvalidInputError('signOff.skipUnitIds', 'expected a list of unit ids');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const id of o.skipUnitIds) if (typeof id !== 'string' || !uuid.test(id)) throw new InvalidInputError('signOff.skipUnitIds', `not a unit id: ${String(id)}`);
  return [...new Set(o.skipUnitIds as string[])].sort();
}

const hashOf = (value: unknown): string => createHash('sha1').update(JSON.stringify(value ?? null)).digest('hex');

/**
 * The RulesProvider of Duban with the admin's rules layer: `forSession` reads the session's
 * override and the latest layer version in one query, so every use case sees a committed rules
 * change at once, in every process. Compositions are cached by content.
 */
export class LayeredRulesProvider extends RulesProvider {
  private readonly cache = new Map<string, SessionRules>();
  private latest: LayerVersion | null = null;

  static fromConfigFile(path: string): LayeredRulesProvider {
    return new LayeredRulesProvider(loadTimeRules(path));
  }

  /** The rules of a layer version and a session override (null: none). */
  compose(layer: LayerVersion | null, override: Record<string, unknown> | null | undefined): SessionRules {
    const key = `${hashOf(layer?.document ?? null)}:${hashOf(override ?? null)}`;
    let found = this.cache.get(key);
    if (!found) {
      const rules = composeRules(this.defaults, layer?.document ?? null, override);
      found = { rules, calendar: new WorkCalendar(rules.holidayOverrides) };
      if (this.cache.size >= 500) this.cache.clear();
      this.cache.set(key, found);
    }
    return found;
  }

  /** Sync callers (no database at hand) get the latest layer this process has seen. */
  override forOverride(override: Record<string, unknown> | null | undefined): SessionRules {
    return this.compose(this.latest, override);
  }

  override async forSession(em: EntityManager, sessionId: string): Promise<SessionRules> {
    return (await this.forSessionWithLayer(em, sessionId)).rules;
  }

  async forSessionWithLayer(em: EntityManager, sessionId: string): Promise<{ rules: SessionRules; layer: LayerVersion | null }> {
    // In every use case that computes a deadline: named, planned once per connection.
    const rows = await preparedQueryIn<{ override: Record<string, unknown> | null; version: number | null; document: RulesLayer | null }>(
      em,
      'duban_session_rules',
      `SELECT s.rules_override AS "override", l.version, l.document
         FROM sessions s
         LEFT JOIN LATERAL (SELECT version, document FROM rules_versions ORDER BY version DESC LIMIT 1) l ON true
        WHERE s.id = $1`,
      [sessionId],
    );
    if (rows.length === 0) throw new NotFoundError('session', sessionId);
    const layer = rows[0].version !== null ? { version: rows[0].version, document: rows[0].document ?? {} } : null;
    this.latest = layer;
    return { rules: this.compose(layer, rows[0].override), layer };
  }

  /** The latest layer version (null before the admin's first change). */
  async currentLayer(em: EntityManager): Promise<LayerVersion | null> {
    const rows: Array<{ version: number; document: RulesLayer }> = await em.query(`SELECT version, document FROM rules_versions ORDER BY version DESC LIMIT 1`);
    this.latest = rows[0] ?? null;
    return this.latest;
  }
}
