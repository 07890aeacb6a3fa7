import { readFileSync } from 'node:fs';
import { TextFeatures, Tokenizer, type IntakeRules, type RoutingConfig, type RoutingModelOptions } from '#domain';

/** How similar proposals are found and flagged (config/intake.json `similarity`). */
export interface SimilaritySettings {
  /** At or above this cosine (0..1) a similar earlier proposal is a duplicate: a merge (并案) candidate. */
  duplicateThreshold: number;
  /** Similar proposals under this cosine are not stored. */
  minScore: number;
  /** How many similar proposals are stored per proposal. */
  maxResults: number;
  /** The title counts this many times the content (it states the subject). */
  titleWeight: number;
  /** Added to the tokenizer's default stop words. */
  stopWords: string[];
}

/** The whole of config/intake.json: classification, similarity and routing rules. */
export interface IntakeConfig extends IntakeRules {
  similarity: SimilaritySettings;
  routing: RoutingConfig & { model?: RoutingModelOptions };
  /** Variant and synonym names folded to one form (canonical → variants), added to the built-in list. */
  normalisation?: { variants?: Record<string, string[]> };
}

export const DEFAULT_SIMILARITY: SimilaritySettings = { duplicateThreshold: 0.4, minScore: 0.12, maxResults: 10, titleWeight: 2, stopWords: [] };

/** Provider token of the loaded IntakeConfig. */
export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');

export function loadIntakeConfig(path = process.env.DUBAN_INTAKE_CONFIG ?? 'config/intake.json'): IntakeConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<IntakeConfig> & IntakeRules;
  const similarity = { ...DEFAULT_SIMILARITY, ...raw.similarity };
  if (!(similarity.duplicateThreshold > 0 && similarity.duplicateThreshold <= 1)) throw new Error(`${path}: similarity.duplicateThreshold must be in (0, 1]`);
  const routing: RoutingConfig = { rules: [], categoryUnits: {}, ...raw.routing };
  return { ...raw, similarity, routing };
}

/**
 * The tokenizer for this configuration: every keyword of the classification and routing rules is a
 * user word, so jieba keeps 营商环境, 一网通办, 老旧小区, 加装电梯… whole.
 */
export function tokenizerFor(config: IntakeConfig): Tokenizer {
  const userWords = [
    ...config.categories.flatMap((c) => c.keywords),
    ...config.themes.flatMap((t) => t.keywords),
    ...config.routing.rules.flatMap((r) => r.keywords),
  ];
  return new Tokenizer({ userWords, stopWords: config.similarity.stopWords });
}

/**
 * The features of similarity and routing (issue 16): words and character bigrams, variants folded,
 * administrative boilerplate dropped. The config's keywords are not user words here: a phrase kept
 * whole no longer met its head word (养老服务 vs 养老); bigrams inside words make them meet.
 */
export function textFeaturesFor(config: IntakeConfig): TextFeatures {
  return new TextFeatures({ stopWords: config.similarity.stopWords, variants: config.normalisation?.variants });
}

/** Bumped when the features change: documents of an older version are recomputed by the workers. */
export const FEATURES_VERSION = 2;
