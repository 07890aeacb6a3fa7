import { Logger } from '@nestjs/common';
import smpp, { type Pdu, type Session } from 'smpp';
import type { ChannelReceipt, NotificationChannel, OutgoingMessage } from './channel.js';
import { smsReceiptsTotal } from './channel.js';
import { parseReceipt, smsParts, smsReference } from './sms-text.js';

/** One SMPP request must be answered within this; the session is dropped and made again otherwise. */
const RESPONSE_TIMEOUT_MS = 10_000;

/**
 * What the channel does with a delivery receipt (状态报告): recorded on the message by the caller.
 * `notificationId`: the message whose part it is, when this process sent it (and still remembers).
 */
export type ReceiptSink = (providerId: string, stat: string, at: Date, notificationId?: string) => Promise<void>;

/** How many SMSC ids the channel remembers the message of, for their receipts (the oldest forgotten first). */
const REMEMBERED_PARTS = 200_000;

export interface SmppSettings {
  /** `smpp://system_id:password@host:port` (or `ssmpp://`). */
  url: string;
  /** 源号码. */
  source: string;
  /** Before a batch is sent (its short links stored, in one statement). */
  prepare?: (batch: readonly OutgoingMessage[]) => Promise<void>;
  onReceipt: ReceiptSink;
}

/**
 * 短信 over SMPP (v3.4 as every Chinese operator's gateway speaks it), with the `smpp` package: one
 * transceiver session per process, bound on first use and kept open (enquire_link every 30 s),
 * made again after the SMSC drops it. Each message is sent as UCS-2 (data_coding 8), one submit_sm
 * per part of a long SMS (16-bit UDH, 66 characters a part), asking for a delivery receipt
 * (registered_delivery 1); the SMSC's message ids are answered, and its deliver_sm receipts
 * handed to `onReceipt`.
 */
export class SmppChannel implements NotificationChannel {
  readonly name = 'sms' as const;
  private readonly logger = new Logger('SmppChannel');
  private session: Promise<Session> | null = null;
  /**
   * The message of each part sent, by its SMSC id: a receipt often arrives before the deliverer has
   * stored the ids (it marks a batch sent once all of it is out), and by the message's own id it is
   * recorded at once, without a search of the ids.
   */
  private readonly messageOfPart = new Map<string, string>();

  constructor(private readonly settings: SmppSettings) {}

  async send(batch: readonly OutgoingMessage[]): Promise<Array<ChannelReceipt | { id: string; error: Error }>> {
    const out: Array<ChannelReceipt | { id: string; error: Error }> = [];
    try {
      await this.settings.prepare?.(batch);
    } catch (e) {
      return batch.map((m) => ({ id: m.id, error: e as Error }));
    }
    for (const m of batch) {
      try {
        const session = await this.bound();
        const providerIds: string[] = [];
        for (const part of smsParts(m.text, smsReference(m.id))) {
          const resp = await request(session, (cb) =>
            session.submit_sm(
              {
                source_addr: this.settings.source,
                destination_addr: m.address,
                data_coding: 8,
                esm_class: part.udh ? 0x40 : 0,
                registered_delivery: 1,
                short_message: part.udh ? { udh: part.udh, message: part.message } : part.message,
              },
              cb,
            ),
          );
          if (resp.command_status !== 0) throw new Error(`SMSC refused submit_sm: command_status 0x${resp.command_status.toString(16)}`);
          providerIds.push(String(resp.message_id));
          this.remember(String(resp.message_id), m.id);
        }
        out.push({ id: m.id, providerIds });
      } catch (e) {
        out.push({ id: m.id, error: e as Error });
      }
    }
    return out;
  }

  private remember(providerId: string, notificationId: string): void {
    this.messageOfPart.set(providerId, notificationId);
    if (this.messageOfPart.size > REMEMBERED_PARTS) this.messageOfPart.delete(this.messageOfPart.keys().next().value!);
  }

  /** The bound session, binding a new one when there is none. */
  private bound(): Promise<Session> {
    this.session ??= this.bind().catch((e: unknown) => {
      this.session = null;
      throw e;
    });
    return this.session;
  }

  private async bind(): Promise<Session> {
    const url = new URL(this.settings.url);
    const session = smpp.connect({ url: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'ssmpp:' ? 3550 : 2775)}`, auto_enquire_link_period: 30_000 });
    // Each request in flight listens for the session's close: the concurrent batches of a burst have hundreds.
    session.setMaxListeners(0);
    const dropped = (e?: unknown) => {
      if (this.session && e) this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'SMPP session lost');
      this.session = null;
    };
    session.on('close', () => dropped());
    session.on('error', (e: unknown) => {
      dropped(e);
      session.destroy();
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      session.send(pdu.response());
      const text = typeof pdu.short_message === 'object' && pdu.short_message && 'message' in pdu.short_message ? pdu.short_message.message : pdu.short_message;
      const receipt = (pdu.esm_class ?? 0) & 0x04 ? parseReceipt(String(text ?? '')) : null;
      if (!receipt) return;
      smsReceiptsTotal.inc({ stat: receipt.stat });
      // Looked up on the next turn: a receipt read from the socket right behind its submit_sm_resp
      // comes before the sender, woken by that answer, has remembered the part.
      setImmediate(() => {
        const notificationId = this.messageOfPart.get(receipt.id);
        this.messageOfPart.delete(receipt.id);
        this.settings.onReceipt(receipt.id, receipt.stat, new Date(), notificationId).catch((e: unknown) =>
          this.logger.error({ providerId: receipt.id, err: e instanceof Error ? e.message : String(e) }, 'SMS receipt not recorded'),
        );
      });
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMPP connect to ${url.host} timed out`)), RESPONSE_TIMEOUT_MS);
      session.once('connect', () => (clearTimeout(timer), resolve()));
      session.once('error', (e: Error) => (clearTimeout(timer), reject(e)));
    });
    const resp = await request(session, (cb) =>
      session.bind_transceiver({ system_id: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }, cb),
    );
    if (resp.command_status !== 0) {
      session.destroy();
      throw new Error(`SMSC refused bind_transceiver: command_status 0x${resp.command_status.toString(16)}`);
    }
    return session;
  }

  async close(): Promise<void> {
    const pending = this.session;
    this.session = null;
    const session = await pending?.catch(() => null);
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => (session.destroy(), resolve()), 1000);
      session.unbind({}, () => session.close(() => (clearTimeout(timer), resolve())));
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

/** One request and its response, or an error after RESPONSE_TIMEOUT_MS (or at once when the socket is gone). */
function request(session: Session, send: (cb: (pdu: Pdu) => void) => boolean): Promise<Pdu> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error('SMSC did not answer in time'));
    }, RESPONSE_TIMEOUT_MS);
    const closed = () => (clearTimeout(timer), reject(new Error('SMPP session closed before the answer')));
    session.once('close', closed);
    const written = send((pdu) => {
      clearTimeout(timer);
      session.off('close', closed);
      resolve(pdu);
    });
    if (!written) {
      clearTimeout(timer);
      session.off('close', closed);
      reject(new Error('SMPP session not writable'));
    }
  });
}
