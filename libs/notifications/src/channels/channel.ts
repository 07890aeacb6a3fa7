import { Counter, register } from 'prom-client';
import type { ChannelName } from '#common';

export { CHANNELS, type ChannelName } from '#common';

/*
 * The ways a notification leaves Duban (issue 15): 邮件, 短信 (SMPP), 企业微信 and 钉钉 group
 * robots, and 站内消息 (the message centre on the desk). One `notifications` row is one message
 * over one channel.
 */

/** How the admin pages name a channel. */
export const CHANNEL_LABELS: Record<ChannelName, string> = {
  email: '邮件',
  sms: '短信',
  wecom: '企业微信',
  dingtalk: '钉钉',
  in_app: '站内消息',
};

/** One message as a channel sends it: a claimed notification row. */
export interface OutgoingMessage {
  id: string;
  dedupeKey: string;
  type: string;
  channel: ChannelName;
  /** The channel's address: a mobile number, `unit:<id>` (robots, message centre), `proposer:<id>`. */
  address: string;
  recipientName: string | null;
  subject: string;
  /** The text the channel sends (an SMS's text with its short link, a robot's markdown). */
  text: string;
  link: string | null;
}

/** What a channel answers per message it sent. */
export interface ChannelReceipt {
  id: string;
  /** The peer's ids (an SMSC's message_id per part of a long SMS). */
  providerIds?: string[];
}

/**
 * A channel: sends a batch of messages and answers, per message, a receipt or an error. A message
 * whose send failed is retried by the deliverer (its own attempts and backoff) and, after its
 * last attempt, becomes a dead letter like an email.
 */
export interface NotificationChannel {
  readonly name: ChannelName;
  send(batch: readonly OutgoingMessage[]): Promise<Array<ChannelReceipt | { id: string; error: Error }>>;
  close?(): Promise<void> | void;
}

/** The channels a process can send over (email is sent by the deliverer's MailTransport). */
export class ChannelRegistry {
  private readonly byName = new Map<ChannelName, NotificationChannel>();

  constructor(channels: readonly NotificationChannel[], readonly attempts: Partial<Record<ChannelName, number>> = {}) {
    for (const c of channels) this.byName.set(c.name, c);
  }

  get(name: ChannelName): NotificationChannel {
    const channel = this.byName.get(name);
    if (!channel) throw new Error(`channel ${name} is not configured in this process`);
    return channel;
  }

  /** The known channels' names. */
  has(name: ChannelName): boolean {
    return this.byName.has(name);
  }

  /** Sends one message; throws what the channel answered for it. */
  async sendOne(message: OutgoingMessage): Promise<ChannelReceipt> {
    const result = (await this.sendMany([message])).get(message.id)!;
    if ('error' in result) throw result.error;
    return result;
  }

  /**
   * Sends messages of any channels: one `send` per channel for all of its messages (its short links,
   * robot webhooks read once for the batch), the channels side by side. Answers each message's
   * receipt or error, by id; a channel that throws as a whole fails each of its messages. (An error
   * is wrapped, not told by `instanceof Error`: a socket's error may come from another realm.)
   */
  async sendMany(messages: readonly OutgoingMessage[]): Promise<Map<string, ChannelReceipt | { id: string; error: Error }>> {
    const out = new Map<string, ChannelReceipt | { id: string; error: Error }>();
    const byChannel = new Map<ChannelName, OutgoingMessage[]>();
    for (const m of messages) byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
    await Promise.all(
      [...byChannel].map(async ([name, batch]) => {
        try {
          for (const r of await this.get(name).send(batch)) out.set(r.id, r);
        } catch (e) {
          for (const m of batch) out.set(m.id, { id: m.id, error: e as Error });
        }
        for (const m of batch) if (!out.has(m.id)) out.set(m.id, { id: m.id, error: new Error(`channel ${name} answered nothing for ${m.id}`) });
      }),
    );
    return out;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const c of this.byName.values()) await c.close?.();
  }
}

/** Per channel and outcome (sent, retrying, dead), beside duban_notifications_total (by type). */
export const channelMessagesTotal =
  (register.getSingleMetric('duban_channel_messages_total') as Counter<'channel' | 'outcome'> | undefined) ??
  new Counter({
    name: 'duban_channel_messages_total',
    help: 'Notification delivery attempts by channel (email, sms, wecom, dingtalk, in_app) and outcome (sent, retrying, dead)',
    labelNames: ['channel', 'outcome'],
  });

/** SMS delivery receipts by their final state (DELIVRD, UNDELIV, EXPIRED…). */
export const smsReceiptsTotal =
  (register.getSingleMetric('duban_sms_receipts_total') as Counter<'stat'> | undefined) ??
  new Counter({ name: 'duban_sms_receipts_total', help: 'SMS delivery receipts received, by their stat', labelNames: ['stat'] });
