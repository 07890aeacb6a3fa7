import { createHmac } from 'node:crypto';
import { chooseChannels } from './choose-channels.js';
import { planChannelMessages, type ChannelPlan } from './plan-channels.js';
import { dingtalkSign, robotMarkdown, signedDingtalkUrl } from './robot-payload.js';
import { parseReceipt, shortCode, smsPartCount, smsParts, smsText, SMS_SIGNATURE } from './sms-text.js';

const unit = (id: string, extra: object = {}) => ({
  id, code: id, name: `单位${id}`, kind: 'department' as const, email: `${id}@x.gov.cn`, headName: null, headEmail: null, contactName: null, contactPhone: null,
  active: true, ...extra,
});
const office = { ...unit('00000000-0000-4000-8000-000000000001'), kind: 'supervision' as const, name: '市政府督查室', wecomWebhook: 'http://wecom/hook', mobile: '13900000001' };

describe('chooseChannels (defaults)', () => {
  it('sends email to everyone, whatever the type', () => {
    expect(chooseChannels('assignment_notice', 'unit')).toEqual(['email']);
    expect(chooseChannels('new_proposal', 'committee')).toEqual(['email']);
    expect(chooseChannels('reminder', 'unit')).toEqual(['email']);
  });

  it('adds SMS for overdue alerts, escalations and the reply notice to the proposer only', () => {
    expect(chooseChannels('overdue_alert', 'unit')).toEqual(['email', 'sms']);
    expect(chooseChannels('escalation', 'unit_head')).toEqual(['email', 'sms']);
    expect(chooseChannels('reply_notice', 'proposer')).toEqual(['email', 'sms']);
    expect(chooseChannels('reply_notice', 'unit')).toEqual(['email']);
  });

  it("adds the work-group robots for the supervision office's alerts, not for its other mail", () => {
    expect(chooseChannels('overdue_alert', 'supervision')).toEqual(['email', 'sms', 'wecom', 'dingtalk']);
    expect(chooseChannels('weekly_digest', 'supervision')).toEqual(['email', 'wecom', 'dingtalk']);
    expect(chooseChannels('adjustment_requested', 'supervision')).toEqual(['email']);
    expect(chooseChannels('weekly_digest', 'unit')).toEqual(['email']);
  });

  it('lets a rule replace the defaults of its pair, the most specific first', () => {
    const rules = { assignment_notice: { unit: ['email', 'sms'] as const }, '*': { proposer: ['in_app'] as const, '*': ['email'] as const } };
    const r = rules as unknown as Parameters<typeof chooseChannels>[2];
    expect(chooseChannels('assignment_notice', 'unit', r)).toEqual(['email', 'sms']);
    expect(chooseChannels('reply_notice', 'proposer', r)).toEqual(['in_app']);
    expect(chooseChannels('overdue_alert', 'unit', r)).toEqual(['email']);
  });
});

describe('SMS text', () => {
  const decode = (b: Buffer) => Buffer.from(b).swap16().toString('utf16le');

  it('fits 70 Chinese characters in one SMS, without a UDH', () => {
    const parts = smsParts('督'.repeat(70), 7);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.udh).toBeNull();
    expect(parts[0]!.message).toHaveLength(140);
    expect(decode(parts[0]!.message)).toBe('督'.repeat(70));
  });

  it('cuts 71 characters into two parts of at most 66, each with the 16-bit concatenation UDH', () => {
    const text = '办'.repeat(71);
    const parts = smsParts(text, 0x2a3b);
    expect(parts.map((p) => decode(p.message).length)).toEqual([66, 5]);
    expect(parts.map((p) => [...p.udh!])).toEqual([[6, 8, 4, 0x2a, 0x3b, 2, 1], [6, 8, 4, 0x2a, 0x3b, 2, 2]]);
    expect(parts.map((p) => decode(p.message)).join('')).toBe(text);
    expect(smsPartCount(text)).toBe(2);
  });

  it('never splits a character beyond the BMP between two parts', () => {
    const text = `${'督'.repeat(65)}𠀀${'办'.repeat(10)}`;
    const parts = smsParts(text, 1).map((p) => decode(p.message));
    expect(parts[0]).toBe('督'.repeat(65));
    expect(parts.join('')).toBe(text);
  });

  it('signs the text, keeps the link and shortens a long subject to four parts', () => {
    expect(smsText('超期预警：第196号提案', 'http://d.cn/s/Ab12Cd34')).toBe(`${SMS_SIGNATURE}超期预警：第196号提案 详见 http://d.cn/s/Ab12Cd34`);
    const long = smsText('很'.repeat(400), 'http://d.cn/s/Ab12Cd34');
    expect(long.endsWith('… 详见 http://d.cn/s/Ab12Cd34')).toBe(true);
    expect(smsPartCount(long)).toBeLessThanOrEqual(4);
  });

  it('gives a target always the same 8-character code', () => {
    expect(shortCode('http://x/proposals/1')).toMatch(/^[0-9A-Za-z]{8}$/);
    expect(shortCode('http://x/proposals/1')).toBe(shortCode('http://x/proposals/1'));
    expect(shortCode('http://x/proposals/1')).not.toBe(shortCode('http://x/proposals/2'));
  });

  it('reads the id and stat of a delivery receipt', () => {
    expect(parseReceipt('id:7f3a sub:001 dlvrd:001 submit date:2406261500 done date:2406261500 stat:DELIVRD err:000 text:')).toEqual({ id: '7f3a', stat: 'DELIVRD' });
    expect(parseReceipt('hello')).toBeNull();
  });
});

