import type { DataSource } from 'typeorm';
import { endOfShanghaiDay, isIsoDate, toShanghaiDate, type TimeRules } from '#domain';
import { InvalidInputError, type SessionRules, type LayeredRulesProvider, type LayerVersion } from '#kernel';
import { REPLAYED_EVENT_TYPES, replayDeadlines, type ReplayEvent, type ReplayedDeadline } from './replay.js';

export interface Responsible {
  type: 'unit' | 'proposer' | 'committee';
  id: string | null;
  name: string;
}

export interface HistoricDeadline {
  key: string;
  kind: string;
  proposalId: string;
  proposalNumber: number | null;
  proposalTitle: string;
  assignmentId: string | null;
  round: number;
  startedAt: string;
  dueOn: string;
  dueAt: string;
  overdue: boolean;
  /** Whole days past the due day on the asked date (0 when not overdue). */
  daysOverdue: number;
  responsible: Responsible;
}

export interface AsOf {
  /** The instant the history is told at: the end of the asked day (24:00 Asia/Shanghai), or the given instant. */
  asOf: string;
  date: string;
  /** Deadlines running at that instant: opened before it, not settled, cancelled or expired by then. */
  open: HistoricDeadline[];
  totals: { open: number; overdue: number };
  byResponsible: Array<Responsible & { open: number; overdue: number }>;
}

/** Kinds that lapse rather than fall overdue (their ladder ends in an expiry): a window or the proposer's feedback. */
function lapses(rules: TimeRules, kind: string): boolean {
  return (rules.deadlines as Record<string, { ladder: Array<{ type: string }> } | undefined>)[kind]?.ladder.some((s) => s.type === 'expiry') ?? false;
}

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * GET /api/v1/stats/as-of: on a past date, which deadlines were open, which overdue, and who was
 * responsible — from the events alone (replay.ts). Static facts (a proposal's number, session and
 * lead proposer, a unit's name, the session's own rules override) are read from their tables.
 */
export class AsOfQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly rules: LayeredRulesProvider,
  ) {}

  /** `sessionIds` (several sessions, e.g. those in handling on the date) wins over `sessionId`; neither: every session. */
  async at(asOf: Date, filter: { sessionId?: string | null; sessionIds?: readonly string[] } = {}): Promise<AsOf> {
    if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new InvalidInputError('at', 'must be an instant such as 2024-06-30T12:00:00+08:00');
    const events: ReplayEvent[] = await this.ds.query(
      `SELECT e.type, e.proposal_id AS "proposalId", e.payload, e.occurred_at AS "occurredAt"
         FROM events e LEFT JOIN proposals p ON p.id = e.proposal_id
        WHERE e.type = ANY($1::text[]) AND e.occurred_at <= $2
          AND (e.proposal_id IS NULL OR $3::uuid[] IS NULL OR p.session_id = ANY($3::uuid[]))
        ORDER BY e.occurred_at, e.seq`,
      [REPLAYED_EVENT_TYPES, asOf, filter.sessionIds ? [...filter.sessionIds] : filter.sessionId ? [filter.sessionId] : null],
    );
    const proposalIds = [...new Set(events.map((e) => e.proposalId).filter((id): id is string => !!id))];
    // A session's override before the replay sees it change: the one its first versioned change replaced, or today's if it never changed.
    const proposals: Array<{ id: string; number: number | null; title: string; sessionId: string; override: Record<string, unknown>; leadId: string; leadName: string }> =
      proposalIds.length === 0
        ? []
        : await this.ds.query(
            `SELECT p.id, p.number, p.title, p.session_id AS "sessionId", pr.id AS "leadId", pr.name AS "leadName",
                    COALESCE((SELECT v.previous FROM session_rules_versions v WHERE v.session_id = s.id ORDER BY v.version LIMIT 1), s.rules_override) AS "override"
               FROM proposals p JOIN sessions s ON s.id = p.session_id JOIN proposers pr ON pr.id = p.lead_proposer_id
              WHERE p.id = ANY($1::uuid[])`,
            [proposalIds],
          );
    const byId = new Map(proposals.map((p) => [p.id, p]));
    const rulesAt = (proposalId: string, layer: LayerVersion | null, sessionOverrides: ReadonlyMap<string, Record<string, unknown>>): SessionRules => {
      const p = byId.get(proposalId);
      return this.rules.compose(layer, (p && sessionOverrides.get(p.sessionId)) ?? p?.override ?? null);
    };
    const replayed = replayDeadlines(events, rulesAt);

    const units = new Map<string, string>(
      ((await this.ds.query(`SELECT id, name FROM units`)) as Array<{ id: string; name: string }>).map((u) => [u.id, u.name]),
    );
    const committee = ((await this.ds.query(`SELECT id, name FROM units WHERE kind = 'committee' AND active ORDER BY code LIMIT 1`)) as Array<{ id: string; name: string }>)[0];
    const base = this.rules.defaults;
    const date = toShanghaiDate(asOf);
    const responsibleOf = (d: ReplayedDeadline): Responsible => {
      if (d.unitId) return { type: 'unit', id: d.unitId, name: units.get(d.unitId) ?? d.unitId };
      const p = byId.get(d.proposalId);
      if (d.kind === 'feedback') return { type: 'proposer', id: p?.leadId ?? null, name: p?.leadName ?? '提案者' };
      return { type: 'committee', id: committee?.id ?? null, name: committee?.name ?? '提案委员会' };
    };

    const open: HistoricDeadline[] = [];
    for (const d of replayed.values()) {
      if (d.closedAt !== null || d.startedAt.getTime() > asOf.getTime()) continue;
      const past = d.dueAt.getTime() < asOf.getTime();
      if (past && lapses(base, d.kind)) continue; // a window or a feedback period past its end has lapsed
      const p = byId.get(d.proposalId);
      open.push({
        key: d.key,
        kind: d.kind,
        proposalId: d.proposalId,
        proposalNumber: p?.number ?? null,
        proposalTitle: p?.title ?? '',
        assignmentId: d.assignmentId,
        round: d.round,
        startedAt: d.startedAt.toISOString(),
        dueOn: d.dueOn,
        dueAt: d.dueAt.toISOString(),
        overdue: past,
        daysOverdue: past ? Math.max(1, days(d.dueOn, date)) : 0,
        responsible: responsibleOf(d),
      });
    }
    open.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || (a.proposalNumber ?? 0) - (b.proposalNumber ?? 0) || a.key.localeCompare(b.key));
    const who = new Map<string, Responsible & { open: number; overdue: number }>();
    for (const d of open) {
      const k = `${d.responsible.type}:${d.responsible.id}`;
      const entry = who.get(k) ?? { ...d.responsible, open: 0, overdue: 0 };
      entry.open += 1;
      if (d.overdue) entry.overdue += 1;
      who.set(k, entry);
    }
    return {
      asOf: asOf.toISOString(),
      date,
      open,
      totals: { open: open.length, overdue: open.filter((d) => d.overdue).length },
      byResponsible: [...who.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, 'zh')),
    };
  }

  /** The end of a day in Asia/Shanghai: "on date X" is the state as that day ends. */
  static endOf(date: string): Date {
    if (!isIsoDate(date)) throw new InvalidInputError('date', 'must be a calendar date YYYY-MM-DD');
    return endOfShanghaiDay(date);
  }
}
