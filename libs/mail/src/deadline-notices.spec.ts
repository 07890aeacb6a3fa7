import { renderEscalation, renderOverdueAlert, renderReminder } from './index.js';
import {
  ASSIGNED_CTX, CO_OPINION_DEADLINE, FEEDBACK_DEADLINE, HOSTILE, NO196, PROPOSAL_URL, PUBLICATION_DEADLINE, REHANDLING_DEADLINE,
  REPLY_DEADLINE, XZSP, visibleText,
} from './no196.fixture.js';

const at = (iso: string) => ({ ...ASSIGNED_CTX, now: new Date(iso) });
const CO_UNIT = { name: '市发展和改革委员会', contactName: '李娜', contactPhone: '0375-2662735' };

describe('renderReminder (到期提醒)', () => {
  it('reminds the unit of the reply deadline, counting the days from now', () => {
    const mail = renderReminder(at('2024-06-19T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: REPLY_DEADLINE });
    expect(mail.subject).toBe('【到期提醒】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（答复期限2024年6月26日，还有7天）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市行政审批和政务信息管理局：');
      expect(body).toContain('答复期限为2024年6月26日，距截止还有7天');
      expect(body).toContain(REPLY_DEADLINE.explanation);
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('uses daysLeft when given and says when the deadline is today or tomorrow', () => {
    expect(renderReminder(ASSIGNED_CTX, { proposal: NO196, unit: XZSP, deadline: { ...REPLY_DEADLINE, daysLeft: 30 } }).text).toContain('距截止还有30天');
    expect(renderReminder(at('2024-06-25T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: REPLY_DEADLINE }).subject).toContain('明天截止');
    expect(renderReminder(at('2024-06-26T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: REPLY_DEADLINE }).text).toContain('今天截止');
  });

  it('reminds a co-handler to send its opinion to the lead unit', () => {
    const mail = renderReminder(at('2024-04-19T09:00:00+08:00'), { proposal: NO196, unit: CO_UNIT, deadline: CO_OPINION_DEADLINE });
    expect(mail.subject).toContain('协办意见期限2024年4月26日，还有7天');
    expect(mail.text).toContain('你单位协办的市政协十届二次会议第196号提案');
    expect(mail.text).toContain('协办意见应于2024年4月26日前送交主办单位');
    expect(mail.text).toContain(CO_OPINION_DEADLINE.explanation);
  });

  it('reminds the unit of a re-handling', () => {
    const mail = renderReminder(at('2024-07-29T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: REHANDLING_DEADLINE });
    expect(mail.text).toContain('因陈刚正委员对市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》的答复不满意');
    expect(mail.text).toContain('重新办理期限为2024年8月5日，距截止还有7天');
  });

  it('asks the proposer to rate the reply', () => {
    const mail = renderReminder(at('2024-07-17T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: { ...FEEDBACK_DEADLINE, daysLeft: 5 } });
    expect(mail.text).toContain('陈刚正委员：');
    expect(mail.text).toContain('市行政审批和政务信息管理局已作出书面答复');
    expect(mail.text).toContain('请于2024年7月24日前对办理情况进行满意度测评（满意、基本满意、不满意），距截止还有5天');
    expect(mail.text).toContain('市政协提案委员会\n2024年7月17日');
    expect(mail.text).toContain(PROPOSAL_URL);
  });

  it('reminds the committee to publish the reply', () => {
    const mail = renderReminder(at('2024-07-17T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: PUBLICATION_DEADLINE });
    expect(mail.text).toContain('市政协提案委员会：');
    expect(mail.text).toContain('应于2024年7月24日前公开');
    expect(mail.text).toContain('公开期限：2024年7月24日');
  });

  it('escapes a hostile title', () => {
    const mail = renderReminder(ASSIGNED_CTX, { proposal: HOSTILE, unit: XZSP, deadline: REPLY_DEADLINE });
    expect(mail.html).not.toContain('<script>');
  });
});

describe('renderOverdueAlert (超期预警)', () => {
  const ctx = at('2024-06-29T09:00:00+08:00');

  it('tells the late unit to reply at once', () => {
    const mail = renderOverdueAlert(ctx, { proposal: NO196, unit: XZSP, deadline: REPLY_DEADLINE, audience: 'unit' });
    expect(mail.subject).toBe('【超期预警】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（答复期限2024年6月26日，已超期3天）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市行政审批和政务信息管理局：');
      expect(body).toContain('你单位承办的市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》，答复期限已于2024年6月26日届满，至今尚未书面答复，已超期3天');
      expect(body).toContain('向市政府督查室书面说明超期原因');
      expect(body).toContain(REPLY_DEADLINE.explanation);
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('asks the supervision office to supervise, with the unit contact', () => {
    const mail = renderOverdueAlert(ctx, { proposal: NO196, unit: XZSP, deadline: { ...REPLY_DEADLINE, daysOverdue: 4 }, audience: 'supervision' });
    expect(mail.text).toContain('市政府督查室：');
    expect(mail.text).toContain('市行政审批和政务信息管理局承办的市政协十届二次会议第196号提案');
    expect(mail.text).toContain('已超期4天');
    expect(mail.text).toContain('请予督办');
    expect(mail.text).toContain('联系人：王');
    expect(mail.text).toContain('联系电话：2580162');
  });

  it('tells the lead unit that its co-handler is late', () => {
    const mail = renderOverdueAlert(at('2024-04-28T09:00:00+08:00'), {
      proposal: NO196, unit: CO_UNIT, deadline: CO_OPINION_DEADLINE, audience: 'lead_unit', leadUnit: XZSP.name,
    });
    expect(mail.text).toContain('市行政审批和政务信息管理局：');
    expect(mail.text).toContain('你单位主办的市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》，协办单位市发展和改革委员会的协办意见期限已于2024年4月26日届满');
    expect(mail.text).toContain('已超期2天');
    expect(mail.text).toContain('协办单位：市发展和改革委员会');
    expect(mail.text).toContain('请你单位主动与协办单位联系催办');
  });

  it('tells the late co-handler itself', () => {
    const mail = renderOverdueAlert(at('2024-04-28T09:00:00+08:00'), { proposal: NO196, unit: CO_UNIT, deadline: CO_OPINION_DEADLINE, audience: 'unit' });
    expect(mail.text).toContain('你单位协办的');
    expect(mail.text).toContain('尽快向主办单位提交书面协办意见');
  });

  it('tells the committee that a reply is not yet published', () => {
    const mail = renderOverdueAlert(at('2024-07-26T09:00:00+08:00'), { proposal: NO196, unit: XZSP, deadline: PUBLICATION_DEADLINE, audience: 'committee' });
    expect(mail.text).toContain('市政协提案委员会：');
    expect(mail.text).toContain('公开期限已于2024年7月24日届满，至今尚未公开答复，已超期2天');
  });

  it('escapes a hostile title and unit', () => {
    const mail = renderOverdueAlert(ctx, { proposal: HOSTILE, unit: { name: '<i>单位', contactName: '<u>' }, deadline: REPLY_DEADLINE, audience: 'supervision' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<i>');
    expect(mail.html).not.toContain('<u>');
  });
});

describe('renderEscalation (督办升级)', () => {
  const ctx = at('2024-07-10T09:00:00+08:00');

  it('puts the case before the supervision leader', () => {
    const mail = renderEscalation(ctx, { proposal: NO196, unit: XZSP, deadline: REPLY_DEADLINE, audience: 'supervision_leader', escalationNumber: 2 });
    expect(mail.subject).toBe('【督办升级】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（第2次，答复期限2024年6月26日，已超期14天）');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市政府督查室负责同志：');
      expect(body).toContain('现第2次提请升级督办');
      expect(body).toContain('已超期14天');
      expect(body).toContain(REPLY_DEADLINE.explanation);
      expect(body).toContain(PROPOSAL_URL);
    }
  });

  it('asks the head of the late unit to see to it personally', () => {
    const mail = renderEscalation(ctx, { proposal: { ...NO196, key: true, leaderName: '李副市长' }, unit: XZSP, deadline: REPLY_DEADLINE, audience: 'unit_head', escalationNumber: 1 });
    expect(mail.text).toContain('市行政审批和政务信息管理局主要负责同志：');
    expect(mail.text).toContain('现予第1次升级督办');
    expect(mail.text).toContain('请你亲自过问');
    expect(mail.text).toContain('本件为重点提案，由李副市长领衔督办。');
    expect(mail.html).not.toContain('<script>');
  });

  it('escapes a hostile title', () => {
    const mail = renderEscalation(ctx, { proposal: HOSTILE, unit: XZSP, deadline: REPLY_DEADLINE, audience: 'unit_head', escalationNumber: 1 });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
