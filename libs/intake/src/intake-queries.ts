import type { DataSource } from 'typeorm';
import { DEFAULT_MERGE_THRESHOLD, featureLabel, isMergeTarget, suggestUnitsFromModel, type HandledSimilar, type SuggestionReason } from '#domain';
import { type Actor, loadProposal, requireRole, STAFF, iso, type IntakeConfig } from '#kernel';
import { UnitRouting } from './unit-routing.js';


export interface SimilarProposalView {
  proposalId: string;
  sessionId: string;
  sessionName: string;
  number: number | null;
  title: string;
  status: string;
  leadProposerName: string;
  /** TF-IDF cosine, 0..1. */
  score: number;
  rank: number;
  /** A merge (并案) candidate: the merge classifier's probability at or above its threshold (short texts), else the cosine at or above the duplicate threshold. */
  duplicate: boolean;
  /** The merge classifier's probability that both are the same subject (0..1), null where the cosine decided (longer texts). */
  mergeProbability: number | null;
  sharedTerms: string[];
  sameSession: boolean;
  /** Where a merge would go: the similar proposal, or the proposal it was itself merged into. */
  mergeIntoId: string | null;
  /** A merge into mergeIntoId is possible now (same session, a live target, this one still submitted). */
  mergeable: boolean;
}

export interface SimilarProposalsView {
  proposalId: string;
  /** 'pending' until the intake job has looked (or looked at an older text). */
  status: 'pending' | 'done';
  computedAt: string | null;
  /** The cosine a longer text's similar proposal must reach to be a merge candidate. */
  threshold: number;
  /** The merge classifier's probability a short text's similar proposal must reach (并案把握). */
  mergeThreshold: number;
  items: SimilarProposalView[];
}

export interface RoutingSuggestionView {
  unitId: string;
  unitCode: string;
  unitName: string;
  rank: number;
  score: number;
  /** The model's calibrated probability that this unit should lead (0..1). */
  confidence: number;
  /** 把握: high, medium or low — the UI says when it is unsure. */
  certainty: 'high' | 'medium' | 'low';
  reasons: SuggestionReason[];
}

interface SimilarRow {
  similar_id: string;
  rank: number;
  score: number;
  duplicate: boolean;
  merge_probability: number | null;
  shared_terms: string[];
  computed_at: Date;
  session_id: string;
  session_name: string;
  number: number | null;
  title: string;
  status: string;
  merged_into_id: string | null;
  lead_proposer_name: string;
}

/** The reads of smart intake: a proposal's similar proposals and the units suggested to handle it. */
export class IntakeQueries {
  private readonly routing: UnitRouting;

  constructor(
    private readonly ds: DataSource,
    private readonly config: IntakeConfig,
  ) {
    this.routing = new UnitRouting(ds, config);
  }

  /** GET /proposals/:id/similar: staff only (a similar proposal may be one the caller could not otherwise see). */
  async similar(actor: Actor, proposalId: string): Promise<SimilarProposalsView> {
    requireRole(actor, ...STAFF);
    const proposal = await loadProposal(this.ds.manager, actor, proposalId);
    const [doc]: Array<{ searched_at: Date | null; current: boolean }> = await this.ds.query(
      `SELECT searched_at, searched_md5 IS NOT DISTINCT FROM text_md5 AS current FROM similarity_documents WHERE proposal_id = $1`,
      [proposalId],
    );
    const rows = await this.similarRows(proposalId);
    const mergeFrom = proposal.status === 'submitted';
    return {
      proposalId,
      status: doc?.searched_at && doc.current ? 'done' : 'pending',
      computedAt: iso(doc?.searched_at),
      threshold: this.config.similarity.duplicateThreshold,
      mergeThreshold: this.config.similarity.merge?.threshold ?? DEFAULT_MERGE_THRESHOLD,
      items: rows.map((r) => {
        const mergeIntoId = r.status === 'merged' ? r.merged_into_id : r.similar_id;
        const sameSession = r.session_id === proposal.sessionId;
        return {
          proposalId: r.similar_id,
          sessionId: r.session_id,
          sessionName: r.session_name,
          number: r.number,
          title: r.title,
          status: r.status,
          leadProposerName: r.lead_proposer_name,
          score: Math.round(r.score * 10_000) / 10_000,
          rank: r.rank,
          duplicate: r.duplicate,
          mergeProbability: r.merge_probability,
          // As people read them: a bigram as its characters, a concept as 欠薪（主题）; once each.
          sharedTerms: [...new Set(r.shared_terms.map(featureLabel))],
          sameSession,
          mergeIntoId,
          mergeable: mergeFrom && sameSession && mergeIntoId !== null && mergeIntoId !== proposal.id && (r.status === 'merged' || isMergeTarget(r.status)),
        };
      }),
    };
  }

