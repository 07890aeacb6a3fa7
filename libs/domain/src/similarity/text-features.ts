import { ConceptMatcher, mergeConcepts } from './subject-concepts.js';
import { Tokenizer, type TokenizerOptions } from './tokenizer.js';

/**
 * Features of short proposal texts (a title and a sentence or two) for routing and similarity:
 * variant and synonym names folded to one form (公厕 → 公共厕所, 电瓶车 → 电动自行车), the
 * boilerplate of every administrative level dropped (我县、我区、县城、城区…), then jieba words plus
 * the character bigrams inside longer words, so a phrase still meets its head word (养老服务 and
 * 养老, 电动自行车 and 自行车) whatever the segmenter keeps whole, plus the subject concepts of the
 * text (subject-concepts.ts: 讨薪/拿不到工钱 → 欠薪, 停电/电压不稳 → 供电质量), so texts written in other
 * words still meet. Bigram features are prefixed with `BIGRAM`, concepts with `CONCEPT`, so they
 * never collide with a word.
 */

/** Canonical form → variants (变体、同义词). Extended by config/intake.json `normalisation.variants`. */
export const DEFAULT_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  电动自行车: ['电动车', '电瓶车', '电单车', '电动单车', '电摩'],
  公共厕所: ['公厕', '公共卫生间'],
  加装电梯: ['加梯', '增设电梯', '增装电梯'],
  老旧小区: ['老小区', '老旧住宅小区', '老旧住宅区'],
  塌陷区: ['沉陷区', '塌陷地', '沉陷地'],
  充电桩: ['充电设施', '充电站', '充电基础设施'],
  新能源汽车: ['电动汽车', '新能源车'],
  家庭医生: ['家庭医师'],
  异地就医: ['跨省就医', '跨省看病', '异地看病'],
  老年人: ['老人', '长者', '老年群体', '老年朋友'],
  助餐: ['食堂就餐', '吃饭难', '就餐难'],
  不动产权证: ['房产证', '产权证', '不动产证', '房屋产权证', '不动产权证书'],
  欠薪: ['拖欠工资', '拖欠农民工工资', '欠付工资'],
  网约车: ['网络预约出租汽车'],
  残疾人: ['残障人士', '残疾人士'],
  听障: ['聋哑', '听力残疾'],
  退役军人: ['退伍军人', '退伍士兵', '复员军人', '转业军人'],
  外卖骑手: ['外卖小哥', '外卖员'],
  快递员: ['快递小哥'],
  新就业形态: ['新业态'],
  夜间经济: ['夜经济'],
  农村: ['乡村'],
  课后服务: ['托管服务', '延时服务', '放学后托管'],
  预付式消费: ['预付卡', '办卡充值'],
  垃圾分类: ['生活垃圾分类'],
  户外劳动者: ['环卫工', '户外工作者'],
  驿站: ['歇脚点', '休息点'],
  诈骗: ['骗局', '受骗'],
  内涝: ['积水'],
};

/** The boilerplate of every administrative level: how a text names its own place. */
export const ADMINISTRATIVE_STOP_WORDS: readonly string[] = [
  // 我/本/全 × every level, from the province to the village and the community (社区).
  '我省', '我市', '我州', '我盟', '我县', '我区', '我旗', '我镇', '我乡', '我街道', '我村', '我社区',
  '本省', '本市', '本州', '本盟', '本县', '本区', '本旗', '本镇', '本乡', '本街道', '本村', '本社区', '本地',
  '全省', '全市', '全州', '全盟', '全县', '全区', '全旗', '全镇', '全乡', '全街道', '全村', '全社区',
  '当地', '辖区', '县城', '城区', '市区', '县区', '省里', '市里', '州里', '县里', '区里', '旗里', '镇里', '乡里', '村里',
  '县委', '市委', '区委', '县政府', '区政府', '市政府', '省政府', '州政府', '人民政府', '县级', '市级', '区级', '省级', '地方', '广大', '群众',
  '提高', '落实', '规范', '开展', '推行', '给予', '结合', '统筹', '分类', '扩大', '增加', '改造', '实施', '解决', '难题', '突出', '普遍', '现象',
];

/**
 * Compounds whose meaning is not that of their parts (营商环境 is not about the environment, 健康发展
 * not about health): kept whole by the segmenter, and a keyword rule never fires inside them.
 */
export const OPAQUE_COMPOUNDS: readonly string[] = [
  '营商环境', '发展环境', '法治环境', '政务环境', '创新环境', '投资环境', '消费环境', '人居环境', '无障碍环境', '网络环境', '舆论环境',
  '健康发展', '高质量发展', '绿色发展', '融合发展', '协调发展', '可持续发展', '安全发展', '平稳健康', '身心健康', '健康有序',
  '经济安全', '金融安全', '文化自信', '教育引导', '科技赋能', '数字赋能',
];

export const BIGRAM = '·';
/** Prefix of a subject concept feature (§欠薪). */
export const CONCEPT = '§';

/** How many times a concept found once counts, beside its words (0: no concept features). */
export const DEFAULT_CONCEPT_WEIGHT = 1;

