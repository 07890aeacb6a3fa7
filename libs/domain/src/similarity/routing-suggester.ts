/**
 * Routing suggestions (承办单位建议): which units should handle a proposal, ranked, each with its
 * reasons. Three kinds of evidence, all data:
 *  - keyword rules from config/intake.json (`routing.rules`: keywords → unit codes, e.g. 老旧小区 →
 *    zhujian), a title hit counting more than a content hit;
 *  - the category (`routing.categoryUnits`: 教育 → jiaoyu);
 *  - history: the units that handled the most similar earlier proposals, weighted by similarity.
 * Pure: the caller supplies the proposal, the rules and the similar proposals with their units.
 */

export interface RoutingRule {
  /** Any of these words in the title or content fires the rule. */
  keywords: string[];
  /** Unit codes, the usual lead first. */
  units: string[];
}

export interface RoutingConfig {
  rules: RoutingRule[];
  /** Category (from the classifier or the submitter) → unit codes. */
  categoryUnits: Record<string, string[]>;
  weights?: Partial<RoutingWeights>;
  /** How many units to suggest (default 5). */
  maxSuggestions?: number;
}

export interface RoutingWeights {
  keyword: number;
  category: number;
  history: number;
  /** A title hit counts this many content hits. */
  titleHit: number;
}

export const DEFAULT_ROUTING_WEIGHTS: RoutingWeights = { keyword: 1, category: 0.35, history: 1.2, titleHit: 3 };

/** An earlier similar proposal and the units that handled it. */
export interface HandledSimilar {
  proposalId: string;
  /** How people name it, e.g. '市政协十届一次会议第12号《关于…》'. */
  label: string;
  /** Cosine similarity, 0..1. */
  score: number;
  units: Array<{ code: string; role: 'lead' | 'co' | 'separate' }>;
}

export type SuggestionReason =
  | { kind: 'keyword'; text: string; keywords: string[]; titleHits: number; contentHits: number }
  | { kind: 'duties'; text: string; words: string[] }
  | { kind: 'learned'; text: string; words: string[]; assignments: number }
  | { kind: 'category'; text: string; category: string }
  | { kind: 'history'; text: string; proposalId: string; similarity: number; role: 'lead' | 'co' | 'separate' };

export interface UnitSuggestion {
  unit: string;
  /** 0..1-ish, for ordering and display; the reasons say why. */
  score: number;
  reasons: SuggestionReason[];
  /** The model's calibrated probability that this unit should lead (0..1), when a model ranked it. */
  confidence?: number;
  /** 把握: high ≥ 0.6, medium ≥ 0.3, else low — so the UI can say when it is unsure. */
  certainty?: 'high' | 'medium' | 'low';
}

import type { RoutingPrediction } from './routing-model.js';
import type { TextFeatures } from './text-features.js';

const count = (text: string, word: string): number => (word ? text.split(word).length - 1 : 0);
const saturate = (x: number, scale: number): number => 1 - Math.exp(-x / scale);
const ROLE_WEIGHT = { lead: 1, separate: 0.8, co: 0.4 } as const;
const ROLE_LABEL = { lead: '主办', separate: '分办', co: '协办' } as const;

/** A keyword rule that fired on a proposal: its words found, where, and how strongly (0–1). */
interface RuleHit {
  units: readonly string[];
  keywords: string[];
  titleHits: number;
  contentHits: number;
  strength: number;
}

/**
 * The keyword rules that fire, counted by `inTitle`/`inContent` (substrings in the baseline,
 * whole words in the model's suggester); a keyword counts at most 5 times in the text.
 */
