import { TextFeatures, Tokenizer } from '#domain';
import type { IntakeConfig } from '#kernel';

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
  const n = config.normalisation;
  return new TextFeatures({ stopWords: config.similarity.stopWords, variants: n?.variants, concepts: n?.concepts, conceptWeight: n?.conceptWeight });
}

/**
 * Bumped when the features change: documents of an older version are recomputed by the workers (3: the
 * administrative stop words of every level, 我社区/本乡/全村/村里…; 4: the subject concepts, §欠薪 §供电质量…; 5: concepts
 * that bundled different objects split, §果业 §茶产业 beside §特色农业…).
 */
export const FEATURES_VERSION = 5;
