import { DEPARTMENT_TYPES } from '../department-types.js';
import { ConceptMatcher, mergeConcepts, parseConceptLines, SUBJECT_CONCEPTS } from './subject-concepts.js';
import { CONCEPT, featureLabel, TextFeatures } from './text-features.js';

const matcher = new ConceptMatcher();
const conceptsOf = (text: string) => [...matcher.match(text).keys()].sort();

describe('subject concepts (主题概念词典)', () => {
  it('is a few hundred concepts, every term two characters or more and in one concept only', () => {
    expect(SUBJECT_CONCEPTS.length).toBeGreaterThan(300);
    const owner = new Map<string, string>();
    for (const c of SUBJECT_CONCEPTS) {
      expect(c.terms[0]).toBe(c.id);
      for (const t of c.terms) {
        expect(t.length).toBeGreaterThanOrEqual(2);
        const key = t.normalize('NFKC').toLowerCase();
        if (owner.has(key)) throw new Error(`term ${t} is in ${owner.get(key)} and ${c.id}`);
        owner.set(key, c.id);
      }
    }
    expect(new Set(SUBJECT_CONCEPTS.map((c) => c.id)).size).toBe(SUBJECT_CONCEPTS.length);
  });

  it('finds a concept in the duties of every department type (the dictionary covers them all)', () => {
    for (const t of DEPARTMENT_TYPES) if (t.duties) expect([t.code, matcher.match(t.duties).size]).not.toEqual([t.code, 0]);
  });

  // words → concept: official, colloquial and other forms of one subject.
  it.each([
    ['建筑工地农民工讨薪难', '欠薪'],
    ['干了一年活拿不到工钱', '欠薪'],
    ['根治拖欠农民工工资问题', '欠薪'],
    ['夏季用电高峰频繁停电', '供电质量'],
    ['山区电压不稳、电器带不动', '供电质量'],
    ['新建小区学位紧张，孩子上学难', '学位供给'],
    ['社区长者食堂', '老年助餐'],
    ['老人吃饭难问题', '老年助餐'],
    ['小区停车位不足', '停车难'],
    ['遛狗不牵绳吓到小孩', '文明养犬'],
    ['街上流浪狗越来越多', '流浪动物'],
    ['通村公路路面窄、会车难', '农村公路'],
    ['汛期山洪威胁沿河村庄', '防汛'],
    ['城乡居民医保缴费标准年年上涨', '医保缴费'],
    ['异地就医直接结算', '异地就医'],
    ['电瓶车飞线充电', '电动自行车充电'],
    ['楼道堆物堵塞消防通道', '消防通道'],
    ['快递进村难', '快递'],
    ['老楼加装电梯', '加装电梯'],
    ['打击欺诈骗保行为', '骗保'],
  ])('%s → %s', (text, concept) => {
    expect(conceptsOf(text)).toContain(concept);
  });

  it('lets the longer term win where matches overlap (加装电梯 not 电梯安全; 欺诈骗保 not 诈骗; 禁停电动车 not 停电)', () => {
    expect(conceptsOf('老楼加装电梯')).not.toContain('电梯安全');
    expect(conceptsOf('欺诈骗保')).not.toContain('诈骗');
    expect(conceptsOf('小区禁停电动车')).not.toContain('供电质量');
    expect(conceptsOf('老旧小区改造')).toEqual(['老旧小区改造']);
  });

  it('counts each place once, so a concept repeated counts more', () => {
    expect(matcher.match('停电，又停电，电压低').get('供电质量')).toBe(3);
  });

  it('parses the line format and merges a configuration’s additions (new terms, new concepts)', () => {
    expect(parseConceptLines('# 注释\n欠薪: 讨薪 工钱\n')).toEqual([{ id: '欠薪', terms: ['欠薪', '讨薪', '工钱'] }]);
    const merged = mergeConcepts({ 欠薪: ['欠钱不还工资'], 鹰城特产: ['平顶山烩面'] });
    expect(merged.find((c) => c.id === '欠薪')!.terms).toContain('欠钱不还工资');
    expect(new ConceptMatcher(merged).match('推广平顶山烩面').get('鹰城特产')).toBe(1);
  });

  it('adds concepts beside words and bigrams in TextFeatures (weight from the options, 0: none), labelled for people', () => {
    const f = new TextFeatures().features('建议解决农民工讨薪难');
    expect(f).toContain(`${CONCEPT}欠薪`);
    expect(f).toContain('讨薪');
    expect(new TextFeatures({ conceptWeight: 2 }).features('讨薪').filter((x) => x === `${CONCEPT}欠薪`)).toHaveLength(2);
    expect(new TextFeatures({ conceptWeight: 0 }).features('讨薪').some((x) => x.startsWith(CONCEPT))).toBe(false);
    expect(new TextFeatures({ concepts: { 欠薪: ['欠钱不还'] } }).features('老板欠钱不还')).toContain(`${CONCEPT}欠薪`);
    expect(featureLabel(`${CONCEPT}欠薪`)).toBe('欠薪（主题）');
  });
});
