import { DEPARTMENT_TYPES, departmentType } from '../department-types.js';
import { RoutingModel } from './routing-model.js';
import { suggestUnitsFromModel } from './routing-suggester.js';
import { SimilarityIndex } from './similarity-index.js';
import { TextFeatures } from './text-features.js';

const features = new TextFeatures();
const f = (title: string, content = '') => features.proposalFeatures(title, content, 2);

function dutyModel(codes: string[]): RoutingModel {
  const m = new RoutingModel();
  for (const c of codes) {
    const t = departmentType(c)!;
    m.setDuties(c, features.features(`${t.name} ${t.duties}`));
  }
  return m;
}

describe('TextFeatures', () => {
  it('folds variant names and drops the boilerplate of every administrative level', () => {
    expect(features.words('关于增加我县公厕的建议')).toContain('公共厕所');
    expect(features.words('关于整治电瓶车入户充电的建议')).toContain('电动自行车');
    for (const w of ['我县', '我区', '县城', '城区', '我市']) expect(features.words(`${w}停车难`)).not.toContain(w);
  });

  it('adds character bigrams inside long words, so a phrase meets its head word', () => {
    expect(features.features('电动自行车')).toEqual(expect.arrayContaining(['电动自行车', '·自行', '·行车']));
  });
});

describe('RoutingModel', () => {
  it('routes from the department types’ built-in duties alone (no rules, no history), with a confidence', () => {
    const m = dutyModel(DEPARTMENT_TYPES.filter((t) => t.duties).map((t) => t.code));
    const top = m.predict(f('关于解决乡镇卫生院缺少全科医生的提案'))[0];
    expect(top.unit).toBe('weijian');
    expect(top.probability).toBeGreaterThan(0);
    expect(top.probability).toBeLessThanOrEqual(1);
    expect(top.evidence[0].source).toBe('duties');
    expect(m.predict(f('关于为退伍士兵提供就业帮扶的建议'))[0].unit).toBe('tuiyi');
    expect(m.predict(f('xyz'))).toEqual([]);
  });

  it('learns from assignments, and a reassignment counts against the unit it left', () => {
    const m = dutyModel(['minzheng', 'weijian']);
    const p = f('关于建设老年人助浴点的提案', '为失能老人提供助浴');
    for (let i = 0; i < 3; i++) m.learn('weijian', p, 1);
    expect(m.predict(p)[0].unit).toBe('weijian');
    for (let i = 0; i < 3; i++) {
      m.learn('weijian', p, -1);
      m.learn('minzheng', p, 1);
    }
    const top = m.predict(p)[0];
    expect(top.unit).toBe('minzheng');
    expect(top.evidence.some((e) => e.source !== 'duties')).toBe(true);
  });
});

describe('suggestUnitsFromModel', () => {
  const m = dutyModel(['fagai', 'shengtai', 'weijian', 'shuili']);
  const routing = { rules: [{ keywords: ['环境'], units: ['shengtai'] }, { keywords: ['健康'], units: ['weijian'] }], categoryUnits: {} };

  it('matches keyword rules as whole tokens: 环境 does not fire inside 营商环境, nor 健康 inside 健康发展', () => {
    const proposal = { title: '关于优化营商环境推动民营经济健康发展的提案', content: '建议降低企业制度性交易成本。' };
    const s = suggestUnitsFromModel(proposal, m.predict(f(proposal.title, proposal.content)), routing, [], features);
    expect(s[0].unit).toBe('fagai');
    expect(s.flatMap((x) => x.reasons).filter((r) => r.kind === 'keyword')).toEqual([]);
  });

  it('gives reasons a person can check and a certainty', () => {
    const proposal = { title: '关于加强河道水环境治理的提案', content: '建议严控沿河排污。' };
    const s = suggestUnitsFromModel(proposal, m.predict(f(proposal.title, proposal.content)), routing, [], features);
    expect(s[0].unit).toBe('shengtai');
    expect(s[0].reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['duties', 'keyword']));
    expect(s[0].reasons.find((r) => r.kind === 'duties')!.text).toMatch(/^提案中的“.+”属该单位职能$/);
    expect(['high', 'medium', 'low']).toContain(s[0].certainty);
  });
});

describe('short-text similarity', () => {
  it('finds a same-subject pair written with variant names', () => {
    const index = new SimilarityIndex();
    index.add('a', f('关于增加城区公共厕所的建议', '建议加密公厕布点'));
    index.add('b', f('关于规范共享单车停放的提案', '划定停放区域'));
    const hits = index.search(f('关于加强我县公厕建设管理的提案', '公共卫生间数量不足'));
    expect(hits[0].id).toBe('a');
    expect(hits.find((h) => h.id === 'b')).toBeUndefined();
  });
});

describe('RoutingModel learning and taking back', () => {
  const rehab = f('关于加强残疾儿童康复救助的建议', '残疾儿童康复机构少、费用高，建议提高康复救助标准。');
  const fire = f('关于整治电瓶车入户充电火灾隐患的建议', '电瓶车进楼入户充电风险大，建议加强入户检查。');
  const scores = (m: RoutingModel) => m.predict(rehab, { limit: 10 }).map((p) => [p.unit, p.probability.toFixed(12), p.learned]);

  it('does not depend on the order it learned in: a removal before the assignment it offsets gives the same model', () => {
    const a = dutyModel(['canlian', 'xiaofang', 'minzheng']);
    a.learn('minzheng', rehab, 1);
    a.learn('minzheng', rehab, -1);
    a.learn('canlian', fire, 1);
    const b = dutyModel(['canlian', 'xiaofang', 'minzheng']);
    b.learn('canlian', fire, 1);
    b.learn('minzheng', rehab, -1);
    b.learn('minzheng', rehab, 1);
    expect(scores(b)).toEqual(scores(a));
  });

  it('unlearns an assignment exactly (the incremental refresh replaces what it learned from a proposal)', () => {
    const fresh = dutyModel(['canlian', 'xiaofang']);
    fresh.learn('xiaofang', fire, 1);
    const m = dutyModel(['canlian', 'xiaofang']);
    m.learn('xiaofang', fire, 1);
    m.learn('canlian', rehab, -1);
    m.learn('xiaofang', rehab, 0.3);
    m.unlearn('xiaofang', rehab, 0.3);
    m.unlearn('canlian', rehab, -1);
    expect(scores(m)).toEqual(scores(fresh));
  });
});
