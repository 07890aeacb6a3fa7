import Joi from 'joi';
import { DUBAN_ENV_DEFAULTS, loadConfigFile } from '#common';
import { MERGE_FEATURES, type IntakeRules, type MergeModelWeights, type RoutingConfig, type RoutingModelOptions } from '#domain';

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
  /** The merge (并案) classifier of short texts; absent: its built-in weights and threshold. */
  merge?: MergeSettings;
}

/** config/intake.json `similarity.merge`: when and how the pair classifier flags merge candidates. */
export interface MergeSettings {
  /** At or above this probability a similar earlier proposal of a short text is a merge candidate. */
  threshold?: number;
  /**
   * Both contents at most this many characters: the classifier judges the pair (it was trained on
   * a title plus a one-sentence summary); longer texts keep the cosine `duplicateThreshold`. 0: never.
   */
  shortTextMaxLength?: number;
  /** Weights refitted on a city's own labelled pairs (`npm run eval:intake -- --fit`). */
  model?: MergeModelWeights;
}

/** The whole of config/intake.json: classification, similarity and routing rules. */
export interface IntakeConfig extends IntakeRules {
  similarity: SimilaritySettings;
  routing: RoutingConfig & { model?: RoutingModelOptions };
  /**
   * Variant and synonym names folded to one form (canonical → variants), added to the built-in list;
   * subject concepts (concept → terms, added to the built-in dictionary; a new id is a new concept)
   * and how much a found concept counts (`conceptWeight`, 0 turns concept features off).
   */
  normalisation?: { variants?: Record<string, string[]>; concepts?: Record<string, string[]>; conceptWeight?: number };
}

export const DEFAULT_SIMILARITY: SimilaritySettings = { duplicateThreshold: 0.4, minScore: 0.12, maxResults: 10, titleWeight: 2, stopWords: [] };

/** Provider token of the loaded IntakeConfig (DubanCoreModule: read once, from DUBAN_INTAKE_CONFIG). In the kernel: the alert themes are built from it. */
export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');

const word = () => Joi.string().min(1);
const words = () => Joi.array().items(word());
const unitCodes = () => Joi.array().items(word()).min(1);
const weight = () => Joi.number().min(0);

/** config/intake.json, as Joi checks it: unknown keys are refused (a typo is not silently ignored). */
export const intakeConfigSchema: Joi.ObjectSchema<IntakeConfig> = Joi.object<IntakeConfig & { $comment?: string }>({
  $comment: Joi.string(),
  categories: Joi.array().items(Joi.object({ name: word().required(), keywords: words().min(1).required() })).min(1).required(),
  themes: Joi.array().items(Joi.object({ tag: word().required(), keywords: words().min(1).required() })).required(),
  alertThemes: words().required(),
  similarity: Joi.object({
    duplicateThreshold: Joi.number().greater(0).max(1).default(DEFAULT_SIMILARITY.duplicateThreshold),
    minScore: Joi.number().min(0).max(1).default(DEFAULT_SIMILARITY.minScore),
    maxResults: Joi.number().integer().min(1).default(DEFAULT_SIMILARITY.maxResults),
    titleWeight: weight().default(DEFAULT_SIMILARITY.titleWeight),
    stopWords: words().default([]),
    merge: Joi.object({
      threshold: Joi.number().greater(0).less(1),
      shortTextMaxLength: Joi.number().integer().min(0),
      model: Joi.object({ bias: Joi.number().required(), weights: Joi.object(Object.fromEntries(MERGE_FEATURES.map((f) => [f, Joi.number().required()]))).required() }),
    }),
  }).default(),
  normalisation: Joi.object({
    variants: Joi.object().pattern(Joi.string(), words()),
    concepts: Joi.object().pattern(Joi.string().min(2), Joi.array().items(Joi.string().min(2).max(30))),
    conceptWeight: Joi.number().integer().min(0).max(5),
  }),
  routing: Joi.object({
    rules: Joi.array().items(Joi.object({ keywords: words().min(1).required(), units: unitCodes().required() })).default([]),
    categoryUnits: Joi.object().pattern(Joi.string(), unitCodes()).default({}),
    weights: Joi.object({ keyword: weight(), category: weight(), history: weight(), titleHit: weight() }),
    maxSuggestions: Joi.number().integer().min(1),
    model: Joi.object({ mu: Joi.number().greater(0), dutyWeight: weight(), temperature: Joi.number().greater(0) }),
  }).default(),
}).custom((config: IntakeConfig, helpers) => {
  const tags = new Set(config.themes.map((t) => t.tag));
  const unknown = config.alertThemes.filter((t) => !tags.has(t));
  return unknown.length > 0 ? helpers.message({ custom: `alertThemes names ${unknown.join(', ')}, which is no theme's tag` }) : config;
});

/** Reads and validates config/intake.json (or `path`); a ConfigFileError names the file and every bad field. */
export function loadIntakeConfig(path: string = DUBAN_ENV_DEFAULTS.DUBAN_INTAKE_CONFIG): IntakeConfig {
  return loadConfigFile(path, intakeConfigSchema);
}

/**
 * The classification rules of config/intake.json (or `path`), validated: for scripts and tests. The
 * processes inject the IntakeConfig the core loaded once (INTAKE_CONFIG).
 */
export const loadIntakeRules = (path?: string): IntakeRules => loadIntakeConfig(path);
