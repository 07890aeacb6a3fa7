import { DEFAULT_MERGE_THRESHOLD, fitMergeModel, MERGE_FEATURES, MergeClassifier, mergeProbability, type MergeFeature } from './merge-classifier.js';
import { SimilarityIndex } from './similarity-index.js';
import { TextFeatures } from './text-features.js';

const features = new TextFeatures();
const classifier = new MergeClassifier(features);

/** Each text searched against the ones before it, as intake does; the judgement of every hit. */
function judgeAll(texts: Array<{ id: string; title: string; content: string }>) {
  const index = new SimilarityIndex();
  const out = new Map<string, number>();
  const byId = new Map(texts.map((t) => [t.id, t]));
  for (const t of texts) {
    const terms = features.proposalFeatures(t.title, t.content, 2);
    const hits = index.search(terms, { limit: 10, minScore: 0.05 });
    const scores = hits.map((h) => h.score);
    hits.forEach((h, i) => {
      const reverseBest = index.search(index.termsOf(h.id)!, { limit: 1, excludeId: h.id })[0]?.score ?? 0;
      const j = classifier.judge(byId.get(h.id)!, t, h.score, (f) => index.relativeIdf(f), { rank: i + 1, scores, reverseBest });
      out.set(`${h.id}|${t.id}`, j.probability);
    });
    index.add(t.id, terms);
  }
  return out;
}

describe('MergeClassifier (并案建议)', () => {
  const texts = [
    { id: 'ebike-a', title: '关于整治电动自行车入户充电火灾隐患的建议', content: '居民把电动自行车推进楼道、家中充电，火灾隐患大，建议建设集中充电棚。' },
    { id: 'toilet', title: '关于增加城区公共厕所的建议', content: '城区公共厕所数量少、分布不均，建议在商圈和公园增建公厕。' },
    { id: 'helmet', title: '关于规范电动自行车佩戴头盔的建议', content: '骑电动车不戴头盔的现象普遍，建议加强交通执法和宣传。' },
    { id: 'ebike-b', title: '关于建设电瓶车集中充电棚的提案', content: '电瓶车上楼入户充电引发火灾时有发生，建议在小区建设集中充电棚，杜绝飞线充电。' },
  ];

  it('gives a same-subject pair written differently (电瓶车/电动自行车 充电) more than a neighbouring subject sharing the head noun (头盔)', () => {
    const p = judgeAll(texts);
    expect(p.get('ebike-a|ebike-b')!).toBeGreaterThan(p.get('helmet|ebike-b') ?? 0);
    expect(p.get('toilet|ebike-b') ?? 0).toBeLessThan(DEFAULT_MERGE_THRESHOLD);
  });

  it('computes every pair feature in [0, 1], so weights carry between index sizes', () => {
    const { features: x } = classifier.pairFeatures(texts[0], texts[3], 0.5, () => 0.7, { rank: 2, scores: [0.6, 0.5, 0.2], reverseBest: 0.55 });
    for (const f of MERGE_FEATURES) {
      expect(x[f]).toBeGreaterThanOrEqual(0);
      expect(x[f]).toBeLessThanOrEqual(1);
    }
    expect(x.topHit).toBe(0);
    expect(x.mutualTop).toBe(0);
  });

  it('fits a logistic regression that separates labelled pairs by the features that tell them apart', () => {
    const zero = Object.fromEntries(MERGE_FEATURES.map((f) => [f, 0])) as Record<MergeFeature, number>;
    const samples = Array.from({ length: 40 }, (_, i) => ({ features: { ...zero, cosine: (i % 10) / 10, mutualTop: i % 2 }, same: i % 2 === 1 }));
    const model = fitMergeModel(samples, 0.1);
    expect(model.weights.mutualTop).toBeGreaterThan(3);
    expect(Math.abs(model.weights.cosine)).toBeLessThan(1);
    expect(mergeProbability(model, { ...zero, mutualTop: 1 })).toBeGreaterThan(0.9);
    expect(mergeProbability(model, zero)).toBeLessThan(0.1);
  });
});

describe('MergeClassifier, second stage and object conflict', () => {
  const pair = (title: string, content: string) => ({ title, content });
  const judge = (a: { title: string; content: string }, b: { title: string; content: string }) => classifier.judge(a, b, 0.6, () => 0.8, { rank: 1, scores: [0.6] });

  // Pairs that share a subject concept and still are two requests: no candidate whatever the probability.
  it.each([
    ['规范 vs 预留份额 (asks)', pair('关于规范政府采购管理的提案', '政府采购程序不规范，建议加强监管。'), pair('关于提高政府采购中小企业预留份额的建议', '建议提高面向中小企业的采购份额。'), 'ask'],
    ['农村 vs 城区 (places)', pair('关于加强农村地区治安防控的建议', '偏远村庄警力不足，建议完善视频监控。'), pair('关于加强城区夜间治安巡逻的建议', '夜间街道治安案件多，建议增加巡逻。'), 'place'],
    ['电动车充电 in other words (none)', pair('关于增设电瓶车充电桩的提案', '电瓶车入户充电隐患大。'), pair('关于新建电动车集中充电棚的建议', '电动车上楼充电引发火灾。'), null],
  ])('%s', (_, a, b, kind) => {
    const j = judge(a, b);
    expect(j.conflict?.kind ?? null).toBe(kind);
    expect(classifier.isCandidate({ probability: 0.99, conflict: j.conflict })).toBe(kind === null);
  });

  it('is a candidate at the threshold or above, and only without a conflict', () => {
    expect(classifier.isCandidate({ probability: DEFAULT_MERGE_THRESHOLD, conflict: null })).toBe(true);
    expect(classifier.isCandidate({ probability: DEFAULT_MERGE_THRESHOLD - 0.01, conflict: null })).toBe(false);
    expect(classifier.isCandidate({ probability: 1, conflict: { kind: 'place', a: ['农村'], b: ['城区'] } })).toBe(false);
  });

  // objectConflict: the rarest word each text has that the other lacks names a concept the other has not.
  it.each([
    ['午餐 and 午休 on both sides (same objects)', pair('关于解决中小学生午餐午休问题的提案', '学生中午在校就餐、午休难。'), pair('关于推进小学生在校午餐午睡的建议', '建议学校提供午餐和午睡床位。'), 0],
    ['欠薪 vs 工伤 (different objects)', pair('关于根治农民工欠薪的建议', '建筑工地讨薪难。'), pair('关于加快工伤认定的建议', '农民工工伤认定周期长。'), 1],
  ])('%s → %d', (_, a, b, conflict) => {
    expect(classifier.pairFeatures(a, b, 0.5, () => 0.8).features.objectConflict).toBe(conflict);
  });
});