describe('DingTalk signing', () => {
  it('signs timestamp\\nsecret with HMAC-SHA256 of the secret, base64 and url-encoded', () => {
    const expected = createHmac('sha256', 'SECabc').update('1719385200000\nSECabc').digest('base64');
    expect(decodeURIComponent(dingtalkSign('SECabc', 1719385200000))).toBe(expected);
    expect(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SECabc', 1719385200000)).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1719385200000&sign=${encodeURIComponent(expected)}`,
    );
    expect(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', null, 1)).toBe('https://oapi.dingtalk.com/robot/send?access_token=t');
  });

  it('links the markdown to the proposal', () => {
    expect(robotMarkdown('超期预警', '正文', 'http://d/proposals/1')).toBe('**超期预警**\n\n正文\n\n[查看详情](http://d/proposals/1)');
  });
});

describe('planChannelMessages', () => {
  const plan: ChannelPlan = {
    eventId: 'e1', proposalId: 'p1', publicUrl: 'http://d.cn', rules: {}, enabled: new Set(['sms', 'wecom', 'dingtalk', 'in_app']), smsHold: null,
  };
  const xzsp = unit('u1', { mobile: '139 0000 0002' });

  it("sends an overdue alert by SMS to the unit's mobile and to the office's work group, keyed by channel", () => {
    const out = planChannelMessages(plan, [
      { key: 'unit:a1', type: 'overdue_alert', to: { ...xzsp, recipient: 'unit', unit: xzsp }, subject: '超期预警', text: '正文' },
      { key: `supervision:${office.id}`, type: 'overdue_alert', to: { ...office, recipient: 'supervision', unit: office }, subject: '超期预警', text: '正文' },
    ]);
    expect(out.map((m) => [m.dedupeKey, m.channel, m.address])).toEqual([
      ['e1:unit:a1:sms', 'sms', '13900000002'],
      [`e1:supervision:${office.id}:sms`, 'sms', '13900000001'],
      [`e1:supervision:${office.id}:wecom`, 'wecom', `unit:${office.id}`],
    ]);
    expect(out[0]!.text).toBe(`${SMS_SIGNATURE}超期预警 详见 http://d.cn/s/${shortCode('http://d.cn/proposals/p1')}`);
  });

  it('plans nothing for a channel the recipient has no address for, or the deployment lacks', () => {
    const bare = unit('u2');
    expect(planChannelMessages(plan, [{ key: 'unit:a2', type: 'overdue_alert', to: bare, subject: 's', text: 't' }])).toEqual([]);
    expect(planChannelMessages({ ...plan, enabled: new Set() }, [{ key: 'unit:a1', type: 'overdue_alert', to: xzsp, subject: 's', text: 't' }])).toEqual([]);
  });

  it('sends one message per address and channel, whatever the number of roles it holds', () => {
    const leader = { ...office, recipient: 'supervision_leader' as const, unit: { ...office, headMobile: '13900000001' } };
    const out = planChannelMessages(plan, [
      { key: 'supervision:o', type: 'escalation', to: { ...office, recipient: 'supervision', unit: office }, subject: 's', text: 't' },
      { key: 'supervision_leader:o', type: 'escalation', to: leader, subject: 's', text: 't' },
    ]);
    expect(out.filter((m) => m.channel === 'sms')).toHaveLength(1);
    expect(out.filter((m) => m.channel === 'wecom')).toHaveLength(1);
  });

  it('holds an SMS until office hours, and keeps a later hold of the draft', () => {
    const hold = new Date('2024-06-27T00:30:00Z');
    const [sms] = planChannelMessages({ ...plan, smsHold: hold }, [{ key: 'unit:a1', type: 'overdue_alert', to: xzsp, subject: 's', text: 't' }]);
    expect(sms!.notBefore).toEqual(hold);
  });

  it('lists the message in the centre of the unit when the rules ask for it', () => {
    const [m] = planChannelMessages({ ...plan, rules: { reminder: { unit: ['in_app'] } } }, [{ key: 'unit:a1', type: 'reminder', to: xzsp, subject: 's', text: '正文' }]);
    expect(m).toMatchObject({ channel: 'in_app', address: 'unit:u1', ref: 'unit:u1', text: '正文' });
  });
});
