import { renderReplyNotice, type ReplyNoticeInput } from './index.js';
import { splitParagraphs } from './layout.js';
import { ASSIGNED_CTX, HOSTILE, NO196, NO196_REPLY, NO196_REPLY_CONTENT, PROPOSAL_URL, XZSP, visibleText } from './no196.fixture.js';

const ctx = { ...ASSIGNED_CTX, now: new Date('2024-06-26T16:00:00+08:00') };
const FEEDBACK_URL = 'http://localhost:3000/feedback/7d1c5a9e?proposer=chengangzheng&expires=1721836799&sig=Zm9vYmFy';
const input: ReplyNoticeInput = {
  proposal: NO196,
  unit: XZSP,
  reply: NO196_REPLY,
  feedbackUrl: FEEDBACK_URL,
  feedbackDueOn: '2024-07-24',
  cc: ['市政协提案委员会', '市政府督查室'],
};

describe('renderReplyNotice (答复告知)', () => {
  const mail = renderReplyNotice(ctx, input);
  const paragraphs = splitParagraphs(NO196_REPLY_CONTENT);

  it('has the formal subject', () => {
    expect(mail.subject).toBe('【答复告知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
  });

  it('is addressed to the proposer and states the result category', () => {
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('陈刚正委员：');
      expect(body).toContain('已由市行政审批和政务信息管理局办理，并于2024年6月26日作出书面答复');
      expect(body).toContain('A类（所提问题已经解决或基本解决）');
    }
    expect(mail.text).toContain(PROPOSAL_URL);
    expect(mail.html).toContain(`href="${PROPOSAL_URL}"`);
  });

  it('carries the seed reply in full, paragraph by paragraph, in text and HTML', () => {
    expect(mail.text).toContain(paragraphs.join('\n\n'));
    for (const p of paragraphs) {
      expect(mail.html).toContain(`>${p}</p>`); // the reply has no character that needs escaping
    }
    expect(mail.html).toMatch(/text-align:center;[^"]*">对市政协十届二次会议<\/p>/);
    expect(mail.html).toMatch(/text-align:right;">2024年6月26日<\/p>/);
    expect(mail.html).not.toContain('\u00a0');
  });

  it('ends as the paper letter does: contact unit and telephone, contact person, 抄送', () => {
    expect(mail.text.trimEnd().split('\n').slice(-3)).toEqual([
      '联系单位及电话：市行政审批和政务信息管理局；2580162',
      '联系人：王',
      '抄送：市政协提案委员会、市政府督查室',
    ]);
    const visible = visibleText(mail.html).trimEnd();
    expect(visible.endsWith('抄送：市政协提案委员会、市政府督查室')).toBe(true);
    expect(visible).toMatch(/2024年6月26日\s+联系单位及电话：市行政审批和政务信息管理局；2580162\s+联系人：王\s+抄送：/);
  });

  it('asks the proposer to rate the reply through the signed link, by the feedback date', () => {
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('请于2024年7月24日前点击以下链接，对本提案的办理情况进行满意度测评');
      expect(body).toContain(FEEDBACK_URL);
    }
    expect(mail.html).toContain(`href="${FEEDBACK_URL.replace(/&/g, '&amp;')}"`);
  });

  it('has no feedback link in a staff copy', () => {
    const copy = renderReplyNotice(ctx, { ...input, feedbackUrl: null });
    expect(copy.text).not.toContain('/feedback/');
    expect(copy.html).not.toContain('/feedback/');
    expect(copy.text).not.toContain('点击以下链接');
    expect(copy.text).toContain('本件为抄送件');
    expect(copy.text).toContain(paragraphs.join('\n\n'));
    expect(copy.text.trimEnd().endsWith('抄送：市政协提案委员会、市政府督查室')).toBe(true);
  });

  it('keeps the order of the cc list and the seed’s single 抄送', () => {
    const seedLike = renderReplyNotice(ctx, { ...input, cc: ['市政府督查室'] });
    expect(seedLike.text.trimEnd().endsWith('抄送：市政府督查室')).toBe(true);
  });

  describe('to a proposer of a proposal merged into it (并案)', () => {
    const own = { ...NO196, id: 'p-merged', number: 203, title: '关于推进政务数据共享的提案', proposers: '王芳委员' };
    const merged = renderReplyNotice(ctx, { ...input, feedbackUrl: null, merged: { proposals: [own], addressee: '王芳委员' } });

    it('names their own proposal, says it was merged into No. 196, and carries the reply in full', () => {
      expect(merged.subject).toBe('【答复告知】市政协十届二次会议第203号提案《关于推进政务数据共享的提案》（已并入市政协十届二次会议第196号提案办理）');
      for (const body of [merged.text, visibleText(merged.html)]) {
        expect(body).toContain('王芳委员：');
        expect(body).toContain(
          '您提出的市政协十届二次会议第203号提案《关于推进政务数据共享的提案》，经立案审查已并入市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（陈刚正委员提出）并案办理',
        );
        expect(body).toContain('并案至市政协十届二次会议第196号提案办理');
      }
      expect(merged.text).toContain(paragraphs.join('\n\n'));
      expect(merged.html).toContain('href="http://localhost:3000/proposals/p-merged"');
    });

    it('has no feedback link, even when given one: the rating is the proposal’s own proposers’', () => {
      const withLink = renderReplyNotice(ctx, { ...input, merged: { proposals: [own], addressee: '王芳委员' } });
      for (const mail of [merged, withLink]) {
        expect(mail.text).not.toContain('/feedback/');
        expect(mail.text).not.toContain('点击以下链接');
        expect(mail.text).toContain('满意度测评由陈刚正委员进行，测评截止日期为2024年7月24日');
      }
    });

    it('names every proposal of theirs that was merged', () => {
      const two = renderReplyNotice(ctx, { ...input, merged: { proposals: [own, { ...own, id: 'p2', number: null, title: '关于数据共享的建议' }], addressee: '王芳委员' } });
      expect(two.subject).toContain('第203号提案《关于推进政务数据共享的提案》等2件');
      expect(two.text).toContain('第203号提案《关于推进政务数据共享的提案》、市政协十届二次会议（未编号）提案《关于数据共享的建议》');
    });
  });

  it('escapes a hostile title, reply and contact', () => {
    const hostile = renderReplyNotice(ctx, {
      ...input,
      proposal: HOSTILE,
      reply: { ...NO196_REPLY, content: '陈刚正委员:\n\n<img src=x onerror=alert(1)>答复', contactName: '<b>王</b>' },
      cc: ['<i>市政府督查室</i>'],
    });
    expect(hostile.html).not.toMatch(/<(script|img|b|i)\b/);
    expect(hostile.html).toContain('&lt;img src=x onerror=alert(1)&gt;答复');
    expect(hostile.text).toContain('<img src=x onerror=alert(1)>答复');
  });
});
