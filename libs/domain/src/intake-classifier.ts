/**
 * Intake classification (分类与主题标注) from keyword rules in config/intake.json: pure, so the rules
 * can be tested as a table.
 */
export interface IntakeRules {
  categories: Array<{ name: string; keywords: string[] }>;
  themes: Array<{ tag: string; keywords: string[] }>;
  /** Themes whose proposals the supervision office follows closely (e.g. 营商环境). */
  alertThemes: string[];
}

export interface Classification {
  category: string | null;
  themes: string[];
  /** Which keywords decided it, for the timeline. */
  matched: Record<string, string[]>;
}

const count = (text: string, word: string): number => text.split(word).length - 1;

/** Keyword matching by tokens (TextFeatures): 健康 does not fire inside 健康发展, 环境 inside 营商环境. */
export interface KeywordMatcher {
  words(text: string): string[];
  keywordCount(words: readonly string[], keyword: string): number;
}

/** Collapses white space (including full-width spaces) and trims: titles arrive from Word, forms and scans. */
export function normaliseText(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

export function classifyProposal(title: string, content: string, rules: IntakeRules, matcher?: KeywordMatcher): Classification {
  const titleWords = matcher?.words(title) ?? [];
  const contentWords = matcher?.words(content) ?? [];
  const inTitle = (k: string) => (matcher ? matcher.keywordCount(titleWords, k) : count(title, k));
  const inContent = (k: string) => (matcher ? matcher.keywordCount(contentWords, k) : count(content, k));
  const score = (keywords: string[]) => keywords.reduce((n, k) => n + 3 * inTitle(k) + inContent(k), 0);
  const matched: Record<string, string[]> = {};
  let best: { name: string; score: number } | null = null;
  for (const c of rules.categories) {
    const s = score(c.keywords);
    if (s > 0 && (!best || s > best.score)) best = { name: c.name, score: s };
  }
  if (best) matched[best.name] = rules.categories.find((c) => c.name === best!.name)!.keywords.filter((k) => inTitle(k) + inContent(k) > 0);
  const themes = rules.themes.filter((t) => score(t.keywords) > 0).map((t) => t.tag);
  for (const t of rules.themes.filter((x) => themes.includes(x.tag))) matched[t.tag] = t.keywords.filter((k) => inTitle(k) + inContent(k) > 0);
  return { category: best?.name ?? null, themes, matched };
}
