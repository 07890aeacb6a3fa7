import type { ChannelAudience, ChannelName, ChannelRules } from '#common';
import type { Recipient } from '#domain';
import type { Addressee, ContactProposer, ContactUnit } from '#directory';
import { chooseChannels } from './choose-channels.js';
import { robotMarkdown } from './robot-payload.js';
import { shortCode, smsText } from './sms-text.js';

/** A draft's recipient as the planner has it: a unit, a proposer, or a deadline stage's addressee. */
export interface DraftRecipient {
  email: string | null;
  name: string;
  id?: string;
  code?: string;
  kind?: ContactUnit['kind'] | ContactProposer['kind'];
  recipient?: Addressee['recipient'];
  unit?: ContactUnit | null;
  proposer?: ContactProposer;
}

/** What the channel planner needs of one of the planner's drafts (its email). */
export interface ChannelDraftInput {
  key: string;
  type: string;
  to: DraftRecipient;
  subject: string;
  text: string;
  notBefore?: Date | null;
}

/** One message of a channel other than email, before it becomes a row. */
export interface ChannelMessage {
  /** `${eventId}:${draft key}:${channel}`: the email's key with the channel after it, so email keys stay as they were. */
  dedupeKey: string;
  channel: Exclude<ChannelName, 'email'>;
  type: string;
  address: string;
  ref: string | null;
  name: string;
  subject: string;
  text: string;
  notBefore: Date | null;
}

export interface ChannelPlan {
  eventId: string;
  /** The proposal the event is about: every message links to it (`/proposals/<id>`). */
  proposalId: string | null;
  publicUrl: string;
  rules: ChannelRules;
  /** The channels this deployment has (SMS only with SMPP_URL). */
  enabled: ReadonlySet<ChannelName>;
  /** When SMS may next go out (office hours), null when they are open now: an SMS is held until then. */
  smsHold: Date | null;
}

/** Whom a draft is for, as the channel rules name them, with the unit or proposer whose addresses apply. */
export function audienceOf(to: DraftRecipient): { audience: ChannelAudience; unit: ContactUnit | null; proposer: ContactProposer | null } | null {
  if (to.recipient) {
    const audience = STAGE_AUDIENCE[to.recipient];
    return audience ? { audience, unit: to.unit ?? null, proposer: to.proposer ?? null } : null;
  }
  if (to.code !== undefined && to.id && (to.kind === 'department' || to.kind === 'committee' || to.kind === 'supervision')) {
    return { audience: to.kind === 'department' ? 'unit' : to.kind, unit: to as unknown as ContactUnit, proposer: null };
  }
  if (to.id && (to.kind === 'member' || to.kind === 'group')) return { audience: 'proposer', unit: null, proposer: to as unknown as ContactProposer };
  return null;
}

const STAGE_AUDIENCE: Partial<Record<Recipient, ChannelAudience>> = {
  unit: 'unit',
  lead_unit: 'unit',
  unit_head: 'unit_head',
  supervision: 'supervision',
  supervision_leader: 'supervision_leader',
  committee: 'committee',
  proposer: 'proposer',
};

/** The message centre's name for whom a message is for: `unit:<id>` or `proposer:<id>`. */
export function recipientRef(to: DraftRecipient): string | null {
  const a = audienceOf(to);
  if (a?.proposer) return `proposer:${a.proposer.id}`;
  if (a?.unit) return `unit:${a.unit.id}`;
  return null;
}

/** The channel's address of a recipient, or null when it has none (no mobile, no robot). */
function addressOf(channel: Exclude<ChannelName, 'email'>, a: NonNullable<ReturnType<typeof audienceOf>>, ref: string | null): string | null {
  const head = a.audience === 'unit_head' || a.audience === 'supervision_leader';
  switch (channel) {
    case 'sms':
      return clean(a.proposer ? a.proposer.mobile : head ? a.unit?.headMobile : a.unit?.mobile);
    case 'wecom':
      return a.unit && clean(a.unit.wecomWebhook) ? `unit:${a.unit.id}` : null;
    case 'dingtalk':
      return a.unit && clean(a.unit.dingtalkWebhook) ? `unit:${a.unit.id}` : null;
    case 'in_app':
      return ref;
  }
}

function clean(value: string | null | undefined): string | null {
  const v = value?.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return v ? v : null;
}

/**
 * The messages beside the emails (pure): for each draft, the channels the rules choose for its type
 * and audience, where the recipient has the channel's address and the deployment the channel. One
 * message per (channel, address) per event, the first draft's, whatever the number of roles the
 * address holds in it. An SMS carries a short link (/s/<code>) and is held until office hours.
 */
export function planChannelMessages(plan: ChannelPlan, drafts: readonly ChannelDraftInput[]): ChannelMessage[] {
  const out: ChannelMessage[] = [];
  const seen = new Set<string>();
  const url = plan.proposalId ? `${plan.publicUrl}/proposals/${encodeURIComponent(plan.proposalId)}` : null;
  const shortUrl = url ? `${plan.publicUrl}/s/${shortCode(url)}` : null;
  for (const d of drafts) {
    const a = audienceOf(d.to);
    if (!a) continue;
    const ref = recipientRef(d.to);
    for (const channel of chooseChannels(d.type, a.audience, plan.rules)) {
      if (channel === 'email' || !plan.enabled.has(channel)) continue;
      const address = addressOf(channel, a, ref);
      if (!address || seen.has(`${channel}:${address}`)) continue;
      seen.add(`${channel}:${address}`);
      const sms = channel === 'sms';
      const hold = sms && plan.smsHold && (!d.notBefore || plan.smsHold > d.notBefore) ? plan.smsHold : (d.notBefore ?? null);
      out.push({
        dedupeKey: `${plan.eventId}:${d.key}:${channel}`,
        channel,
        type: d.type,
        address,
        ref,
        name: d.to.name,
        subject: d.subject,
        text: sms ? smsText(d.subject, shortUrl) : channel === 'in_app' ? d.text : robotMarkdown(d.subject, d.text, url),
        notBefore: hold,
      });
    }
  }
  return out;
}

/** The target a short link's code stands for, from a message's link path. */
export function shortLinkOf(publicUrl: string, link: string): { code: string; target: string } {
  const target = `${publicUrl}${link}`;
  return { code: shortCode(target), target };
}
