import fc from 'fast-check';
import { suggestUnits, type RoutingConfig } from './routing-suggester.js';
import { SimilarityIndex } from './similarity-index.js';
import { Tokenizer } from './tokenizer.js';

const tokenizer = new Tokenizer({ userWords: ['加装电梯', '老旧小区', '一网通办', '营商环境'] });
const terms = (title: string, content = '') => tokenizer.proposalTerms(title, content);

describe('Tokenizer (jieba with stop words)', () => {
  it('keeps content words, drops function words, boilerplate, punctuation, numbers and single characters', () => {
    expect(tokenizer.tokenize('关于在老旧小区改造中同步推进既有住宅加装电梯的提案（2023年）')).toEqual(['老旧小区', '改造', '同步', '既有', '住宅', '加装电梯']);
  });

  it('keeps the user words whole and folds full-width forms', () => {
    expect(tokenizer.tokenize('推行“一网通办”，优化营商环境，ＡＰＰ')).toEqual(['推行', '一网通办', '营商环境', 'app']);
  });

  it('counts the title more than the content', () => {
    expect(terms('加装电梯', '电梯 加装电梯').get('加装电梯')).toBe(3);
  });
});

describe('SimilarityIndex (BM25 retrieval, TF-IDF cosine re-ranking)', () => {
  const index = new SimilarityIndex();
  const docs: Array<[string, string, string]> = [
    ['elevator-2023', '关于在老旧小区改造中同步推进既有住宅加装电梯的提案', '多层住宅没有电梯，老年人上下楼困难，低层住户担心采光，审批手续繁琐，建议财政补贴、提取公积金加装电梯'],
    ['renovation', '关于加快推进老旧小区改造的提案', '老旧小区屋面漏水、管网混接，建议分类改造，拓宽资金渠道，建立长效管理机制'],
    ['bus', '关于开通平顶山西站至新城区公交专线的提案', '高铁旅客换乘困难，建议开通公交专线，延长运营时间'],
    ['homework', '关于提升中小学课后服务质量的提案', '课后服务内容单一，教师负担加重，建议引入校外资源'],
  ];
  docs.forEach(([id, title, content], i) => index.add(id, terms(title, content), i));

  it('finds the duplicate first with a high cosine and the neighbour subject lower', () => {
    const hits = index.search(terms('关于加快既有多层住宅加装电梯的提案', '老年住户上下楼难，低层住户担心采光，建议简化审批、给予财政补贴，提取公积金加装电梯'));
    expect(hits[0].id).toBe('elevator-2023');
    expect(hits[0].score).toBeGreaterThan(0.5);
    expect(hits[0].sharedTerms).toContain('加装电梯');
    expect(hits.find((h) => h.id === 'renovation')?.score ?? 0).toBeLessThan(0.3);
    expect(hits.find((h) => h.id === 'bus')).toBeUndefined();
  });

  it('looks only at earlier documents, and never at the query itself', () => {
    const q = terms('关于加快推进老旧小区改造的提案', '老旧小区屋面漏水');
    expect(index.search(q, { before: 1 }).map((h) => h.id)).toEqual(['elevator-2023']);
    expect(index.search(q, { excludeId: 'renovation' }).map((h) => h.id)).not.toContain('renovation');
    expect(index.search(q, { before: 1, beforeTiebreak: 0 }).map((h) => h.id)).toEqual(['elevator-2023']);
  });

  it('replaces a document added again and forgets a removed one', () => {
    const local = new SimilarityIndex();
    local.add('a', terms('公交专线'));
    local.add('a', terms('课后服务'));
    expect(local.size).toBe(1);
    expect(local.search(terms('公交专线'))).toEqual([]);
    expect(local.search(terms('课后服务'))[0].id).toBe('a');
    expect(local.remove('a')).toBe(true);
    expect(local.search(terms('课后服务'))).toEqual([]);
  });

  it('scores a document against itself 1, and every score within [0, 1], symmetric', () => {
    const words = ['电梯', '公交', '学校', '养老', '医保', '停车', '垃圾', '河道', '企业', '审批', '农村', '旅游'];
    const doc = fc.dictionary(fc.constantFrom(...words), fc.integer({ min: 1, max: 5 }), { minKeys: 1 });
    fc.assert(
      fc.property(doc, doc, fc.array(doc, { maxLength: 6 }), (a, b, others) => {
        const idx = new SimilarityIndex();
        others.forEach((o, i) => idx.add(`o${i}`, o));
        idx.add('a', a);
        idx.add('b', b);
        const selfScore = idx.search(a, { limit: 20 }).find((h) => h.id === 'a')?.score;
        expect(selfScore).toBeCloseTo(1, 3);
        const ab = idx.search(a, { limit: 20 }).find((h) => h.id === 'b')?.score ?? 0;
        const ba = idx.search(b, { limit: 20 }).find((h) => h.id === 'a')?.score ?? 0;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1.0001);
        expect(ab).toBeCloseTo(ba, 3);
      }),
      { numRuns: 200 },
    );
  });
});

describe('suggestUnits (keyword rules, category, history)', () => {
  const config: RoutingConfig = {
    rules: [
      { keywords: ['老旧小区', '加装电梯', '物业'], units: ['zhujian'] },
      { keywords: ['电梯安全', '特种设备'], units: ['shichang'] },
      { keywords: ['公交'], units: ['jiaotong'] },
    ],
    categoryUnits: { 城乡建设: ['zhujian', 'chengguan'] },
  };

  it('ranks by keywords, category and the units of similar past proposals, each with its reasons', () => {
    const s = suggestUnits({ title: '关于老旧小区加装电梯的提案', content: '加装电梯审批难', category: '城乡建设' }, config, [
      { proposalId: 'p1', label: '市政协十届一次会议第2号《关于加装电梯的提案》', score: 0.7, units: [{ code: 'zhujian', role: 'lead' }, { code: 'shichang', role: 'co' }] },
    ]);
    expect(s.map((x) => x.unit)).toEqual(['zhujian', 'shichang', 'chengguan']);
    expect(s[0].reasons.map((r) => r.kind)).toEqual(['keyword', 'category', 'history']);
    expect(s[0].reasons[0].text).toContain('加装电梯');
    expect(s[0].reasons[2].text).toContain('第2号');
    expect(s[0].score).toBeGreaterThan(s[1].score);
  });

  it('suggests nothing without evidence', () => {
    expect(suggestUnits({ title: '无关', content: '无关' }, config)).toEqual([]);
  });
});
