import { parseProposalSearch } from './proposal-search.js';

describe('parseProposalSearch: the number forms people type', () => {
  it.each([
    ['196', 196, null],
    ['第196号', 196, null],
    ['196号', 196, null],
    ['第 196 号', 196, null],
    ['No.196', 196, null],
    ['no 196', 196, null],
    ['NO.196', 196, null],
    ['Ｎｏ．１９６', 196, null],
    ['#196', 196, null],
    ['１９６', 196, null],
    ['第１９６号', 196, null],
    ['提案196', 196, 'proposal'],
    ['提案第196号', 196, 'proposal'],
    ['第196号提案', 196, 'proposal'],
    ['196号提案', 196, 'proposal'],
    ['提案号：196', 196, 'proposal'],
    ['建议32', 32, 'suggestion'],
    ['第32号建议', 32, 'suggestion'],
  ])('%s → No. %d', (q, number, kind) => {
    const s = parseProposalSearch(q);
    expect({ number: s.number, kind: s.kind, sessionHint: s.sessionHint }).toEqual({ number, kind, sessionHint: null });
  });

  it('reads a session named before the number', () => {
    expect(parseProposalSearch('市政协十届二次会议第196号提案')).toEqual({
      text: '市政协十届二次会议第196号提案', number: 196, kind: 'proposal', sessionHint: '市政协十届二次会议',
    });
  });

  it('leaves words that are not a number as typed', () => {
    expect(parseProposalSearch('  数字政府　建设 ')).toEqual({ text: '数字政府　建设', number: null, kind: null, sessionHint: null });
    // Chinese punctuation is searched as typed: titles hold full-width brackets.
    expect(parseProposalSearch('之2000）')).toEqual({ text: '之2000）', number: null, kind: null, sessionHint: null });
    expect(parseProposalSearch('2024年营商环境').number).toBeNull();
    expect(parseProposalSearch('第196号文件精神').number).toBeNull();
    expect(parseProposalSearch('').text).toBe('');
    expect(parseProposalSearch(undefined).number).toBeNull();
  });
});