export interface TextFeaturesOptions extends TokenizerOptions {
  /** Canonical → variants, added to the defaults. */
  variants?: Readonly<Record<string, readonly string[]>>;
  /** Concept → more terms (a new id: a new concept), added to the built-in subject concepts. */
  concepts?: Readonly<Record<string, readonly string[]>>;
  /** How many times a found concept counts (DEFAULT_CONCEPT_WEIGHT; 0 turns concepts off). */
  conceptWeight?: number;
}

const OPAQUE = new Set(OPAQUE_COMPOUNDS);

export class TextFeatures {
  private readonly tokenizer: Tokenizer;
  /** Variants longest first, so 拖欠农民工工资 is replaced before 拖欠工资. */
  private readonly replacements: Array<[string, string]>;
  /** Keywords segmented once: rules are tested on every suggestion. */
  private readonly keywordWords = new Map<string, string[]>();
  private readonly concepts: ConceptMatcher;
  private readonly conceptWeight: number;

  constructor(options: TextFeaturesOptions = {}) {
    this.concepts = new ConceptMatcher(mergeConcepts(options.concepts));
    this.conceptWeight = Math.max(0, Math.round(options.conceptWeight ?? DEFAULT_CONCEPT_WEIGHT));
    const variants: Record<string, string[]> = {};
    for (const source of [DEFAULT_VARIANTS, options.variants ?? {}]) {
      for (const [canon, vs] of Object.entries(source)) variants[canon] = [...(variants[canon] ?? []), ...vs];
    }
    this.replacements = Object.entries(variants)
      .flatMap(([canon, vs]) => vs.filter((v) => v && v !== canon && !canon.includes(v)).map((v) => [v, canon] as [string, string]))
      .sort((a, b) => b[0].length - a[0].length);
    const canonical = Object.keys(variants);
    this.tokenizer = new Tokenizer({
      stopWords: [...ADMINISTRATIVE_STOP_WORDS, ...(options.stopWords ?? [])],
      userWords: [...(options.userWords ?? []), ...canonical, ...OPAQUE_COMPOUNDS],
    });
  }

  /** Folds variants to their canonical form (one pass, longest variant first at each position). */
  normalise(text: string): string {
    let out = text.normalize('NFKC');
    for (const [variant, canon] of this.replacements) if (out.includes(variant)) out = out.split(variant).join(canon);
    return out;
  }

  /** Words, then the character bigrams inside words of three characters or more, then the concepts. */
  features(text: string): string[] {
    const normalised = this.normalise(text);
    const words = this.tokenizer.tokenize(normalised);
    const out = [...words];
    for (const w of words) {
      if (w.length < 3 || !/^\p{Script=Han}+$/u.test(w)) continue;
      for (let i = 0; i + 2 <= w.length; i++) out.push(BIGRAM + w.slice(i, i + 2));
    }
    if (this.conceptWeight > 0) {
      for (const [concept, n] of this.conceptsOf(text, normalised)) for (let k = 0; k < n * this.conceptWeight; k++) out.push(CONCEPT + concept);
    }
    return out;
  }

  /**
   * The subject concepts of a text and how often each is found: matched as written and after
   * variant folding (a term may name a variant: 老人吃饭), the larger count of the two.
   */
  conceptsOf(text: string, normalised = this.normalise(text)): Map<string, number> {
    const found = this.concepts.match(text.normalize('NFKC'));
    for (const [c, n] of this.concepts.match(normalised)) if (n > (found.get(c) ?? 0)) found.set(c, n);
    return found;
  }

  /** Feature → count; the title counts `titleWeight` times. */
  proposalFeatures(title: string, content: string, titleWeight = 2): Map<string, number> {
    const counts = new Map<string, number>();
    for (const f of this.features(content)) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const f of this.features(title)) counts.set(f, (counts.get(f) ?? 0) + titleWeight);
    return counts;
  }

  /** Whether a keyword rule's word may match inside this token (not inside 营商环境, 健康发展…). */
  isOpaque(token: string): boolean {
    return OPAQUE.has(token);
  }

  /**
   * How many times a keyword occurs among a text's words (from `words`): as a whole token sequence;
   * a one-word keyword also inside a longer word (环境 in 水环境) unless that word is an opaque
   * compound (营商环境, 健康发展). A keyword made only of stop words matches nothing.
   */
  keywordCount(hay: readonly string[], keyword: string): number {
    let needle = this.keywordWords.get(keyword);
    if (!needle) this.keywordWords.set(keyword, (needle = this.words(keyword)));
    if (needle.length === 0) return 0;
    if (needle.length === 1) return hay.filter((t) => t === needle[0] || (t.includes(needle[0]) && !OPAQUE.has(t))).length;
    let n = 0;
    for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((w, j) => hay[i + j] === w)) n++;
    return n;
  }

  /** Words only (no bigrams), e.g. to test a keyword rule as whole tokens. */
  words(text: string): string[] {
    return this.tokenizer.tokenize(this.normalise(text));
  }
}

/** How a feature reads to a person: 养老 for the word and for a bigram, 欠薪（主题） for a concept. */
export const featureLabel = (f: string): string => (f.startsWith(BIGRAM) ? f.slice(BIGRAM.length) : f.startsWith(CONCEPT) ? `${f.slice(CONCEPT.length)}（主题）` : f);

/** Whether a feature is a word (not a bigram, not a concept). */
export const isWordFeature = (f: string): boolean => !f.startsWith(BIGRAM) && !f.startsWith(CONCEPT);
