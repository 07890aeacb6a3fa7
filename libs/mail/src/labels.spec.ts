import { deadlineKindLabel, formatChineseDate, proposalLabel, proposalNumberLabel, ratingLabel, roleLabel } from './index.js';
import { NO196 } from './no196.fixture.js';

describe('labels', () => {
  it('names No. 196 as the seed does', () => {
    expect(proposalLabel(NO196)).toBe('市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
    expect(proposalNumberLabel(NO196)).toBe('市政协十届二次会议第196号提案');
  });

  it('marks a proposal without a number', () => {
    expect(proposalLabel({ ...NO196, number: null })).toBe('市政协十届二次会议（未编号）提案《以营商环境为主线强力推进我市数字政府建设》');
  });

  it('calls an NPC item a 建议', () => {
    expect(proposalLabel({ sessionName: '市十一届人大三次会议', number: 12, title: '关于加强老旧小区改造的建议' })).toBe(
      '市十一届人大三次会议第12号建议《关于加强老旧小区改造的建议》',
    );
  });

  it('formats dates the way a reply is dated', () => {
    expect(formatChineseDate('2024-06-26')).toBe('2024年6月26日');
    expect(formatChineseDate('2025-01-05')).toBe('2025年1月5日');
    expect(formatChineseDate('2024-07-19T09:00:00+08:00')).toBe('2024年7月19日');
    expect(formatChineseDate('不是日期')).toBe('不是日期');
  });

  it('labels roles, deadline kinds and ratings', () => {
    expect(['lead', 'co', 'separate'].map((r) => roleLabel(r as 'lead'))).toEqual(['主办', '协办', '分办']);
    expect((['reply', 'co_opinion', 'adjustment', 'feedback', 'rehandling', 'publication'] as const).map(deadlineKindLabel)).toEqual([
      '答复', '协办意见', '申请调整', '回执', '重新办理', '公开',
    ]);
    expect((['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map(ratingLabel)).toEqual(['满意', '基本满意', '不满意']);
  });
});
