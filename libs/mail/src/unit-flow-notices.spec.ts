import { renderUnitFlowNotice } from './index.js';
import { ASSIGNED_CTX, NO196, PROPOSAL_URL, XZSP, visibleText } from './no196.fixture.js';

describe('renderUnitFlowNotice (单位内部流转与审签)', () => {
  const ctx = { ...ASSIGNED_CTX, now: new Date('2024-05-20T10:00:00+08:00') };
  const base = { proposal: NO196, unit: XZSP, officerName: '王经办', leaderName: '李分管', dueOn: '2024-08-12' };

  it('tells the officer the work is theirs, and that the deadline stays', () => {
    const mail = renderUnitFlowNotice(ctx, { ...base, step: 'officer_assigned', recipientName: '王经办' });
    expect(mail.subject).toBe('【分派经办】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('已由联络员分派给您办理');
      expect(body).toContain('答复期限为2024年8月12日，不因单位内部流转而延长');
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('asks the leader to sign the draft', () => {
    const mail = renderUnitFlowNotice(ctx, { ...base, step: 'drafted', recipientName: '李分管' });
    expect(mail.subject.startsWith('【待审签】')).toBe(true);
    expect(mail.text).toContain('王经办已拟好');
    expect(mail.text).toContain('您为签发人');
  });

  it('returns the draft to the officer with the comment', () => {
    const mail = renderUnitFlowNotice(ctx, { ...base, step: 'returned', recipientName: '王经办', comment: '请补充营商环境评价的具体数据。' });
    expect(mail.subject.startsWith('【退回修改】')).toBe(true);
    expect(mail.text).toContain('已被李分管退回修改');
    expect(mail.text).toContain('审签意见：请补充营商环境评价的具体数据。');
  });

  it('tells the officer the reply went out, without the deadline warning', () => {
    const mail = renderUnitFlowNotice(ctx, { ...base, step: 'approved', recipientName: '王经办' });
    expect(mail.text).toContain('已经李分管审签同意，答复已发出');
    expect(mail.text).not.toContain('不因单位内部流转而延长');
  });
});
