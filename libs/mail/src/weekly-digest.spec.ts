import { renderWeeklyDigest } from './index.js';
import { ASSIGNED_CTX, CO_OPINION_DEADLINE, HOSTILE, NO196, PROPOSAL_URL, REPLY_DEADLINE, XZSP, visibleText } from './no196.fixture.js';

const ctx = { ...ASSIGNED_CTX, now: new Date('2024-06-21T08:00:00+08:00') };
const other = { ...NO196, id: 'b2f0c1de-0000-4000-8000-000000000203', number: 203, title: '关于加快智慧停车系统建设的建议', key: true, leaderName: '李副市长' };

describe('renderWeeklyDigest (督办周报)', () => {
  const mail = renderWeeklyDigest(ctx, {
    weekLabel: '2024年第25周',
    units: [
      { unitName: '市教育局', overdue: [], dueSoon: [] },
      {
        unitName: XZSP.name,
        overdue: [{ proposal: other, deadline: { ...REPLY_DEADLINE, dueOn: '2024-06-14' } }],
        dueSoon: [{ proposal: NO196, deadline: REPLY_DEADLINE }],
      },
      { unitName: '市发展和改革委员会', overdue: [{ proposal: NO196, deadline: { ...CO_OPINION_DEADLINE, daysOverdue: 56 } }], dueSoon: [] },
    ],
  });

  it('counts what is overdue and what falls due within seven days', () => {
    expect(mail.subject).toBe('【督办周报】2024年第25周：超期2件，七日内到期1件');
    expect(mail.text).toContain('截至2024年6月21日，2个承办单位共有2件事项已超期、1件事项将于七日内到期');
  });

  it('lists each unit with its items, links and days', () => {
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('市行政审批和政务信息管理局（超期1件，七日内到期1件）');
      expect(body).toContain('【重点】市政协十届二次会议第203号提案《关于加快智慧停车系统建设的建议》');
      expect(body).toContain('7天');
      expect(body).toContain('市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
      expect(body).toContain('2024年6月26日');
      expect(body).toContain('5天');
      expect(body).toContain('市发展和改革委员会（超期1件，七日内到期0件）');
      expect(body).toContain('56天');
    }
    expect(mail.text).toContain(PROPOSAL_URL);
    expect(mail.html).toContain(`href="${PROPOSAL_URL}"`);
    expect(mail.text).not.toContain('市教育局');
    expect(mail.text).toContain('   截止日期：2024年6月14日\n   超期：7天');
  });

  it('says so when the week is empty', () => {
    const empty = renderWeeklyDigest(ctx, { weekLabel: '2024年第25周', units: [{ unitName: '市教育局', overdue: [], dueSoon: [] }] });
    expect(empty.subject).toBe('【督办周报】2024年第25周：无超期及七日内到期事项');
    expect(empty.text).toContain('各承办单位无超期事项，七日内亦无到期事项');
    expect(visibleText(empty.html)).toContain('各承办单位无超期事项，七日内亦无到期事项');
    expect(renderWeeklyDigest(ctx, { weekLabel: '2024年第25周', units: [] }).subject).toBe(empty.subject);
  });

  it('escapes hostile titles and unit names', () => {
    const hostile = renderWeeklyDigest(ctx, {
      weekLabel: '<b>周</b>',
      units: [{ unitName: '<i>单位</i>', overdue: [{ proposal: HOSTILE, deadline: REPLY_DEADLINE }], dueSoon: [] }],
    });
    expect(hostile.html).not.toMatch(/<script>|<b>|<i>/);
  });
});
