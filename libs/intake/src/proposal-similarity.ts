import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_MERGE_MODEL, DEFAULT_MERGE_THRESHOLD, DEFAULT_SHORT_TEXT_MAX_LENGTH, MergeClassifier, SimilarityIndex, type SimilarHit, type TextFeatures,
} from '#domain';
import { ProposalSimilarityRow } from '#persistence';
import { systemActor, type AppContext, type IntakeConfig } from '#kernel';
import { FEATURES_VERSION, textFeaturesFor } from './intake-config.js';

/** The text a proposal is indexed by; its md5 says whether a stored document is current. */
export const indexedText = (p: { title: string; content: string }): string => `${p.title}\n${p.content}`;
const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

interface ProposalText {
  id: string;
  title: string;
  content: string;
}

/** A similar proposal and whether it is a merge candidate (并案), with the classifier's probability when it judged. */
export interface JudgedHit extends SimilarHit {
  duplicate: boolean;
  /** The merge classifier's probability (short texts), null where the cosine threshold decided. */
  mergeProbability: number | null;
}

export interface FindSimilarResult {
  proposalId: string;
  similar: JudgedHit[];
  duplicates: number;
}

/**
 * How far back (ms) a catch-up looks again, for rows committed after it last looked but stamped
 * before (created_at and indexed_at are their transaction's start): far longer than those
 * transactions (milliseconds), far shorter than a bulk import.
 */
const LATE_COMMIT_MS = 30_000;

/**
 * 相似提案: finds each proposal's most similar earlier proposals, of this session and past ones.
 *
 * Postgres holds the truth: `similarity_documents` (each proposal's terms, written once per version
 * of its text) and `proposal_similarities` (the results). Each worker process keeps an in-memory
 * SimilarityIndex of every document and catches up from Postgres before each lookup, so any number
 * of workers agree, and a restarted one rebuilds without segmenting a single text again.
 */
