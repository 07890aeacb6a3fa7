import { DEPARTMENT_TYPES } from '../department-types.js';
import { AskMatcher, type AskConflict } from './proposal-asks.js';
import { RoutingModel } from './routing-model.js';
import { BIGRAM, CONCEPT, isWordFeature, type TextFeatures } from './text-features.js';

/**
 * 并案建议的判别模型: is a similar earlier proposal the same subject (a merge candidate), or a
 * neighbouring subject that shares the head noun (老旧小区物业 vs 老旧小区改造)? The cosine of the
 * whole texts alone cannot tell on short texts; a logistic regression over a handful of pair
 * features, trained on labelled pairs (scripts/eval-intake.mjs `--fit`), can:
 *  - the whole-text cosine (the similarity index's score);
 *  - the titles' cosine (a title states the subject);
 *  - IDF-weighted overlap of the words, and separately of the character bigrams;
 *  - the rarest word both share, and how many rare words they share (a place or object noun:
 *    充电棚, 塌陷区, after variant folding);
 *  - whether both would go to the same kind of department (the department types' built-in
 *    duties only: the Bhattacharyya coefficient of the two routing posteriors, Σ√(p·q), since merge3 —
 *    the overlap Σmin(p, q) vanished for a text in a person's own words, whose posterior is spread);
 *  - the IDF-weighted overlap of their subject concepts (subject-concepts.ts: 讨薪 and 拿不到工钱 are
 *    both 欠薪), which sees the same subject in other words;
 *  - whether they differ in object (`objectConflict`): the rarest word of each that the other lacks
 *    names a subject concept the other text does not have (家具 beside 制造业, 物业 beside 改造);
 *  - the IDF-weighted overlap of the character bigrams of their longer words (`bigramOverlap`, the
 *    index's · features; beside charOverlap it weighs negative: neighbours share long compounds).
 * Then a second stage (`conflict`, proposal-asks.ts): a pair whose titles ask different things
 * (规范 vs 份额) or which name different places (农村 vs 城区) is no merge candidate whatever its
 * probability.
 * Every feature is in [0, 1] and independent of the index size (IDF relative to the rarest
 * possible term), so weights learned on one corpus carry to another. Pure.
 */

/** Pair feature names, in the order of the weights. */
export const MERGE_FEATURES = [
  'cosine', 'titleCosine', 'wordOverlap', 'charOverlap', 'rarestShared', 'sharedRare', 'sameType', 'topHit', 'relativeScore', 'margin', 'mutualTop', 'reverseRelative',
  'conceptOverlap', 'objectConflict', 'bigramOverlap',
] as const;
export type MergeFeature = (typeof MERGE_FEATURES)[number];

export interface MergeModelWeights {
  bias: number;
  weights: Record<MergeFeature, number>;
}

/**
 * Weights fitted on all 911 candidate pairs (123 same-subject) of the multi-city corpus (520 items since merge3)
 * (test/fixtures/intake-eval, `npm run eval:intake -- --method model --fit`, ridge λ 1, not tuned), with the
 * object-conflict and bigram-overlap features. A city with labelled pairs of its own can refit and set both in
 * config/intake.json `similarity.merge`.
 */
export const DEFAULT_MERGE_MODEL: MergeModelWeights = {
  bias: -6.814,
  weights: {
    cosine: 0.546, titleCosine: -0.006, wordOverlap: -0.498, charOverlap: 1.189, rarestShared: 0.603, sharedRare: 2.225, sameType: 0.286,
    topHit: 1.415, relativeScore: 0.979, margin: 2.038, mutualTop: 0.053, reverseRelative: 0.978, conceptOverlap: 1.876, objectConflict: -0.801,
    bigramOverlap: -1.503,
  },
};
/**
 * Calibrated by cross-validation on the corpus for a precision of 0.9, with the second stage (a pair with a conflict is
 * no candidate; see `conflict`), by the eval's `share` calibration (the inner folds' threshold for 0.9 flags a share of
 * their pairs, and this one flags the same share of the corpus under the fitted model). Cross-validated on the 520-item
 * corpus it gives about 21% recall at 88% precision (docs/intake.md, six partitions). Before merge3 (340 items, no
 * bigramOverlap, coarser concepts) 0.571; before merge2 0.54, for 0.8.
 */
export const DEFAULT_MERGE_THRESHOLD = 0.683;

/**
 * The classifier judges a pair only when both contents are at most this long (characters): it was
 * trained on titles with a one-sentence summary (22–51 characters); on longer texts its features
 * shift (the 155 long proposals of test/fixtures/intake: precision 0.67 at recall 1.0) and the
 * cosine threshold stays (precision and recall 0.97 there).
 */
export const DEFAULT_SHORT_TEXT_MAX_LENGTH = 80;

/** A word this rare (relative IDF) or rarer counts as a shared rare term. */
const RARE = 0.6;

export interface PairText {
  title: string;
  content: string;
}

