import type { ChannelAudience, ChannelName, ChannelRules } from '#common';

/**
 * The supervision office's alerts (督查室的预警): what its work group (企业微信 / 钉钉群) should see
 * as soon as it happens, beside the mailbox.
 */
const OFFICE_ALERTS = new Set(['overdue_alert', 'escalation', 'delivery_failure', 'weekly_digest', 'supervision_overdue', 'supervision_escalation']);

/** Types worth a text message (短信) to whoever is told: being late, escalated. */
const SMS_TYPES = new Set(['overdue_alert', 'escalation']);

/**
 * The channels of one message, by notification type and audience (pure: no addresses, no I/O).
 * Defaults: email for everyone; SMS added for overdue alerts, escalations and the reply notice to
 * the proposer (答复通知); the work-group robots (企业微信, 钉钉) added for the supervision office's
 * alerts. A rule of `DUBAN_NOTIFY_CHANNELS` replaces the defaults of its pair, the most specific
 * first: the type and audience, the type and `*`, `*` and the audience, `*` and `*`.
 *
 * A channel is only used where the recipient has its address (a mobile, a robot webhook) and the
 * process has it configured (SMS needs SMPP_URL): that is the planner's business, not this one's.
 */
export function chooseChannels(type: string, audience: ChannelAudience, rules: ChannelRules = {}): ChannelName[] {
  const configured = rules[type]?.[audience] ?? rules[type]?.['*'] ?? rules['*']?.[audience] ?? rules['*']?.['*'];
  if (configured) return [...configured];
  const out: ChannelName[] = ['email'];
  if (SMS_TYPES.has(type) || (type === 'reply_notice' && audience === 'proposer')) out.push('sms');
  if ((audience === 'supervision' || audience === 'supervision_leader') && OFFICE_ALERTS.has(type)) out.push('wecom', 'dingtalk');
  return out;
}
