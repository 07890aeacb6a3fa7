/**
 * An in-memory inverted index of proposals for "similar proposals" (相似提案, 并案建议).
 *
 * Two stages, so that a lookup over 100,000 proposals stays in milliseconds and its score means the
 * same thing for every query:
 *  1. Retrieval with BM25 over the query's most informative terms (posting lists in typed arrays,
 *     one pass per term), keeping the best `candidates` documents;
 *  2. Re-ranking of those candidates by the cosine of their TF-IDF vectors (sublinear tf, the same
 *     IDF as BM25, whole vectors): a score in [0, 1], symmetric, comparable across queries, so a
 *     fixed threshold can say "probably the same proposal" (duplicate).
 *
 * Pure: no I/O. Documents are term-count maps (see Tokenizer), keyed by an id; adding an id again
 * replaces its document.
 */

export type TermCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface SearchOptions {
  /** How many results at most (after re-ranking). */
  limit?: number;
  /** Results under this cosine are dropped. */
  minScore?: number;
  /** Only documents whose order key is strictly less than this (the proposals submitted earlier)… */
  before?: number;
  /** …or equal to it with a tie-break key strictly less than this one (submitted in the same instant, created earlier). */
  beforeTiebreak?: number;
  /** Never return this id (the query's own document). */
  excludeId?: string;
  /** How many BM25 candidates are re-ranked (default 64). */
  candidates?: number;
  /** How many of the query's terms retrieval uses, by TF-IDF weight (default 32). */
  maxQueryTerms?: number;
}

export interface SimilarHit {
  id: string;
  /** Cosine of the TF-IDF vectors, 0..1. */
  score: number;
  /** The BM25 retrieval score (not normalised: only for ordering and diagnostics). */
  bm25: number;
  /** The terms both share, most informative first (at most 8), to explain the match. */
  sharedTerms: string[];
}

const K1 = 1.2;
const B = 0.75;

function entriesOf(counts: TermCounts): Array<[string, number]> {
  return counts instanceof Map ? [...counts.entries()] : Object.entries(counts);
}

/** A growable posting list: document slots and term frequencies. */
class Postings {
  slots = new Int32Array(4);
  tfs = new Uint16Array(4);
  length = 0;

  push(slot: number, tf: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(this.tfs.length * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = Math.min(tf, 65_535);
    this.length += 1;
  }
}

export class SimilarityIndex {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly postings: Postings[] = [];
  /** Live documents per term (removed ones are subtracted at once; their postings are skipped). */
  private readonly df: number[] = [];

  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  private alive = new Uint8Array(1024);
  private lengths = new Float64Array(1024);
  /** K1 · (1 − B + B · length / avgdl) per slot, for the avgdl it was computed with (refreshed when that drifts). */
  private lengthNorms = new Float64Array(1024);
  private normsAvgdl = 0;
  private orders = new Float64Array(1024);
  private tiebreaks = new Float64Array(1024);
  /** Each slot's terms (ids) and counts, for re-ranking. */
  private docTerms: Array<Int32Array | null> = [];
  private docCounts: Array<Uint16Array | null> = [];
  private liveCount = 0;
  private totalLength = 0;
  private scratch = new Float64Array(1024);

