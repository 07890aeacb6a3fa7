import {
  renderAdjustmentRequested, renderDeliveryFailure, renderExtensionGranted, renderFeedbackResult, renderNewProposal,
} from './index.js';
import { ASSIGNED_CTX, HOSTILE, NO196, PROPOSAL_URL, XZSP, visibleText } from './no196.fixture.js';

const at = (iso: string) => ({ ...ASSIGNED_CTX, now: new Date(iso) });

describe('renderFeedbackResult (评价结果)', () => {
  const ctx = at('2024-07-05T10:00:00+08:00');

  it('reports a satisfied rating', () => {
    const mail = renderFeedbackResult(ctx, { proposal: NO196, unit: XZSP, rating: 'satisfied', comment: null });
    expect(mail.subject).toBe('【评价结果】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（满意）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('陈刚正委员已对你单位办理的市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》作出评价，评价结果为“满意”');
      expect(body).toContain(PROPOSAL_URL);
    }
    expect(mail.text).not.toContain('重新办理');
    expect(mail.text).not.toContain('评价意见');
  });

  it('reports a basically satisfied rating with its comment', () => {
    const mail = renderFeedbackResult(ctx, { proposal: NO196, unit: XZSP, rating: 'basically_satisfied', comment: '平台建设进展较好。\n希望加快数据归集。' });
    expect(mail.subject).toContain('（基本满意）');
    expect(mail.text).toContain('评价结果为“基本满意”');
    expect(mail.text).toContain('平台建设进展较好。\n\n希望加快数据归集。');
  });

  it('requires re-handling after an unsatisfied rating, by the due date', () => {
    const mail = renderFeedbackResult(ctx, {
      proposal: NO196, unit: XZSP, rating: 'unsatisfied', comment: '答复未涉及人才培养的具体措施。', rehandlingDueOn: '2024-08-05',
    });
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('评价结果为“不满意”');
      expect(body).toContain('需重新办理');
      expect(body).toContain('于2024年8月5日前重新作出书面答复');
      expect(body).toContain('答复未涉及人才培养的具体措施。');
    }
    expect(mail.text).toContain('重新办理期限：2024年8月5日');
  });

  it('escapes the comment', () => {
    const mail = renderFeedbackResult(ctx, { proposal: HOSTILE, unit: XZSP, rating: 'unsatisfied', comment: '<script>x</script>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('在规定期限内重新作出书面答复');
  });
});

describe('renderExtensionGranted (延期告知)', () => {
  const ctx = at('2024-06-10T10:00:00+08:00');
  const base = { proposal: NO196, unit: XZSP, previousDueOn: '2024-06-26', newDueOn: '2024-07-26' };

  it('tells the proposer the reply will come later', () => {
    const mail = renderExtensionGranted(ctx, { ...base, audience: 'proposer' });
    expect(mail.subject).toBe('【延期告知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（答复期限延至2024年7月26日）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('陈刚正委员：');
      expect(body).toContain('承办单位市行政审批和政务信息管理局因办理工作需要申请延期答复，经审核同意，答复期限由2024年6月26日延至2024年7月26日');
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('tells the unit its request was approved', () => {
    const mail = renderExtensionGranted(ctx, { ...base, audience: 'unit' });
    expect(mail.text).toContain('市行政审批和政务信息管理局：');
    expect(mail.text).toContain('你单位关于市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》的延期答复申请，经审核同意，答复期限由2024年6月26日延长至2024年7月26日');
  });

  it('escapes a hostile title', () => {
    expect(renderExtensionGranted(ctx, { ...base, proposal: HOSTILE, audience: 'unit' }).html).not.toContain('<script>');
  });
});

describe('renderAdjustmentRequested (调整申请)', () => {
  const ctx = at('2024-03-28T10:00:00+08:00');

  it('puts the request, its reason and the suggested unit before the supervision office', () => {
    const mail = renderAdjustmentRequested(ctx, {
      proposal: NO196,
      unit: { name: '市发展和改革委员会', contactName: '李娜', contactPhone: '0375-2662735' },
      reason: '数字政府平台建设和政务数据归集由市行政审批和政务信息管理局负责。\n\n我委不承担相关职能。',
      suggestedUnit: XZSP.name,
      decideBy: '2024-04-04',
    });
    expect(mail.subject).toBe('【调整申请】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（市发展和改革委员会申请调整承办单位）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市政府督查室：');
      expect(body).toContain('市发展和改革委员会申请调整市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》的承办单位，建议改由市行政审批和政务信息管理局办理');
      expect(body).toContain('我委不承担相关职能。');
      expect(body).toContain('请于2024年4月4日前审核并作出决定');
      expect(body).toContain(PROPOSAL_URL);
    }
    expect(mail.text).toContain('建议承办单位：市行政审批和政务信息管理局');
  });

  it('works without a suggested unit and escapes the reason', () => {
    const mail = renderAdjustmentRequested(ctx, { proposal: NO196, unit: XZSP, reason: '<script>x</script>', suggestedUnit: null });
    expect(mail.text).toContain('建议承办单位：未提出');
    expect(mail.text).toContain('请及时审核并作出决定');
    expect(mail.html).not.toContain('<script>');
  });
});

describe('renderNewProposal (新提案)', () => {
  const ctx = at('2024-01-16T10:30:00+08:00');

  it('asks the committee to review the proposal and names its themes', () => {
    const mail = renderNewProposal(ctx, { proposal: { ...NO196, number: null }, themes: ['营商环境', '数字政府'] });
    expect(mail.subject).toBe('【新提案】市政协十届二次会议（未编号）提案《以营商环境为主线强力推进我市数字政府建设》');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市政协提案委员会：');
      expect(body).toContain('收到陈刚正委员提出的市政协十届二次会议（未编号）提案《以营商环境为主线强力推进我市数字政府建设》，请审查立案');
      expect(body).toContain('“营商环境”、“数字政府”');
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('speaks of a 建议 for an NPC session', () => {
    const mail = renderNewProposal(ctx, {
      proposal: { ...NO196, sessionName: '市十一届人大三次会议', number: 8, title: '关于优化公交线路的建议', proposers: '孙志强代表', themes: [] },
      themes: [],
    });
    expect(mail.subject).toBe('【新建议】市十一届人大三次会议第8号建议《关于优化公交线路的建议》');
    expect(mail.text).toContain('市人大常委会代表工作委员会：');
    expect(mail.text).toContain('提出代表：孙志强代表');
    expect(mail.text).toContain('主题标签：未识别');
  });

  it('escapes a hostile title', () => {
    expect(renderNewProposal(ctx, { proposal: HOSTILE, themes: ['<b>'] }).html).not.toMatch(/<script>|<b>/);
  });
});

describe('renderDeliveryFailure (邮件投递失败)', () => {
  const ctx = at('2024-03-26T11:00:00+08:00');
  const failed = {
    subject: '【交办通知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》',
    recipient: 'xzsp@pds.example',
    attempts: 5,
    lastError: '550 5.1.1 <xzsp@pds.example>: Recipient address rejected: User unknown',
  };

  it('tells the supervision office what could not be delivered', () => {
    const mail = renderDeliveryFailure(ctx, { failed, proposal: NO196 });
    expect(mail.subject).toBe(`【邮件投递失败】致xzsp@pds.example：${failed.subject}`);
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市政府督查室：');
      expect(body).toContain('经5次尝试仍未能投递');
      expect(body).toContain(failed.lastError);
      expect(body).toContain(failed.subject);
      expect(body).toContain(PROPOSAL_URL);
    }
    expect(mail.html).toContain('&lt;xzsp@pds.example&gt;');
    expect(mail.html).not.toContain('<xzsp@');
  });

  it('works without a proposal', () => {
    const mail = renderDeliveryFailure(ctx, { failed: { ...failed, subject: '【督办周报】2024年第13周' }, proposal: null });
    expect(mail.text).not.toContain('/proposals/');
    expect(mail.text).toContain('【督办周报】2024年第13周');
  });
});
