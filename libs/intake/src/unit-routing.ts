import type { DataSource } from 'typeorm';
import { departmentType, RoutingModel, type TextFeatures } from '#domain';
import type { IntakeConfig } from '#kernel';
import { FEATURES_VERSION, textFeaturesFor } from './intake-config.js';

/** Evidence weight of an assignment by role; a removed one (moved away after 调整) counts against. */
const ROLE_WEIGHT = { lead: 1, separate: 0.8, co: 0.3 } as const;
/** How long the model serves reads before it looks for changes (a refresh is a few index reads). */
const REFRESH_MS = 2_000;
/**
 * How far back (ms) a refresh looks again, for rows committed after it last looked but stamped
 * before (recorded_at and indexed_at are their transaction's start): far longer than those
 * transactions, and re-reading a proposal already applied changes nothing.
 */
const LATE_COMMIT_MS = 30_000;
/** The events that create or remove assignments (migration 1766500000001 indexes them by recorded_at). */
/** Proposals read per page by a full build. */
const BUILD_PAGE = 2_000;
export const ASSIGNMENT_EVENT_TYPES = ['proposal.assigned', 'assignment.reassigned', 'assignment.adjustment_approved'] as const;

interface UnitRow {
  code: string;
  name: string;
  duties: string | null;
  department_type: string | null;
}

/**
 * What the model has learned from one proposal: the document it read (its seq: the terms
 * themselves are not kept, a refresh reads them again) and each assignment's unit and weight.
 */
interface Applied {
  docSeq: string;
  items: Array<{ code: string; weight: number }>;
}

/**
 * The routing model of this process (承办单位推荐模型), from Postgres: every active department's
 * duties (its own text and its department type's built-in duties), and every assignment of a
 * proposal whose similarity document is current (live ones for, removed ones against).
 *
 * Built once in full, then kept up to date incrementally: at most every 2 s a read looks for the
 * proposals whose assignments changed (the assignment events recorded since, by an index on their
 * recorded_at) or whose similarity document was (re)written, and replaces what the model learned
 * from each of them; units whose duties changed get their new duties. The cost of a refresh is
 * that of the proposals changed since the last one, not of every assignment. A change to the set
 * of active departments, or a document rewritten after its proposal was learned (a new features
 * version, a text changed after assignment), rebuilds in full, in the background: reads keep the
 * model they have until the new one is ready.
 */
export class UnitRouting {
  readonly features: TextFeatures;
  private model: RoutingModel | null = null;
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;
  private rebuilding: Promise<void> | null = null;
  /** proposal id → what was learned from it. */
  private applied = new Map<string, Applied>();
  /** unit code → its duties text as set (to notice a change). */
  private dutiesOf = new Map<string, string>();
  private maxDocSeq = '0';
  /** Postgres' clock at the start of the last refresh. */
  private lastLookAt: Date | null = null;
  /** Counters for diagnostics and the bench: full builds, refreshes, proposals re-applied. */
  readonly stats = { builds: 0, refreshes: 0, reapplied: 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly config: IntakeConfig,
  ) {
    this.features = textFeaturesFor(config);
  }

  async current(now = Date.now()): Promise<RoutingModel> {
    if (this.model && (now - this.refreshedAt < REFRESH_MS || this.rebuilding)) return this.model;
    this.refreshing ??= (this.model ? this.refresh() : this.build()).finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
    this.refreshedAt = now;
    return this.model!;
  }

  /**
   * A full rebuild once a model serves: in the background, reads keep the model they have (a few
   * seconds behind) instead of waiting for every assignment to be read again.
   */
  private rebuild(): void {
    this.rebuilding ??= this.build()
      .catch(() => undefined)
      .finally(() => {
        this.rebuilding = null;
      });
  }

  /** The background rebuild, if one runs (tests and the bench wait for it). */
  get pendingRebuild(): Promise<void> | null {
    return this.rebuilding;
  }

  private dutyText(u: UnitRow): string {
    const type = departmentType(u.department_type);
    return [u.name, u.duties ?? '', type ? `${type.name} ${type.duties}` : ''].join('\n');
  }

  private async units(): Promise<UnitRow[]> {
    return this.ds.query(`SELECT code, name, duties, department_type FROM units WHERE active AND kind = 'department'`);
  }