  /** Live documents. */
  get size(): number {
    return this.liveCount;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /**
   * Adds (or replaces) a document. `order` sorts documents in time (the proposal's submission,
   * as epoch milliseconds or any increasing number) and `tiebreak` breaks ties (its creation, in
   * microseconds); `search({ before, beforeTiebreak })` filters on them.
   */
  add(id: string, counts: TermCounts, order = 0, tiebreak = 0): void {
    this.remove(id);
    const slot = this.ids.length;
    this.ensureCapacity(slot + 1);
    this.ids.push(id);
    this.slotOf.set(id, slot);
    const entries = entriesOf(counts).filter(([, n]) => n > 0);
    const termIds = new Int32Array(entries.length);
    const tfs = new Uint16Array(entries.length);
    let length = 0;
    entries.forEach(([term, n], i) => {
      const t = this.termId(term);
      termIds[i] = t;
      tfs[i] = Math.min(n, 65_535);
      length += n;
      this.postings[t].push(slot, n);
      this.df[t] += 1;
    });
    this.docTerms.push(termIds);
    this.docCounts.push(tfs);
    this.alive[slot] = 1;
    this.lengths[slot] = length;
    this.lengthNorms[slot] = K1 * (1 - B + (B * length) / (this.normsAvgdl || length || 1));
    this.orders[slot] = order;
    this.tiebreaks[slot] = tiebreak;
    this.liveCount += 1;
    this.totalLength += length;
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.alive[slot] = 0;
    for (const t of this.docTerms[slot] ?? []) this.df[t] -= 1;
    this.docTerms[slot] = null;
    this.docCounts[slot] = null;
    this.liveCount -= 1;
    this.totalLength -= this.lengths[slot];
    return true;
  }

  /** Inverse document frequency, BM25 style (always positive). */
  idf(term: string): number {
    const t = this.termIds.get(term);
    return this.idfOf(t === undefined ? 0 : this.df[t]);
  }

  /** A document's term counts as indexed (undefined for an unknown id). */
  termsOf(id: string): Map<string, number> | undefined {
    const slot = this.slotOf.get(id);
    const terms = slot === undefined ? null : this.docTerms[slot];
    if (slot === undefined || !terms) return undefined;
    const counts = this.docCounts[slot]!;
    return new Map([...terms].map((t, i) => [this.terms[t], counts[i]]));
  }

  /** The order key and tie-break a document was added with. */
  orderOf(id: string): { order: number; tiebreak: number } | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : { order: this.orders[slot], tiebreak: this.tiebreaks[slot] };
  }

  /** The IDF relative to that of a term no document has (0..1): comparable between index sizes. */
  relativeIdf(term: string): number {
    const max = this.idfOf(0);
    return max > 0 ? this.idf(term) / max : 0;
  }

  /** The most similar documents to a query given as term counts, best first. */
  search(query: TermCounts, options: SearchOptions = {}): SimilarHit[] {
    const limit = options.limit ?? 10;
    const minScore = options.minScore ?? 0;
    const before = options.before ?? Number.POSITIVE_INFINITY;
    const beforeTiebreak = options.beforeTiebreak ?? Number.NEGATIVE_INFINITY;
    const excluded = options.excludeId !== undefined ? (this.slotOf.get(options.excludeId) ?? -1) : -1;
    const maxCandidates = options.candidates ?? 64;
    if (this.liveCount === 0) return [];

    // The query's vector: known terms with their TF-IDF weights.
    const queryTerms: Array<{ t: number; qtf: number; idf: number; w: number }> = [];
    let queryNorm2 = 0;
    for (const [term, n] of entriesOf(query)) {
      if (n <= 0) continue;
      const t = this.termIds.get(term);
      const idf = this.idfOf(t === undefined ? 0 : this.df[t]);
      const w = (1 + Math.log(n)) * idf;
      queryNorm2 += w * w;
      if (t !== undefined && this.df[t] > 0) queryTerms.push({ t, qtf: n, idf, w });
    }
    if (queryTerms.length === 0 || queryNorm2 === 0) return [];
    queryTerms.sort((a, b) => b.w - a.w);
    // In a large index, retrieval skips the commonest terms (in over a fifth of the documents:
    // little weight, long posting lists) once it has a few; re-ranking still counts them. A small
    // index is searched on every term, so there a hit is exactly the documents sharing any.
    const commonDf = this.liveCount >= 1000 ? 0.2 * this.liveCount : Number.POSITIVE_INFINITY;
    const retrievalTerms = queryTerms.filter((q, i) => i < 4 || this.df[q.t] <= commonDf).slice(0, options.maxQueryTerms ?? 32);

    // Stage 1: BM25 accumulation over the retrieval terms.
    this.refreshLengthNorms();
    const acc = this.scratch;
    const touched: number[] = [];
    const { alive, orders, tiebreaks, lengthNorms } = this;
    const filtered = before !== Number.POSITIVE_INFINITY;
    for (const { t, idf } of retrievalTerms) {
      const p = this.postings[t];
      const { slots, tfs } = p;
      const weight = idf * (K1 + 1);
      for (let i = 0; i < p.length; i++) {
        const slot = slots[i];
        if (alive[slot] === 0 || slot === excluded) continue;
        if (filtered) {
          const order = orders[slot];
          if (order > before || (order === before && tiebreaks[slot] >= beforeTiebreak)) continue;
        }
        const tf = tfs[i];
        if (acc[slot] === 0) touched.push(slot);
        acc[slot] += (weight * tf) / (tf + lengthNorms[slot]);
      }
    }
    const candidates = topSlots(touched, acc, maxCandidates);
    const bm25 = new Map(candidates.map((slot) => [slot, acc[slot]]));
    for (const slot of touched) acc[slot] = 0;

    // Stage 2: cosine re-ranking of the candidates over whole vectors.
    const queryWeight = new Map(queryTerms.map((q) => [q.t, q.w]));
    const queryNorm = Math.sqrt(queryNorm2);
    const hits: SimilarHit[] = [];
    for (const slot of candidates) {
      const termIds = this.docTerms[slot]!;
      const counts = this.docCounts[slot]!;
      let dot = 0;
      let norm2 = 0;
      const shared: Array<{ t: number; contribution: number }> = [];
      for (let i = 0; i < termIds.length; i++) {
        const t = termIds[i];
        const w = (1 + Math.log(counts[i])) * this.idfOf(this.df[t]);
        norm2 += w * w;
        const qw = queryWeight.get(t);
        if (qw !== undefined) {
          dot += qw * w;
          shared.push({ t, contribution: qw * w });
        }
      }
      const score = norm2 > 0 ? dot / (queryNorm * Math.sqrt(norm2)) : 0;
      if (score < minScore) continue;
      shared.sort((a, b) => b.contribution - a.contribution);
      hits.push({ id: this.ids[slot], score: round(score), bm25: round(bm25.get(slot) ?? 0), sharedTerms: shared.slice(0, 8).map((s) => this.terms[s.t]) });
    }
    hits.sort((a, b) => b.score - a.score || b.bm25 - a.bm25 || (a.id < b.id ? -1 : 1));
    return hits.slice(0, limit);
  }

