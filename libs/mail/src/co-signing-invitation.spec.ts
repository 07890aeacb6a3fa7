import { renderCoSigningAnswered, renderCoSigningInvitation } from './index.js';
import { ASSIGNED_CTX, HOSTILE, NO196, PROPOSAL_URL, visibleText } from './no196.fixture.js';

describe('renderCoSigningInvitation (联名邀请)', () => {
  const ctx = { ...ASSIGNED_CTX, now: new Date('2024-01-16T10:00:00+08:00') };
  const input = {
    proposal: { ...NO196, number: null },
    content: '运用数字技术推动政府治理流程再造。\n\n建议建设一体化政务服务平台。',
    leadProposer: '陈刚正委员',
    invitee: '李明委员',
    url: 'https://duban.example.gov.cn/co-signing/link/a.b.c',
    expiresOn: '2024-01-30',
    appUrl: 'https://duban.example.gov.cn/co-signing',
  };

  it('asks the invitee to read the text and answer through their own link, by its last day', () => {
    const mail = renderCoSigningInvitation(ctx, input);
    expect(mail.subject).toBe('【联名邀请】陈刚正委员邀请您联名提出提案《以营商环境为主线强力推进我市数字政府建设》');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain('李明委员');
      expect(body).toContain('陈刚正委员邀请您作为联名提案者');
      expect(body).toContain('建议建设一体化政务服务平台。');
      expect(body).toContain('请于2024年1月30日前点击以下链接答复');
      expect(body).toContain('市政协提案委员会');
    }
    expect(mail.text).toContain(input.url);
    expect(mail.html).toContain(input.url);
    // The proposal's own page is closed to an invitee until they confirm: not linked.
    expect(mail.text).not.toContain(PROPOSAL_URL);
  });

  it('escapes what people typed', () => {
    const mail = renderCoSigningInvitation(ctx, { ...input, content: HOSTILE.title, proposal: { ...HOSTILE, number: null } });
    expect(mail.html).not.toContain('<script>');
  });
});

describe('renderCoSigningAnswered (联名答复)', () => {
  const ctx = { ...ASSIGNED_CTX, now: new Date('2024-01-17T10:00:00+08:00') };
  const input = { proposal: { ...NO196, number: null }, leadProposer: '陈刚正委员', invitee: '李明委员', url: 'https://duban.example.gov.cn/proposals/x/co-signers' };

  it('tells the lead proposer who confirmed, and who declined', () => {
    const yes = renderCoSigningAnswered(ctx, { ...input, answer: 'confirm' });
    expect(yes.subject).toBe('【联名答复】李明委员确认联名《以营商环境为主线强力推进我市数字政府建设》');
    expect(yes.text).toContain('李明委员已确认联名，成为您提出的提案');
    expect(yes.text).toContain(input.url);
    const no = renderCoSigningAnswered(ctx, { ...input, answer: 'decline' });
    expect(no.subject).toContain('李明委员谢绝联名');
    expect(visibleText(no.html)).toContain('李明委员已谢绝联名您提出的提案');
  });
});
