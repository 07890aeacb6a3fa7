import type { ChannelReceipt, NotificationChannel, OutgoingMessage } from './channel.js';

/**
 * 站内消息 alone: the message centre lists every notification by whom it is for, whatever its
 * channel, so an `in_app` row (planned where the channel rules ask for the message centre only) is
 * delivered by being stored; sending it just marks it sent.
 */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app' as const;

  send(batch: readonly OutgoingMessage[]): Promise<ChannelReceipt[]> {
    return Promise.resolve(batch.map((m) => ({ id: m.id })));
  }
}