  /** Recomputes the BM25 length normalisation when the average length drifted by more than 5%. */
  private refreshLengthNorms(): void {
    const avgdl = this.totalLength / this.liveCount || 1;
    if (this.normsAvgdl > 0 && Math.abs(avgdl - this.normsAvgdl) / this.normsAvgdl < 0.05) return;
    for (let slot = 0; slot < this.ids.length; slot++) this.lengthNorms[slot] = K1 * (1 - B + (B * this.lengths[slot]) / avgdl);
    this.normsAvgdl = avgdl;
  }

  private idfOf(df: number): number {
    const n = this.liveCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private termId(term: string): number {
    let t = this.termIds.get(term);
    if (t === undefined) {
      t = this.terms.length;
      this.termIds.set(term, t);
      this.terms.push(term);
      this.postings.push(new Postings());
      this.df.push(0);
    }
    return t;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.alive.length) return;
    let size = this.alive.length;
    while (size < n) size *= 2;
    const grow = <T extends Uint8Array | Float64Array>(a: T, make: (size: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.alive = grow(this.alive, (s) => new Uint8Array(s));
    this.lengths = grow(this.lengths, (s) => new Float64Array(s));
    this.lengthNorms = grow(this.lengthNorms, (s) => new Float64Array(s));
    this.orders = grow(this.orders, (s) => new Float64Array(s));
    this.tiebreaks = grow(this.tiebreaks, (s) => new Float64Array(s));
    this.scratch = new Float64Array(size);
  }
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The `k` slots with the highest scores (a bounded min-heap: O(n log k)). */
function topSlots(slots: number[], scores: Float64Array, k: number): number[] {
  if (slots.length <= k) return [...slots].sort((a, b) => scores[b] - scores[a]);
  const heap: number[] = [];
  const less = (a: number, b: number) => scores[a] < scores[b];
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const slot of slots) {
    if (heap.length < k) {
      heap.push(slot);
      siftUp(heap.length - 1);
    } else if (scores[slot] > scores[heap[0]]) {
      heap[0] = slot;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => scores[b] - scores[a]);
}