  /**
   * GET /proposals/:id/routing-suggestions: keyword and category rules, and the units that handled
   * the most similar earlier proposals (their live assignments, as of now), ranked with reasons.
   */
  async routingSuggestions(actor: Actor, proposalId: string): Promise<{ proposalId: string; similarityStatus: 'pending' | 'done'; items: RoutingSuggestionView[] }> {
    requireRole(actor, ...STAFF);
    const proposal = await loadProposal(this.ds.manager, actor, proposalId);
    const similar = await this.similarRows(proposalId);
    const assignments: Array<{ proposal_id: string; code: string; role: 'lead' | 'co' | 'separate' }> = similar.length
      ? await this.ds.query(
          `SELECT a.proposal_id, u.code, a.role FROM assignments a JOIN units u ON u.id = a.unit_id
            WHERE a.proposal_id = ANY($1::uuid[]) AND a.state <> 'removed'
            ORDER BY CASE a.role WHEN 'lead' THEN 0 WHEN 'separate' THEN 1 ELSE 2 END, u.code`,
          [similar.map((s) => s.similar_id)],
        )
      : [];
    const history: HandledSimilar[] = similar
      .map((s) => ({
        proposalId: s.similar_id,
        label: `${s.session_name}${s.number != null ? `第${s.number}号` : ''}《${s.title}》`,
        score: s.score,
        units: assignments.filter((a) => a.proposal_id === s.similar_id).map((a) => ({ code: a.code, role: a.role })),
      }))
      .filter((h) => h.units.length > 0);
    const model = await this.routing.current();
    const features = this.routing.features.proposalFeatures(proposal.title, proposal.content, this.config.similarity.titleWeight);
    const suggestions = suggestUnitsFromModel(proposal, model.predict(features, { limit: 10 }), this.config.routing, history, this.routing.features);
    const units: Array<{ id: string; code: string; name: string }> = suggestions.length
      ? await this.ds.query(`SELECT id, code, name FROM units WHERE code = ANY($1::text[]) AND active AND kind = 'department'`, [suggestions.map((s) => s.unit)])
      : [];
    const byCode = new Map(units.map((u) => [u.code, u]));
    const [doc]: Array<{ done: boolean }> = await this.ds.query(
      `SELECT searched_at IS NOT NULL AND searched_md5 IS NOT DISTINCT FROM text_md5 AS done FROM similarity_documents WHERE proposal_id = $1`,
      [proposalId],
    );
    return {
      proposalId,
      similarityStatus: doc?.done ? 'done' : 'pending',
      items: suggestions
        .filter((s) => byCode.has(s.unit))
        .map((s, i) => ({ unitId: byCode.get(s.unit)!.id, unitCode: s.unit, unitName: byCode.get(s.unit)!.name, rank: i + 1, score: s.score,
          confidence: s.confidence ?? 0, certainty: s.certainty ?? 'low', reasons: s.reasons })),
    };
  }

  private similarRows(proposalId: string): Promise<SimilarRow[]> {
    return this.ds.query(
      `SELECT s.similar_id, s.rank, s.score, s.duplicate, s.merge_probability, s.shared_terms, s.computed_at,
              p.session_id, ss.name AS session_name, p.number, p.title, p.status, p.merged_into_id, pr.name AS lead_proposer_name
         FROM proposal_similarities s
         JOIN proposals p ON p.id = s.similar_id
         JOIN sessions ss ON ss.id = p.session_id
         JOIN proposers pr ON pr.id = p.lead_proposer_id
        WHERE s.proposal_id = $1
        ORDER BY s.rank`,
      [proposalId],
    );
  }
}