function ruleHits(rules: RoutingConfig['rules'], inTitle: (k: string) => number, inContent: (k: string) => number, titleHit: number): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const rule of rules) {
    const found = rule.keywords.map((k) => ({ k, title: inTitle(k), content: Math.min(inContent(k), 5) })).filter((x) => x.title + x.content > 0);
    if (found.length === 0) continue;
    const titleHits = found.reduce((n, x) => n + x.title, 0);
    const contentHits = found.reduce((n, x) => n + x.content, 0);
    hits.push({ units: rule.units, keywords: found.map((x) => x.k), titleHits, contentHits, strength: saturate(titleHit * titleHits + contentHits, 4) });
  }
  return hits;
}

/** The reason a fired rule gives for its i-th unit (the first leads, the others 配合). */
function keywordReason(hit: RuleHit, i: number): SuggestionReason {
  const where = [hit.titleHits ? `标题${hit.titleHits}处` : '', hit.contentHits ? `正文${hit.contentHits}处` : ''].filter(Boolean).join('、');
  return { kind: 'keyword', text: `关键词${quote(hit.keywords)}（${where}）属该单位职责${i === 0 ? '' : '（配合）'}`, keywords: hit.keywords, titleHits: hit.titleHits, contentHits: hit.contentHits };
}

export function suggestUnits(
  proposal: { title: string; content: string; category?: string | null },
  config: RoutingConfig,
  similar: readonly HandledSimilar[] = [],
): UnitSuggestion[] {
  const w = { ...DEFAULT_ROUTING_WEIGHTS, ...config.weights };
  const byUnit = new Map<string, { keyword: number; category: number; history: number; reasons: SuggestionReason[] }>();
  const entry = (unit: string) => {
    let e = byUnit.get(unit);
    if (!e) byUnit.set(unit, (e = { keyword: 0, category: 0, history: 0, reasons: [] }));
    return e;
  };

  // Keyword rules: per unit, the strongest rule counts (several rules of one unit do not pile up).
  for (const hit of ruleHits(config.rules, (k) => count(proposal.title, k), (k) => count(proposal.content, k), w.titleHit)) {
    hit.units.forEach((unit, i) => {
      const e = entry(unit);
      const s = hit.strength * (i === 0 ? 1 : 0.6);
      if (s <= e.keyword) return;
      e.keyword = s;
      e.reasons = e.reasons.filter((r) => r.kind !== 'keyword');
      e.reasons.push(keywordReason(hit, i));
    });
  }

  if (proposal.category) {
    (config.categoryUnits[proposal.category] ?? []).forEach((unit, i) => {
      const e = entry(unit);
      e.category = i === 0 ? 1 : 0.5;
      e.reasons.push({ kind: 'category', text: `提案类别“${proposal.category}”归口该单位`, category: proposal.category! });
    });
  }

  // History: the similarity-weighted count of similar proposals each unit handled.
  const ranked = [...similar].sort((a, b) => b.score - a.score);
  const historyMass = new Map<string, number>();
  for (const s of ranked) {
    for (const u of s.units) {
      const mass = s.score * ROLE_WEIGHT[u.role];
      historyMass.set(u.code, (historyMass.get(u.code) ?? 0) + mass);
      const e = entry(u.code);
      if (e.reasons.filter((r) => r.kind === 'history').length < 3) {
        e.reasons.push({
          kind: 'history',
          text: `相似提案${s.label}（相似度${Math.round(s.score * 100)}%）由该单位${ROLE_LABEL[u.role]}`,
          proposalId: s.proposalId,
          similarity: s.score,
          role: u.role,
        });
      }
    }
  }
  for (const [unit, mass] of historyMass) entry(unit).history = saturate(mass, 0.5);

  const total = w.keyword + w.category + w.history;
  return [...byUnit.entries()]
    .map(([unit, e]) => ({
      unit,
      score: Math.round(((w.keyword * e.keyword + w.category * e.category + w.history * e.history) / total) * 1000) / 1000,
      reasons: e.reasons,
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (a.unit < b.unit ? -1 : 1))
    .slice(0, config.maxSuggestions ?? 5);
}

const certaintyOf = (p: number): 'high' | 'medium' | 'low' => (p >= 0.6 ? 'high' : p >= 0.3 ? 'medium' : 'low');
const quote = (ws: readonly string[]) => `“${ws.join('”“')}”`;

/**
 * Routing suggestions from the learned model (issue 16): the model's calibrated probabilities rank
 * the units, with reasons a person can check — the words of the proposal found in the unit's duties
 * (职能) and in the proposals it led before, and the most similar earlier proposals it handled.
 * Keyword rules (config `routing.rules`), when a city writes them, stay as an override: a rule
 * matching whole words adds `weights.keyword` × its strength to its units' score (lead 1, others
 * 0.6). Keywords match as tokens, so 健康 no longer fires inside 健康发展 nor 环境 inside 营商环境.
 */
export function suggestUnitsFromModel(
  proposal: { title: string; content: string },
  predictions: readonly RoutingPrediction[],
  config: RoutingConfig,
  similar: readonly HandledSimilar[],
  features: TextFeatures,
): UnitSuggestion[] {
  const w = { ...DEFAULT_ROUTING_WEIGHTS, ...config.weights };
  const ruleWeight = config.weights?.keyword === undefined ? 0.5 : w.keyword * 0.5;
  const byUnit = new Map<string, { score: number; confidence: number; reasons: SuggestionReason[] }>();
  const entry = (unit: string) => {
    let e = byUnit.get(unit);
    if (!e) byUnit.set(unit, (e = { score: 0, confidence: 0, reasons: [] }));
    return e;
  };
  for (const p of predictions) {
    const e = entry(p.unit);
    e.score += p.probability;
    e.confidence = p.probability;
    const duty = p.evidence.filter((x) => x.source !== 'history').slice(0, 5).map((x) => x.label);
    const learned = p.evidence.filter((x) => x.source !== 'duties').slice(0, 5).map((x) => x.label);
    if (duty.length) e.reasons.push({ kind: 'duties', text: `提案中的${quote(duty)}属该单位职能`, words: duty });
    if (learned.length && p.learned > 0) {
      e.reasons.push({ kind: 'learned', text: `该单位已主办的${p.learned}件提案多涉及${quote(learned)}`, words: learned, assignments: p.learned });
    }
  }
  if (config.rules.length > 0) {
    const titleWords = features.words(proposal.title);
    const contentWords = features.words(proposal.content);
    for (const hit of ruleHits(config.rules, (k) => features.keywordCount(titleWords, k), (k) => features.keywordCount(contentWords, k), w.titleHit)) {
      hit.units.forEach((unit, i) => {
        const e = entry(unit);
        const ruleStrength = hit.strength * (i === 0 ? 1 : 0.6);
        e.score += ruleWeight * ruleStrength;
        // A rule is the city's own word on who does what: strong evidence, combined with the model's as
        // independent evidence (noisy-OR), so a unit named by a firing rule is never shown as 把握较低（约0%）.
        e.confidence = 1 - (1 - e.confidence) * (1 - 0.9 * ruleStrength);
        if (!e.reasons.some((r) => r.kind === 'keyword')) e.reasons.push(keywordReason(hit, i));
      });
    }
  }
  for (const s of [...similar].sort((a, b) => b.score - a.score)) {
    for (const u of s.units) {
      const e = byUnit.get(u.code);
      if (!e || e.reasons.filter((r) => r.kind === 'history').length >= 3) continue;
      e.reasons.push({ kind: 'history', text: `相似提案${s.label}（相似度${Math.round(s.score * 100)}%）由该单位${ROLE_LABEL[u.role]}`, proposalId: s.proposalId, similarity: s.score, role: u.role });
    }
  }
  return [...byUnit.entries()]
    .map(([unit, e]) => ({ unit, score: Math.round(e.score * 1000) / 1000, confidence: Math.round(e.confidence * 1000) / 1000, certainty: certaintyOf(e.confidence), reasons: e.reasons }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (a.unit < b.unit ? -1 : 1))
    .slice(0, config.maxSuggestions ?? 5);
}
