import { askConflictLabel, AskMatcher, PROPOSAL_ASKS, PROPOSAL_PLACES } from './proposal-asks.js';

const m = new AskMatcher();
const asksOf = (text: string) => [...m.asksOf(text).keys()].sort();
const placesOf = (text: string) => [...m.placesOf(text).keys()].sort();
const pair = (title: string, content = '') => ({ title, content });

describe('what a proposal asks for (诉求词典)', () => {
  it('is a dozen asks and two places, every term two characters or more and in one entry only', () => {
    for (const list of [PROPOSAL_ASKS, PROPOSAL_PLACES]) {
      const owner = new Map<string, string>();
      for (const c of list) {
        for (const t of c.terms) {
          expect(t.length).toBeGreaterThanOrEqual(2);
          if (owner.has(t)) throw new Error(`term ${t} is in ${owner.get(t)} and ${c.id}`);
          owner.set(t, c.id);
        }
      }
    }
    expect(PROPOSAL_ASKS.map((c) => c.id)).toEqual(['建设', '改造', '规范', '排查', '资金', '收费', '比例', '人员', '流程', '宣传', '机制', '平台']);
    expect(PROPOSAL_PLACES.map((c) => c.id)).toEqual(['农村', '城区']);
  });

  // title → asks: the verbs of proposals, whatever the subject.
  it.each([
    ['关于在小区增设电动车充电桩的建议', ['建设']],
    ['关于加快老旧小区改造的建议', ['改造']],
    ['关于加快山塘水库除险加固的提案', ['改造']],
    ['关于加强小型水库安全管理的建议', ['规范']],
    ['关于整治校园周边无证摊贩的建议', ['规范']],
    ['关于开展自建房安全隐患排查的建议', ['排查']],
    ['关于提高种粮补贴标准的建议', ['比例', '资金']],
    ['关于降低停车收费的建议', ['收费']],
    ['关于提高政府采购中小企业预留份额的建议', ['比例']],
    ['关于增加乡村医生编制的建议', ['人员']],
    ['关于简化不动产登记手续的建议', ['流程']],
    ['关于加强防诈骗宣传的建议', ['宣传']],
    ['关于建立河湖管护长效机制的建议', ['机制']],
    ['关于建设智慧停车平台的建议', ['建设', '平台']],
    ['关于规划建设集中充电棚的建议', ['建设']],
    ['关于做好退役军人就业工作的建议', []],
  ])('%s → %j', (title, asks) => {
    expect(asksOf(title)).toEqual([...asks].sort());
  });

  it.each([
    ['农村地区治安防控', ['农村']],
    ['山区村民看病难', ['农村']],
    ['城区夜间治安巡逻', ['城区']],
    ['老旧小区楼道堆物', ['城区']],
    ['城乡公交一体化', []],
  ])('%s → places %j', (text, places) => {
    expect(placesOf(text)).toEqual(places);
  });

  // The second stage of the merge classifier: a pair that is two requests whatever it shares.
  it.each([
    ['规范政府采购 vs 预留份额: different asks', pair('关于规范政府采购管理的提案'), pair('关于提高政府采购中小企业预留份额的建议'), 'ask'],
    ['水库管理 vs 除险加固: different asks', pair('关于加强小型水库安全管理的建议'), pair('关于加快山塘水库除险加固的提案'), 'ask'],
    ['农村 vs 城区 治安: different places', pair('关于加强农村地区治安防控的建议'), pair('关于加强城区夜间治安巡逻的建议'), 'place'],
    ['增设 vs 新建: the same ask in other words, no conflict', pair('关于增设电瓶车充电桩的提案'), pair('关于新建电动车集中充电棚的建议'), null],
    ['one title names no ask: no conflict', pair('关于做好退役军人就业工作的建议'), pair('关于促进退役军人就业创业的提案', '建议加大创业扶持资金'), null],
    ['both places on one side: no conflict', pair('关于推进城乡供水一体化的建议', '农村和城区同网同价'), pair('关于保障农村饮水安全的提案'), null],
  ])('%s', (_, a, b, kind) => {
    expect(m.conflict(a, b)?.kind ?? null).toBe(kind);
    expect(m.conflict(b, a)?.kind ?? null).toBe(kind);
  });

  it('labels a conflict for people', () => {
    expect(askConflictLabel(m.conflict(pair('关于规范政府采购管理的提案'), pair('关于提高政府采购中小企业预留份额的建议'))!)).toBe('诉求不同（规范／比例）');
    expect(askConflictLabel({ kind: 'place', a: ['农村'], b: ['城区'] })).toBe('地点不同（农村／城区）');
  });
});
