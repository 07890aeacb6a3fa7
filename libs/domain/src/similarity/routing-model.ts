import { featureLabel } from './text-features.js';

/**
 * 承办单位建议的学习模型: which unit should lead a proposal, learned from evidence. A multinomial
 * language model per unit over words and character bigrams (TextFeatures), smoothed toward the
 * background of all units (Dirichlet), fed by:
 *  - the unit's duties (its own 职能 text and the built-in duties of its department type), as a
 *    pseudo-document of weight `dutyWeight`;
 *  - every past assignment: the proposal's features added to the lead unit (a co-unit a little);
 *  - reassignments after an adjustment request (调整): the unit it left loses that proposal's
 *    features (negative evidence, never below zero).
 * A proposal's score for a unit is the log-likelihood ratio of its features against the background;
 * the posterior over units (a softmax with temperature `temperature`, calibrated on labelled data)
 * is the confidence shown to people. Every score decomposes into per-feature contributions, so the
 * reasons name the words that weighed, and whether they come from the duties or from history.
 * Pure and incremental (learning is O(features)).
 */
export interface RoutingModelOptions {
  /** Dirichlet smoothing mass toward the background (in feature counts). */
  mu?: number;
  /** A duty text counts as this many proposals' worth of evidence. */
  dutyWeight?: number;
  /** Softmax temperature applied to log-likelihood ratios (larger: less confident). */
  temperature?: number;
}

export interface RoutingEvidence {
  feature: string;
  /** The word as people read it. */
  label: string;
  /** Its share of the unit's score (log-likelihood ratio, in nats). */
  weight: number;
  /** Where the unit's evidence for it comes from. */
  source: 'duties' | 'history' | 'both';
}

export interface RoutingPrediction {
  unit: string;
  /** Calibrated posterior probability, 0..1. */
  probability: number;
  /** Log-likelihood ratio against the background. */
  score: number;
  evidence: RoutingEvidence[];
  /** How many assignments of this unit the model has learned from. */
  learned: number;
}

type Counts = Map<string, number>;

interface UnitModel {
  duties: Counts;
  /** Signed sums of the evidence (a removal can take a feature below zero): read clamped at zero. */
  raw: Counts;
  dutyTotal: number;
  /** The sum of the clamped history counts. */
  historyTotal: number;
  learned: number;
}

export const DEFAULT_ROUTING_MODEL: Required<RoutingModelOptions> = { mu: 40, dutyWeight: 3, temperature: 2.5 };

export class RoutingModel {
  private readonly units = new Map<string, UnitModel>();
  private readonly background: Counts = new Map();
  private backgroundTotal = 0;
  readonly options: Required<RoutingModelOptions>;

  constructor(options: RoutingModelOptions = {}) {
    this.options = { ...DEFAULT_ROUTING_MODEL, ...options };
  }

  get unitCodes(): string[] {
    return [...this.units.keys()];
  }

  private unit(code: string): UnitModel {
    let u = this.units.get(code);
    if (!u) this.units.set(code, (u = { duties: new Map(), raw: new Map(), dutyTotal: 0, historyTotal: 0, learned: 0 }));
    return u;
  }

  private bump(counts: Counts, f: string, by: number): number {
    const before = counts.get(f) ?? 0;
    const after = Math.max(0, before + by);
    if (after === 0) counts.delete(f);
    else counts.set(f, after);
    return after - before;
  }

  /** The unit's duties (职能): replaces what was set before. Each feature counts once, times dutyWeight. */
  setDuties(code: string, features: Iterable<string>): void {
    const u = this.unit(code);
    for (const [f, n] of u.duties) this.bump(this.background, f, -n);
    this.backgroundTotal -= u.dutyTotal;
    u.duties = new Map();
    u.dutyTotal = 0;
    for (const f of new Set(features)) {
      const n = this.options.dutyWeight;
      u.duties.set(f, n);
      u.dutyTotal += n;
      this.bump(this.background, f, n);
      this.backgroundTotal += n;
    }
  }

  /**
   * One assignment: `weight` 1 for a lead unit, less for a co-unit; negative for the unit a
   * proposal was moved away from (its counts are read as zero when below). Evidence is summed
   * signed and clamped only when read, so the model does not depend on the order it learned in,
   * and `unlearn` undoes a `learn` exactly (the incremental refresh of UnitRouting).
   */
  learn(code: string, features: ReadonlyMap<string, number>, weight = 1): void {
    this.add(code, features, weight);
    this.unit(code).learned += Math.sign(weight);
  }

  /** Takes back an assignment learned with `learn(code, features, weight)` (the same features). */
  unlearn(code: string, features: ReadonlyMap<string, number>, weight = 1): void {
    this.add(code, features, -weight);
    this.unit(code).learned -= Math.sign(weight);
  }

  private add(code: string, features: ReadonlyMap<string, number>, weight: number): void {
    const u = this.unit(code);
    // Sublinear term frequency: a word repeated in a long text is not ten times the evidence.
    for (const [f, n] of features) {
      const before = u.raw.get(f) ?? 0;
      const after = before + weight * (1 + Math.log(n));
      if (Math.abs(after) < 1e-9) u.raw.delete(f);
      else u.raw.set(f, after);
      const delta = Math.max(0, after) - Math.max(0, before);
      if (delta === 0) continue;
      u.historyTotal += delta;
      this.bump(this.background, f, delta);
      this.backgroundTotal += delta;
    }
  }

  /** The units ranked for a proposal's features, best first; empty when no feature is known. */
  predict(features: ReadonlyMap<string, number>, options: { limit?: number; units?: Iterable<string> } = {}): RoutingPrediction[] {
    const { mu, temperature } = this.options;
    const query = [...features].filter(([f]) => (this.background.get(f) ?? 0) > 0);
    if (query.length === 0 || this.backgroundTotal <= 0) return [];
    const allowed = options.units ? new Set(options.units) : null;
    const scored: Array<Omit<RoutingPrediction, 'probability'>> = [];
    for (const [code, u] of this.units) {
      if (allowed && !allowed.has(code)) continue;
      const total = u.dutyTotal + u.historyTotal;
      let score = 0;
      const evidence: RoutingEvidence[] = [];
      for (const [f, n] of query) {
        const pBg = this.background.get(f)! / this.backgroundTotal;
        const d = u.duties.get(f) ?? 0;
        const h = Math.max(0, u.raw.get(f) ?? 0);
        const p = (d + h + mu * pBg) / (total + mu);
        const w = (1 + Math.log(n)) * Math.log(p / pBg);
        score += w;
        if (d + h > 0 && w > 0) evidence.push({ feature: f, label: featureLabel(f), weight: w, source: d > 0 && h > 0 ? 'both' : d > 0 ? 'duties' : 'history' });
      }
      evidence.sort((a, b) => b.weight - a.weight);
      scored.push({ unit: code, score, evidence, learned: Math.max(0, u.learned) });
    }
    const max = Math.max(...scored.map((s) => s.score));
    const exps = scored.map((s) => Math.exp((s.score - max) / temperature));
    const sum = exps.reduce((a, b) => a + b, 0);
    return scored
      .map((s, i) => ({ ...s, probability: exps[i] / sum }))
      .filter((s) => s.evidence.length > 0)
      .sort((a, b) => b.probability - a.probability || (a.unit < b.unit ? -1 : 1))
      .slice(0, options.limit ?? 5);
  }
}