/** What the classifier says of a pair: its probability, and the words that weighed, for the reason. */
export interface MergeJudgement {
  probability: number;
  /** Why the pair is two requests whatever its probability (different asks or places), or null. */
  conflict: AskConflict | null;
  features: Record<MergeFeature, number>;
  /** Shared rare words, rarest first (at most 6). */
  sharedRare: string[];
}

type Idf = (term: string) => number;

/** Where the hit stands in the query's similar list: its rank (1 = best) and every hit's score, best first. */
export interface HitContext {
  rank: number;
  scores: readonly number[];
  /** The best score of the earlier proposal's own similar list, among the proposals before the later one (the reverse look-up). */
  reverseBest?: number;
}

/** Cosine of the character bigrams of the words (2+ characters), unweighted: catches 长者食堂/老年食堂. */
function charBigramCosine(wa: readonly string[], wb: readonly string[]): number {
  const grams = (ws: readonly string[]) => {
    const m = new Map<string, number>();
    for (const w of ws) for (let i = 0; i + 2 <= w.length; i++) m.set(w.slice(i, i + 2), (m.get(w.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(wa), gb = grams(wb);
  let dot = 0, na = 0, nb = 0;
  for (const [g, n] of ga) {
    na += n * n;
    dot += n * (gb.get(g) ?? 0);
  }
  for (const n of gb.values()) nb += n * n;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The probability a model gives a pair's features. */
export function mergeProbability(model: MergeModelWeights, features: Record<MergeFeature, number>): number {
  let z = model.bias;
  for (const f of MERGE_FEATURES) z += (model.weights[f] ?? 0) * features[f];
  return sigmoid(z);
}

function weightedCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, idf: Idf): number {
  let dot = 0, na = 0, nb = 0;
  for (const [f, n] of a) {
    const w = (1 + Math.log(n)) * idf(f);
    na += w * w;
    const m = b.get(f);
    if (m) dot += w * (1 + Math.log(m)) * idf(f);
  }
  for (const [f, m] of b) {
    const w = (1 + Math.log(m)) * idf(f);
    nb += w * w;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function weightedJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>, idf: Idf): number {
  let inter = 0, union = 0;
  for (const f of a) {
    union += idf(f);
    if (b.has(f)) inter += idf(f);
  }
  for (const f of b) if (!a.has(f)) union += idf(f);
  return union > 0 ? inter / union : 0;
}

const counts = (fs: readonly string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const f of fs) m.set(f, (m.get(f) ?? 0) + 1);
  return m;
};

export class MergeClassifier {
  private readonly types: RoutingModel;
  private readonly asks = new AskMatcher();
  private readonly typeCache = new Map<string, Map<string, number>>();

  constructor(
    private readonly textFeatures: TextFeatures,
    readonly model: MergeModelWeights = DEFAULT_MERGE_MODEL,
    readonly threshold = DEFAULT_MERGE_THRESHOLD,
  ) {
    // The kinds of department a text belongs to, from the built-in duties only (no history: the
    // same everywhere, and nothing to rebuild).
    this.types = new RoutingModel();
    for (const t of DEPARTMENT_TYPES) if (t.duties) this.types.setDuties(t.code, textFeatures.features(`${t.name} ${t.duties}`));
  }

  /** The posterior over department types of a text (top 5), cached by text. */
  private typePosterior(text: PairText, features: ReadonlyMap<string, number>): Map<string, number> {
    const key = `${text.title}\n${text.content}`;
    let p = this.typeCache.get(key);
    if (!p) {
      p = new Map(this.types.predict(features, { limit: 5 }).map((x) => [x.unit, x.probability]));
      if (this.typeCache.size > 2_000) this.typeCache.clear();
      this.typeCache.set(key, p);
    }
    return p;
  }

  /**
   * The pair's features. `cosine` is the similarity index's score of the pair; `idf` the index's
   * IDF of a term relative to the rarest possible one (0..1).
   */
  pairFeatures(a: PairText, b: PairText, cosine: number, idf: Idf, list: HitContext = { rank: 1, scores: [cosine] }): { features: Record<MergeFeature, number>; sharedRare: string[] } {
    const fa = this.textFeatures.proposalFeatures(a.title, a.content, 1);
    const fb = this.textFeatures.proposalFeatures(b.title, b.content, 1);
    const ta = counts(this.textFeatures.features(a.title));
    const tb = counts(this.textFeatures.features(b.title));
    const words = (m: ReadonlyMap<string, number>) => new Set([...m.keys()].filter(isWordFeature));
    const concepts = (m: ReadonlyMap<string, number>) => new Set([...m.keys()].filter((f) => f.startsWith(CONCEPT)));
    const bigrams = (m: ReadonlyMap<string, number>) => new Set([...m.keys()].filter((f) => f.startsWith(BIGRAM)));
    const wa = words(fa), wb = words(fb);
    const shared = [...wa].filter((w) => wb.has(w)).sort((x, y) => idf(y) - idf(x));
    const rare = shared.filter((w) => idf(w) >= RARE);
    const pa = this.typePosterior(a, fa), pb = this.typePosterior(b, fb);
    let sameType = 0;
    for (const [t, p] of pa) sameType += Math.sqrt(p * (pb.get(t) ?? 0));
    return {
      features: {
        cosine,
        titleCosine: weightedCosine(ta, tb, idf),
        wordOverlap: weightedJaccard(wa, wb, idf),
        rarestShared: shared.length ? idf(shared[0]) : 0,
        sharedRare: Math.min(rare.length, 4) / 4,
        sameType,
        charOverlap: charBigramCosine(this.textFeatures.words(`${a.title} ${a.content}`), this.textFeatures.words(`${b.title} ${b.content}`)),
        topHit: list.rank === 1 ? 1 : 0,
        relativeScore: list.scores[0] > 0 ? cosine / list.scores[0] : 0,
        margin: Math.max(0, cosine - (list.scores.find((x, i) => i + 1 !== list.rank && x <= cosine) ?? 0)),
        mutualTop: list.rank === 1 && (list.reverseBest ?? 0) <= cosine ? 1 : 0,
        reverseRelative: cosine / Math.max(cosine, list.reverseBest ?? 0, 1e-9),
        conceptOverlap: weightedJaccard(concepts(fa), concepts(fb), idf),
        objectConflict: this.objectConflict(wa, wb, concepts(fa), concepts(fb), idf),
        bigramOverlap: weightedJaccard(bigrams(fa), bigrams(fb), idf),
      },
      sharedRare: rare.slice(0, 6),
    };
  }

  /**
   * 1 when the rarest word of each text that the other lacks (among the words that name a subject
   * concept) names a concept the other text has not: each is about an object the other is not
   * (制造业 vs 家具; 果业 vs 茶 are one concept and do not count). Else 0.
   */
  private objectConflict(wa: ReadonlySet<string>, wb: ReadonlySet<string>, ca: ReadonlySet<string>, cb: ReadonlySet<string>, idf: Idf): number {
    const conceptOf = (w: string): string | undefined => this.textFeatures.conceptsOf(w).keys().next().value;
    const rarest = (x: ReadonlySet<string>, y: ReadonlySet<string>) => {
      let best: { idf: number; concept: string } | null = null;
      for (const w of x) {
        if (y.has(w)) continue;
        const c = conceptOf(w);
        if (c && (!best || idf(w) > best.idf)) best = { idf: idf(w), concept: c };
      }
      return best?.concept;
    };
    const a = rarest(wa, wb), b = rarest(wb, wa);
    return a && b && a !== b && !cb.has(CONCEPT + a) && !ca.has(CONCEPT + b) ? 1 : 0;
  }

  /** The second stage: why the pair is two requests whatever its probability (different asks or places), or null. */
  conflict(a: PairText, b: PairText): AskConflict | null {
    return this.asks.conflict(a, b);
  }

  /** Whether a judgement makes a merge candidate: its probability at the threshold or above, and no conflict. */
  isCandidate(j: Pick<MergeJudgement, 'probability' | 'conflict'>): boolean {
    return j.probability >= this.threshold && !j.conflict;
  }

  /** The probability that the pair is the same subject. */
  probability(features: Record<MergeFeature, number>): number {
    return mergeProbability(this.model, features);
  }

  /** The judgement of an earlier proposal `a` found for a later `b` (see pairFeatures). */
  judge(a: PairText, b: PairText, cosine: number, idf: Idf, list?: HitContext): MergeJudgement {
    const { features, sharedRare } = this.pairFeatures(a, b, cosine, idf, list);
    return { probability: this.probability(features), conflict: this.conflict(a, b), features, sharedRare };
  }
}

/**
 * Fits the weights by L2-regularised logistic regression (Newton's method: few features, exact
 * optimum, no learning rate to tune). `lambda` is the ridge penalty on the weights (not the bias).
 */
export function fitMergeModel(samples: ReadonlyArray<{ features: Record<MergeFeature, number>; same: boolean }>, lambda = 1): MergeModelWeights {
  const d = MERGE_FEATURES.length + 1;
  const xs = samples.map((s) => [1, ...MERGE_FEATURES.map((f) => s.features[f])]);
  const ys = samples.map((s) => (s.same ? 1 : 0));
  let beta = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const p = sigmoid(x.reduce((s, v, j) => s + v * beta[j], 0));
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j] += (p - ys[i]) * x[j];
        for (let k = 0; k < d; k++) hess[j][k] += w * x[j] * x[k];
      }
    }
    for (let j = 1; j < d; j++) {
      grad[j] += lambda * beta[j];
      hess[j][j] += lambda;
    }
    hess[0][0] += 1e-9;
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return {
    bias: beta[0],
    weights: Object.fromEntries(MERGE_FEATURES.map((f, j) => [f, beta[j + 1]])) as Record<MergeFeature, number>,
  };
}

/** Solves A x = b (Gaussian elimination with partial pivoting; A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const k = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= k * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}
