import { renderNoticeLetter, renderReport, type NoticeLetterData, type ReportData } from './documents.js';
import { chineseNumeralDate, DOCUMENT_CSS, percent } from './layout.js';
import { LETTER_CSP, LETTER_CSS } from './letter.js';

describe('formal documents (pure)', () => {
  it('writes dates in Chinese numerals as official documents do', () => {
    expect(chineseNumeralDate('2024-06-26')).toBe('二〇二四年六月二十六日');
    expect(chineseNumeralDate('2020-10-01')).toBe('二〇二〇年十月一日');
    expect(chineseNumeralDate('2031-12-30T10:00:00Z')).toBe('二〇三一年十二月三十日');
    expect(chineseNumeralDate('2024-11-19')).toBe('二〇二四年十一月十九日');
    expect(chineseNumeralDate('不是日期')).toBe('不是日期');
  });

  it('states rates as percentages and nothing to divide as a dash', () => {
    expect([percent(0.955), percent(1), percent(0), percent(null)]).toEqual(['95.5%', '100.0%', '0.0%', '—']);
  });

  it('shares one stylesheet (and so one CSP) with the reply letter', () => {
    expect(LETTER_CSS).toBe(DOCUMENT_CSS);
    expect(LETTER_CSP).toContain("style-src 'sha256-");
  });

  const notice: NoticeLetterData = {
    issuer: { name: '市政府督查室', contactName: '赵', contactPhone: '2600000' }, docNumber: '督〔2024〕3号', sessionName: '市十一届人大三次会议', npc: true,
    proposalNumber: 12, proposalTitle: '关于<改善>交通的建议', unitName: '市交通运输局', role: 'separate', key: false, leaderName: null,
    deadlines: [{ label: '答复', dueOn: '2024-07-10', state: 'open', days: 5, settledOn: null, late: null }],
    content: '请报告进展。', dueOn: '2024-07-12', explanation: null, issuedOn: '2024-07-05', status: 'withdrawn', cc: [],
  };

  it('says what is at risk in a notice, escapes what the office wrote, marks a withdrawn notice, uses 建议 for an NPC session', () => {
    const html = renderNoticeLetter(notice);
    expect(html).toContain('市十一届人大三次会议第12号建议《关于&lt;改善&gt;交通的建议》由你单位分办。');
    expect(html).toContain('该件答复期限为二〇二四年七月十日，距期限尚有5日，尚未完成。');
    expect(html).toContain('本通知已撤回');
    expect(html).not.toContain('抄送');
  });

  it('says 暂无数据 for an empty table of the report', () => {
    const zero = { proposals: 0, assigned: 0, toAnswer: 0, replied: 0, due: 0, repliedOnTime: 0, overdueNow: 0, rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, noticesIssued: 0, noticesResponded: 0 };
    const report: ReportData = {
      issuer: { name: '市政协提案委员会', contactName: null, contactPhone: null }, sessionName: '市政协十届三次会议', npc: false, asOf: '2025-01-02', proposals: 0, byStatus: [],
      total: { ...zero, onTimeRate: null, satisfactionRate: null, communicationRate: null, publicationRate: null, resultsByCategory: {} },
      categories: [], units: [], keyProposals: [],
    };
    const html = renderReport(report);
    expect(html.match(/<p class="empty">暂无数据。<\/p>/g)).toHaveLength(4);
    expect(html).toContain('按时办复率暂无数据；');
  });
});
