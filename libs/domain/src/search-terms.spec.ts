import { pairTerm, proposalSearchVector, searchQueryTerms, searchTsquery } from './search-terms.js';

/** The literal as term → positions, for reading. */
const terms = (vector: string | null): Record<string, number[]> =>
  Object.fromEntries([...(vector ?? '').matchAll(/'((?:[^']|'')+)':([\d,]+)/g)].map(([, t, ps]) => [t, ps.split(',').map(Number)]));

/**
 * What Postgres answers for `vector @@ query` with the terms and phrase operators searchTsquery
 * writes: one word, or the pairs of adjacent words, each starting where the previous pair's second word does.
 */
const matches = (vector: string | null, query: string[]): boolean => {
  const byTerm = terms(vector);
  const lookedUp = query.length === 1 ? query : query.slice(1).map((w, i) => pairTerm(query[i], w));
  return (byTerm[lookedUp[0]] ?? []).some((start) => {
    let at = start;
    return lookedUp.slice(1).every((t, i) => byTerm[t]?.includes((at += query[i].length)) ?? false);
  });
};

describe('search terms (检索词): the words a proposal is found by', () => {
  it('holds every dictionary word wherever it occurs, not only those of one segmentation', () => {
    const t = terms(proposalSearchVector('关于中小学校安全的提案', '中华人民共和国'));
    // 学校 inside 中小学校 (jieba cuts 中小学校 whole), 人民共和国 inside 中华人民共和国.
    expect(t['学校']).toEqual([5]);
    expect(t['中小学校']).toEqual([3]);
    expect(t['人民共和国']).toEqual([15]);
    expect(t['中华人民共和国']).toEqual([13]);
  });

  it('keeps Han words of two or more characters only, each at every start', () => {
    const t = terms(proposalSearchVector('数字 数字', 'abc 2000，数'));
    expect(Object.keys(t)).toEqual(['数字']);
    expect(t['数字']).toEqual([1, 4]);
  });

  it('holds every two words one right after the other as one term, at the first one\'s offset', () => {
    const t = terms(proposalSearchVector('推进数字政府', '数字化政府，数字 政府'));
    expect(t['推进+数字']).toEqual([1]);
    expect(t['数字+政府']).toEqual([3]); // not in 数字化政府 nor across the space
    expect(t['数字+化']).toBeUndefined(); // 化 is no term
    expect(t['数字化+政府']).toEqual([8]); // 数字化 is a word too (title, a space, then the content)
    expect(Object.keys(t).filter((k) => k.includes('+')).sort()).toEqual(['推进+数字', '数字+政府', '数字化+政府'].sort());
  });

  it('leaves a text longer than Postgres keeps positions for without terms (searched by substring)', () => {
    expect(proposalSearchVector('长', '养老'.repeat(9000))).toBeNull();
  });

  it('quotes a term for the tsvector and the tsquery', () => {
    expect(searchTsquery(['数字', '政府'])).toBe("'数字+政府'");
    expect(searchTsquery(['推进', '数字', '政府'])).toBe("'推进+数字' <2> '数字+政府'");
    expect(searchTsquery(['养老'])).toBe("'养老'");
  });
});

describe('searchQueryTerms: which queries are looked up by words', () => {
  it.each([
    ['数字政府', ['数字', '政府']],
    ['养老', ['养老']],
    ['乡村振兴', ['乡村', '振兴']],
    [' 营商环境 ', ['营商', '环境']],
  ])('%s → %j', (q, expected) => {
    expect(searchQueryTerms(q)).toEqual(expected);
  });

  it.each(['数字政', '之2000）', '委员7', '数字 政府', 'parking', '政'])('%s is searched as a substring', (q) => {
    expect(searchQueryTerms(q)).toBeNull();
  });

  it('finds a query wherever it is a substring of the text, and only there', () => {
    const vector = proposalSearchVector('关于推进数字政府建设的提案', '加强中小学校周边交通管理，完善数字化政府服务。');
    expect(matches(vector, searchQueryTerms('数字政府')!)).toBe(true);
    expect(matches(vector, searchQueryTerms('学校')!)).toBe(true);
    expect(matches(vector, searchQueryTerms('交通管理')!)).toBe(true);
    // 数字 and 政府 both occur in 数字化政府, but not next to each other there.
    expect(matches(proposalSearchVector('数字化政府', ''), searchQueryTerms('数字政府')!)).toBe(false);
    expect(matches(vector, searchQueryTerms('养老服务')!)).toBe(false);
    expect(matches(vector, ['推进', '数字', '政府', '建设'])).toBe(true);
    expect(matches(vector, ['推进', '数字', '政府', '服务'])).toBe(false);
  });
});