export class ProposalSimilarity {
  private readonly logger = new Logger('ProposalSimilarity');
  private readonly features: TextFeatures;
  private readonly merge: MergeClassifier;
  private readonly shortTextMaxLength: number;
  private readonly index = new SimilarityIndex();
  /** proposal id → the seq of the document in memory. */
  private readonly loaded = new Map<string, string>();
  private maxSeq = '0';
  /** When the last catch-up started (this process's clock; Postgres stamps rows with its own). */
  private lastCatchUpAt: Date | null = null;
  /** Only one catch-up at a time in this process; concurrent jobs wait for it. */
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly config: IntakeConfig,
  ) {
    this.features = textFeaturesFor(config);
    const merge = config.similarity.merge ?? {};
    this.merge = new MergeClassifier(this.features, merge.model ?? DEFAULT_MERGE_MODEL, merge.threshold ?? DEFAULT_MERGE_THRESHOLD);
    this.shortTextMaxLength = merge.shortTextMaxLength ?? DEFAULT_SHORT_TEXT_MAX_LENGTH;
  }

  private get ds(): DataSource {
    return this.ctx.ds;
  }

  /** Documents in this process's index. */
  get size(): number {
    return this.index.size;
  }

  /** A proposal's terms as the index counts them (the title weighted). */
  termsOf(p: { title: string; content: string }): Map<string, number> {
    return this.features.proposalFeatures(p.title, p.content, this.config.similarity.titleWeight);
  }

  /**
   * The intake job: (re)indexes the proposal, searches the earlier proposals, stores the results
   * (replacing any earlier run) and, when some reach the duplicate threshold, records
   * `proposal.duplicates_found` once per version of the text. Running it again changes nothing.
   */
  async findSimilar(proposalId: string): Promise<FindSimilarResult | null> {
    const rows: Array<ProposalText & { submitted_ms: string; created_us: string }> = await this.ds.query(
      `SELECT id, title, content, (extract(epoch FROM submitted_at) * 1000)::float8::text AS submitted_ms,
              (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us
         FROM proposals WHERE id = $1`,
      [proposalId],
    );
    const proposal = rows[0];
    if (!proposal) return null;
    const textMd5 = md5(indexedText(proposal));
    const terms = this.termsOf(proposal);
    await this.catchUp();
    const settings = this.config.similarity;
    const before = { before: Number(proposal.submitted_ms), beforeTiebreak: Number(proposal.created_us) };
    const hits = this.index.search(terms, { limit: settings.maxResults, minScore: settings.minScore, ...before, excludeId: proposal.id });
    const similar = await this.judge(proposal, hits, before);
    const duplicates = similar.filter((s) => s.duplicate);
    await this.ctx.transaction(systemActor('intake-worker'), async (tx) => {
      // Derived data, recomputed if lost: no need to wait for the WAL flush (the job is marked
      // complete by a later, synchronous commit, which flushes this one first).
      await tx.em.query(`SET LOCAL synchronous_commit = off`);
      await this.storeDocuments(tx.em, [{ ...proposal, textMd5, terms }], true);
      // Lock the proposal's document: two runs for the same proposal write one after the other.
      await tx.em.query(`SELECT 1 FROM similarity_documents WHERE proposal_id = $1 FOR UPDATE`, [proposal.id]);
      await tx.em.delete(ProposalSimilarityRow, { proposalId: proposal.id });
      if (similar.length > 0) {
        await tx.em.insert(
          ProposalSimilarityRow,
          similar.map((s, i) => ({
            proposalId: proposal.id, similarId: s.id, rank: i + 1, score: s.score, duplicate: s.duplicate, mergeProbability: s.mergeProbability,
            sharedTerms: s.sharedTerms, computedAt: tx.now,
          })),
        );
      }
      await tx.em.query(`UPDATE similarity_documents SET searched_md5 = $2, searched_at = $3 WHERE proposal_id = $1`, [proposal.id, textMd5, tx.now]);
      if (duplicates.length > 0) {
        const numbers: Array<{ id: string; number: number | null; session_id: string }> = await tx.em.query(
          `SELECT id, number, session_id FROM proposals WHERE id = ANY($1::uuid[])`,
          [duplicates.map((d) => d.id)],
        );
        const byId = new Map(numbers.map((n) => [n.id, n]));
        await tx.record({
          type: 'proposal.duplicates_found',
          proposalId: proposal.id,
          subjectType: 'proposal',
          subjectId: proposal.id,
          dedupeKey: `similar:${proposal.id}:${textMd5}`,
          payload: {
            threshold: settings.duplicateThreshold,
            duplicates: duplicates.map((d) => ({
              proposalId: d.id, number: byId.get(d.id)?.number ?? null, sessionId: byId.get(d.id)?.session_id ?? null, score: d.score,
              ...(d.mergeProbability !== null ? { mergeProbability: d.mergeProbability } : {}), sharedTerms: d.sharedTerms,
            })),
          },
        });
      }
    });
    return { proposalId: proposal.id, similar, duplicates: duplicates.length };
  }

  /**
   * Which hits are merge candidates (并案). Short texts (both contents at most
   * `similarity.merge.shortTextMaxLength` characters): the pair classifier, its probability against
   * `similarity.merge.threshold` and its second stage (no candidate when the titles ask different
   * things or the texts name different places), with the reverse look-up it needs (the hit's own best match among
   * the proposals before this one). Longer texts: the cosine against `duplicateThreshold`.
   */
  private async judge(proposal: ProposalText, hits: SimilarHit[], before: { before: number; beforeTiebreak: number }): Promise<JudgedHit[]> {
    const byCosine = (h: SimilarHit): JudgedHit => ({ ...h, duplicate: h.score >= this.config.similarity.duplicateThreshold, mergeProbability: null });
    const short = (text: { content: string }) => text.content.length <= this.shortTextMaxLength;
    if (hits.length === 0 || !short(proposal)) return hits.map(byCosine);
    const texts: ProposalText[] = await this.ds.query(`SELECT id, title, content FROM proposals WHERE id = ANY($1::uuid[])`, [hits.map((h) => h.id)]);
    const textOf = new Map(texts.map((t) => [t.id, t]));
    const scores = hits.map((h) => h.score);
    const idf = (f: string) => this.index.relativeIdf(f);
    return hits.map((h, i) => {
      const earlier = textOf.get(h.id);
      const earlierTerms = this.index.termsOf(h.id);
      if (!earlier || !earlierTerms || !short(earlier)) return byCosine(h);
      const reverseBest = this.index.search(earlierTerms, { limit: 1, ...before, excludeId: h.id })[0]?.score ?? 0;
      const judgement = this.merge.judge(earlier, proposal, h.score, idf, { rank: i + 1, scores, reverseBest });
      return { ...h, duplicate: this.merge.isCandidate(judgement), mergeProbability: Math.round(judgement.probability * 10_000) / 10_000 };
    });
  }

  /**
   * Brings this process's index up to date: writes the documents of proposals that have none yet
   * (all of them on the first call, the recent ones after), then loads every document written since
   * the last sync, by any worker.
   */
  async catchUp(): Promise<void> {
    while (this.syncing) await this.syncing.catch(() => undefined);
    this.syncing = this.doCatchUp().finally(() => {
      this.syncing = null;
    });
    await this.syncing;
  }

  private async doCatchUp(): Promise<void> {
    const [{ now: started }]: Array<{ now: Date }> = await this.ds.query(`SELECT now()`);
    const since = this.lastCatchUpAt ? new Date(this.lastCatchUpAt.getTime() - LATE_COMMIT_MS) : new Date(0);
    // 1. Proposals without a document: all of them on the first call, then those created since.
    for (;;) {
      const pending: ProposalText[] = await this.ds.query(
        `SELECT p.id, p.title, p.content FROM proposals p
          WHERE p.created_at > $1 AND NOT EXISTS (SELECT 1 FROM similarity_documents d WHERE d.proposal_id = p.id AND d.features >= $2)
          ORDER BY p.submitted_at, p.created_at LIMIT 1000`,
        [since, FEATURES_VERSION],
      );
      if (pending.length > 0) {
        await this.storeDocuments(this.ds.manager, pending.map((p) => ({ ...p, textMd5: md5(indexedText(p)), terms: this.termsOf(p) })), false);
      }
      if (pending.length < 1000) break;
    }
    // 2. Documents written since the last catch-up (ids first: cheap), then the terms of those not in memory.
    const recent: Array<{ proposal_id: string; seq: string }> = await this.ds.query(
      `SELECT proposal_id, seq::text AS seq FROM similarity_documents WHERE seq > $1::bigint OR indexed_at > $2`,
      [this.maxSeq, since],
    );
    const stale = recent.filter((r) => this.loaded.get(r.proposal_id) !== r.seq);
    for (let i = 0; i < stale.length; i += 2000) {
      const batch = stale.slice(i, i + 2000);
      const docs: Array<{ proposal_id: string; seq: string; terms: Record<string, number>; submitted_ms: string; created_us: string }> = await this.ds.query(
        `SELECT d.proposal_id, d.seq::text AS seq, d.terms, (extract(epoch FROM p.submitted_at) * 1000)::float8::text AS submitted_ms,
                (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS created_us
           FROM similarity_documents d JOIN proposals p ON p.id = d.proposal_id
          WHERE d.proposal_id = ANY($1::uuid[])`,
        [batch.map((b) => b.proposal_id)],
      );
      for (const d of docs) {
        this.index.add(d.proposal_id, d.terms, Number(d.submitted_ms), Number(d.created_us));
        this.loaded.set(d.proposal_id, d.seq);
        if (BigInt(d.seq) > BigInt(this.maxSeq)) this.maxSeq = d.seq;
      }
    }
    this.lastCatchUpAt = started;
    if (stale.length > 500) this.logger.log({ loaded: stale.length, documents: this.index.size }, 'similarity index synced');
  }

  /**
   * Writes documents. `replace` rewrites a document whose text changed (a new seq tells the other
   * workers); otherwise an existing document is left alone.
   */
  private async storeDocuments(em: EntityManager, docs: Array<ProposalText & { textMd5: string; terms: Map<string, number> }>, replace: boolean): Promise<void> {
    await em.query(
      `INSERT INTO similarity_documents (proposal_id, text_md5, terms, length, features)
       SELECT *, ${FEATURES_VERSION} FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::int[])
       ON CONFLICT (proposal_id) DO UPDATE SET text_md5 = EXCLUDED.text_md5, terms = EXCLUDED.terms, length = EXCLUDED.length,
                         features = EXCLUDED.features, seq = nextval('similarity_documents_seq'), indexed_at = now()
               WHERE ${replace ? 'similarity_documents.text_md5 <> EXCLUDED.text_md5 OR ' : ''}similarity_documents.features < EXCLUDED.features`,
      [
        docs.map((d) => d.id),
        docs.map((d) => d.textMd5),
        docs.map((d) => JSON.stringify(Object.fromEntries(d.terms))),
        docs.map((d) => [...d.terms.values()].reduce((n, x) => n + x, 0)),
      ],
    );
  }
}
