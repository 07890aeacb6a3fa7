import { createRequire } from 'node:module';

/**
 * Chinese word segmentation for similarity (相似提案) over @node-rs/jieba: a proposal's text becomes
 * the multiset of its content words. Stop words (function words, the boilerplate every proposal
 * shares: 关于、提案、建议、进一步、我市…) and single characters are dropped; ASCII is lower-cased
 * and full-width forms folded (NFKC). Deterministic and free of I/O once the dictionary is loaded.
 */

/** The minimal surface of jieba this module uses (the native module is loaded lazily). */
export interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
  cutAll(sentence: string): string[];
  loadDict(dict: Uint8Array): void;
}

const require = createRequire(import.meta.url);
let baseJieba: JiebaLike | null = null;
const withUserWords = new Map<string, JiebaLike>();

/**
 * One jieba per set of user words: loading the dictionary takes ~0.3 s, so it happens once per
 * process, on first use (not on import: processes that never tokenize never pay for it).
 */
export function jiebaFor(userWords: readonly string[] = []): JiebaLike {
  const key = [...userWords].sort().join('\n');
  const cached = key === '' ? baseJieba : withUserWords.get(key);
  if (cached) return cached;
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } };
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const jieba = Jieba.withDict(dict);
  if (key === '') {
    baseJieba = jieba;
  } else {
    // A high frequency makes jieba keep the user's phrase (营商环境, 一网通办, 老旧小区) as one word.
    jieba.loadDict(Buffer.from(userWords.map((w) => `${w.replace(/\s+/g, '')} 200000 n`).join('\n') + '\n'));
    withUserWords.set(key, jieba);
  }
  return jieba;
}

/** Function words and the phrases every proposal uses, whatever its subject. */
export const DEFAULT_STOP_WORDS: readonly string[] = [
  // function words, pronouns, conjunctions
  '的', '了', '和', '与', '及', '以及', '或', '或者', '等', '等等', '在', '对', '为', '将', '把', '被', '从', '向', '由', '于', '以', '而', '并',
  '且', '也', '都', '就', '还', '又', '更', '很', '最', '已', '已经', '正在', '我们', '我', '你', '他们', '其', '该', '此', '这', '那', '这些',
  '那些', '这个', '那个', '一些', '一个', '一种', '有', '是', '不', '没有', '可以', '能够', '能', '会', '应', '应该', '应当', '需要', '要',
  '因此', '所以', '但是', '但', '然而', '虽然', '如果', '通过', '根据', '按照', '为了', '对于', '由于', '其中', '之一', '以上', '以下', '如下',
  '同时', '另外', '此外', '首先', '其次', '最后', '一是', '二是', '三是', '四是', '五是', '六是', '第一', '第二', '第三', '第四', '第五',
  '一方面', '另一方面', '方面', '情况', '方式', '进行', '开展', '给予', '作为', '成为', '具有', '存在', '出现', '造成', '导致', '使得', '形成',
  '比较', '较为', '非常', '十分', '特别', '尤其', '一定', '部分', '很多', '许多', '大量', '不少', '较多', '较大', '较少', '逐步', '逐渐', '尽快',
  '目前', '当前', '现在', '近年来', '近年', '今年', '去年', '明年', '每年', '年来', '以来', '期间', '过程', '之间', '之后', '之前', '以后',
  // the boilerplate of proposals and suggestions (提案、建议、议案)
  '关于', '提案', '建议', '议案', '意见', '问题', '工作', '提出', '几点', '下面', '相关', '有关', '部门', '单位', '各级', '政府', '市政府',
  '加强', '加大', '加快', '推进', '推动', '进一步', '持续', '不断', '积极', '切实', '有效', '着力', '大力', '全面', '深入', '提高', '提升',
  '完善', '建立', '健全', '实现', '做好', '落实', '强化', '优化', '改善', '解决', '保障', '支持', '鼓励', '引导', '促进', '确保', '坚持',
  '我市', '本市', '全市', '市里', '市区', '城市', '平顶山', '平顶山市', '鹰城', '河南', '河南省', '群众', '市民', '人民', '社会', '发展',
  '建设', '管理', '服务', '水平', '能力', '机制', '体系', '措施', '政策', '力度', '作用', '重要', '主要', '有关部门', '相关部门', '职能部门',
];

export interface TokenizerOptions {
  /** Added to the default stop words. */
  stopWords?: Iterable<string>;
  /** Phrases jieba must keep whole (from config: 营商环境, 一网通办, 老旧小区, 加装电梯…). */
  userWords?: readonly string[];
}

const HAN_OR_ALNUM = /[\p{Script=Han}a-z0-9]/u;
const ONLY_DIGITS = /^[0-9.]+$/;

export class Tokenizer {
  private readonly stop: Set<string>;
  private readonly userWords: readonly string[];

  constructor(options: TokenizerOptions = {}) {
    this.stop = new Set([...DEFAULT_STOP_WORDS, ...(options.stopWords ?? [])]);
    this.userWords = [...new Set(options.userWords ?? [])].filter((w) => w.trim().length > 1);
  }

  /** The content words of a text, in order, with repetitions. */
  tokenize(text: string): string[] {
    const normalised = text.normalize('NFKC').toLowerCase();
    const out: string[] = [];
    for (const raw of jiebaFor(this.userWords).cut(normalised, true)) {
      const word = raw.trim();
      if (word.length < 2 || !HAN_OR_ALNUM.test(word) || ONLY_DIGITS.test(word) || this.stop.has(word)) continue;
      out.push(word);
    }
    return out;
  }

  /** Term → count. */
  termCounts(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const t of this.tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  }

  /** A proposal's terms: the title counts `titleWeight` times (it states the subject), then the content. */
  proposalTerms(title: string, content: string, titleWeight = 2): Map<string, number> {
    const counts = this.termCounts(content);
    for (const [t, n] of this.termCounts(title)) counts.set(t, (counts.get(t) ?? 0) + n * titleWeight);
    return counts;
  }
}