  /** Reads everything: the duties of every unit and every assignment with its document. */
  private async build(): Promise<void> {
    const [{ now: started }]: Array<{ now: Date }> = await this.ds.query(`SELECT now()`);
    const model = new RoutingModel(this.config.routing.model);
    const dutiesOf = new Map<string, string>();
    for (const u of await this.units()) {
      const text = this.dutyText(u);
      dutiesOf.set(u.code, text);
      model.setDuties(u.code, this.features.features(text));
    }
    const [{ max }]: Array<{ max: string | null }> = await this.ds.query(`SELECT max(seq)::text AS max FROM similarity_documents`);
    const applied = new Map<string, Applied>();
    // By pages of proposals: the terms of 100,000 documents are never in memory at once.
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const page: Array<{ proposal_id: string }> = await this.ds.query(
        `SELECT DISTINCT proposal_id FROM assignments WHERE proposal_id > $1 ORDER BY proposal_id LIMIT ${BUILD_PAGE}`,
        [after],
      );
      if (page.length === 0) break;
      for (const [id, a] of grouped(await this.assignmentRows(page.map((p) => p.proposal_id)))) {
        applied.set(id, { docSeq: a.docSeq, items: a.items });
        for (const i of a.items) model.learn(i.code, a.terms, i.weight);
      }
      after = page[page.length - 1].proposal_id;
      if (page.length < BUILD_PAGE) break;
    }
    this.model = model;
    this.applied = applied;
    this.dutiesOf = dutiesOf;
    this.maxDocSeq = max ?? '0';
    this.lastLookAt = started;
    this.stats.builds += 1;
  }

  /** The assignments (of active departments) of the given proposals, with each one's current document. */
  private assignmentRows(proposalIds: string[]): Promise<AssignmentRowOf[]> {
    return this.ds.query(
      `SELECT a.proposal_id, u.code, a.role, a.state = 'removed' AS removed, d.seq::text AS seq, d.terms
         FROM assignments a JOIN units u ON u.id = a.unit_id AND u.active AND u.kind = 'department'
         JOIN similarity_documents d ON d.proposal_id = a.proposal_id AND d.features = $1
        WHERE a.proposal_id = ANY($2::uuid[])
        ORDER BY a.proposal_id, a.id`,
      [FEATURES_VERSION, proposalIds],
    );
  }

  /** Applies what changed since the last look (see the class comment); rebuilds when it must. */
  private async refresh(): Promise<void> {
    const model = this.model!;
    const [{ now: started }]: Array<{ now: Date }> = await this.ds.query(`SELECT now()`);
    const since = new Date(this.lastLookAt!.getTime() - LATE_COMMIT_MS);
    const units = await this.units();
    if (units.length !== this.dutiesOf.size || units.some((u) => !this.dutiesOf.has(u.code))) return this.rebuild();
    for (const u of units) {
      const text = this.dutyText(u);
      if (this.dutiesOf.get(u.code) === text) continue;
      this.dutiesOf.set(u.code, text);
      model.setDuties(u.code, this.features.features(text));
    }
    const changed: Array<{ proposal_id: string; seq: string | null }> = await this.ds.query(
      `SELECT proposal_id, NULL AS seq FROM events WHERE type = ANY($1::text[]) AND recorded_at > $2 AND proposal_id IS NOT NULL
        UNION
       SELECT proposal_id, seq::text FROM similarity_documents WHERE (seq > $3::bigint OR indexed_at > $2) AND features = $4`,
      [ASSIGNMENT_EVENT_TYPES, since, this.maxDocSeq, FEATURES_VERSION],
    );
    for (const c of changed) if (c.seq !== null && BigInt(c.seq) > BigInt(this.maxDocSeq)) this.maxDocSeq = c.seq;
    const ids = [...new Set(changed.map((c) => c.proposal_id))];
    const now = grouped(ids.length ? await this.assignmentRows(ids) : []);
    for (const id of ids) {
      const before = this.applied.get(id);
      const after = now.get(id);
      if (!before && !after) continue;
      // What was learned is taken back with the proposal's current terms: when its document was
      // rewritten since (or is gone), they are no longer the terms learned, so start again.
      if (before && (!after || before.docSeq !== after.docSeq)) return this.rebuild();
      if (before && sameItems(before.items, after!.items)) continue;
      for (const i of before?.items ?? []) model.unlearn(i.code, after!.terms, i.weight);
      for (const i of after!.items) model.learn(i.code, after!.terms, i.weight);
      this.applied.set(id, { docSeq: after!.docSeq, items: after!.items });
      this.stats.reapplied += 1;
    }
    this.lastLookAt = started;
    this.stats.refreshes += 1;
  }
}

type AssignmentRowOf = { proposal_id: string; code: string; role: keyof typeof ROLE_WEIGHT; removed: boolean; seq: string; terms: Record<string, number> };

/** Rows (ordered by proposal) grouped per proposal, with its terms read once. */
function grouped(rows: AssignmentRowOf[]): Map<string, Applied & { terms: Map<string, number> }> {
  const out = new Map<string, Applied & { terms: Map<string, number> }>();
  for (const r of rows) {
    let a = out.get(r.proposal_id);
    if (!a) out.set(r.proposal_id, (a = { docSeq: r.seq, terms: new Map(Object.entries(r.terms)), items: [] }));
    a.items.push({ code: r.code, weight: ROLE_WEIGHT[r.role] * (r.removed ? -1 : 1) });
  }
  return out;
}

const sameItems = (a: Applied['items'], b: Applied['items']): boolean =>
  a.length === b.length && a.every((x, i) => x.code === b[i].code && x.weight === b[i].weight);
