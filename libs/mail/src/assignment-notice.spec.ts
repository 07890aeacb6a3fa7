import { renderAssignmentNotice } from './index.js';
import {
  ADJUSTMENT_DUE_ON, ASSIGNED_CTX, CO_OPINION_DEADLINE, HOSTILE, NO196, PROPOSAL_URL, REPLY_DEADLINE, XZSP, visibleText,
} from './no196.fixture.js';

describe('renderAssignmentNotice (交办通知)', () => {
  const lead = renderAssignmentNotice(ASSIGNED_CTX, {
    proposal: NO196,
    unit: XZSP,
    role: 'lead',
    deadline: REPLY_DEADLINE,
    adjustmentDueOn: ADJUSTMENT_DUE_ON,
  });

  it('has the formal subject', () => {
    expect(lead.subject).toBe('【交办通知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
  });

  it('tells the lead unit what to do, by when, and how the date was computed', () => {
    for (const body of [lead.text, visibleText(lead.html)]) {
      expect(body).toContain('市行政审批和政务信息管理局：');
      expect(body).toContain('现将市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（陈刚正委员提出）交由你单位主办');
      expect(body).toContain('于2024年6月26日前将办理结果书面答复陈刚正委员');
      expect(body).toContain(REPLY_DEADLINE.explanation);
      expect(body).toContain('可在2024年4月2日前通过督办系统申请调整');
      expect(body).toContain('营商环境、数字政府');
      expect(body).toContain(PROPOSAL_URL);
      expect(body).toContain('市政府督查室\n2024年3月26日');
    }
    expect(lead.html).toContain(`href="${PROPOSAL_URL}"`);
    expect(lead.text).not.toContain('重点提案');
  });

  it('names the co-handlers to a lead unit and the lead unit to a co-handler', () => {
    const withCo = renderAssignmentNotice(ASSIGNED_CTX, {
      proposal: NO196, unit: XZSP, role: 'lead', deadline: REPLY_DEADLINE, coUnits: ['市发展和改革委员会', '市工业和信息化局'],
    });
    expect(withCo.text).toContain('协办单位：市发展和改革委员会、市工业和信息化局');

    const co = renderAssignmentNotice(ASSIGNED_CTX, {
      proposal: NO196, unit: { name: '市发展和改革委员会' }, role: 'co', deadline: CO_OPINION_DEADLINE, leadUnit: XZSP.name, adjustmentDueOn: ADJUSTMENT_DUE_ON,
    });
    expect(co.text).toContain('交由你单位协办');
    expect(co.text).toContain('本件由市行政审批和政务信息管理局主办，你单位协办');
    expect(co.text).toContain('于2024年4月26日前将协办意见书面送交主办单位');
    expect(co.text).toContain('协办意见期限：2024年4月26日');
    expect(co.text).toContain(CO_OPINION_DEADLINE.explanation);
    expect(co.text).not.toContain('延期申请');
  });

  it('describes a separate assignment (分办)', () => {
    const sep = renderAssignmentNotice(ASSIGNED_CTX, { proposal: NO196, unit: { name: '市工业和信息化局' }, role: 'separate', deadline: REPLY_DEADLINE });
    expect(sep.text).toContain('交由你单位分办');
    expect(sep.text).toContain('办理方式：分办');
    expect(sep.text).toContain('直接书面答复陈刚正委员');
    expect(sep.text).not.toContain('申请调整截止');
  });

  it('names the leader of a key proposal', () => {
    const key = renderAssignmentNotice(ASSIGNED_CTX, {
      proposal: { ...NO196, key: true, leaderName: '李副市长' }, unit: XZSP, role: 'lead', deadline: REPLY_DEADLINE,
    });
    expect(key.text).toContain('本件为重点提案，由李副市长领衔督办。');
    expect(visibleText(key.html)).toContain('重点提案，由李副市长领衔督办');
  });

  it('says where a reassigned proposal came from', () => {
    const moved = renderAssignmentNotice(ASSIGNED_CTX, {
      proposal: NO196, unit: XZSP, role: 'lead', deadline: REPLY_DEADLINE, reassignedFrom: '市发展和改革委员会',
    });
    expect(moved.text).toContain('原交由市发展和改革委员会办理，经审核同意调整承办单位，现改交你单位主办');
  });

  it('escapes a hostile title', () => {
    const mail = renderAssignmentNotice(ASSIGNED_CTX, { proposal: HOSTILE, unit: { name: '<b>单位</b>' }, role: 'lead', deadline: REPLY_DEADLINE });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>单位');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.text).toContain(HOSTILE.title);
  });

  it('ignores a trailing slash on the public URL', () => {
    const mail = renderAssignmentNotice({ ...ASSIGNED_CTX, publicUrl: 'http://localhost:3000/' }, { proposal: NO196, unit: XZSP, role: 'lead', deadline: REPLY_DEADLINE });
    expect(mail.text).toContain(PROPOSAL_URL);
  });
});
