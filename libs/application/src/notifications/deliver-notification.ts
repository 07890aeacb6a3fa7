import { Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { UNSENT_NOTIFICATION_STATUSES } from '#domain';
import { NotificationRow } from '#persistence';
import { systemActor } from '../actor.js';
import type { AppContext } from '../app-context.js';
import { ChannelRegistry, channelMessagesTotal, type ChannelName } from './channels/channel.js';
import type { MailTransport } from './mail-transport.js';

export const notificationsTotal =
  (register.getSingleMetric('duban_notifications_total') as Counter<'type' | 'outcome'> | undefined) ??
  new Counter({
    name: 'duban_notifications_total',
    help: 'Notification delivery attempts by type and outcome (sent, retrying, dead)',
    labelNames: ['type', 'outcome'],
  });

/** A row stuck in `sending` this long belongs to a process that died mid-send (sends time out well before). */
export const SENDING_STALE_MS = 120_000;

export type DeliveryOutcome = 'sent' | 'retrying' | 'dead' | 'skipped';

const MAX_ERROR_LENGTH = 2000;

/**
 * Delivery (the second half of the notification worker): sends one notification row, exactly once
 * as far as Duban can tell. The row is claimed with a compare-and-set to `sending` (a redelivered
 * job finds it claimed or sent and does nothing), sent with its own Message-ID and an
 * `X-Duban-Dedupe-Key` header, then marked `sent`. A failure marks it `retrying` and throws, so
 * BullMQ retries it with backoff; on the last attempt it is marked `dead` instead, and a
 * `notification.dead` event is recorded in the same transaction, which tells the supervision office.
 */
export class DeliverNotification {
  private readonly logger = new Logger('DeliverNotification');
  private readonly actor = systemActor('notification-worker');

  constructor(
    private readonly ctx: AppContext,
    private readonly transport: MailTransport,
    private readonly settings: { mailFrom: string },
    /** The channels beside email (channels/), each with its own attempts. */
    private readonly channels: ChannelRegistry = new ChannelRegistry([]),
  ) {}

  /** `attempt` (1-based, of this job) lets a channel with fewer attempts than the job's die on its own last one. */
  async execute(notificationId: string, options: { lastAttempt: boolean; attempt?: number }): Promise<DeliveryOutcome> {
    const now = this.ctx.clock.now();
    const claimed = returned<ClaimedRow>(await this.ctx.ds.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1
          AND (status = ANY($4::text[])
               OR (status = 'held' AND not_before <= $2)
               OR (status = 'sending' AND updated_at < now() - ($3::int * interval '1 millisecond')))
        RETURNING id, dedupe_key AS "dedupeKey", proposal_id AS "proposalId", type, recipient_email AS "recipientEmail", cc,
                  channel, recipient_address AS "recipientAddress", recipient_name AS "recipientName", link, subject, body_text AS "bodyText", body_html AS "bodyHtml", message_id AS "messageId", attempts`,
      [notificationId, now, SENDING_STALE_MS, UNSENT_NOTIFICATION_STATUSES],
    ));
    const row = claimed[0];
    // Sent, dead, held until later, being sent by someone else, or gone: nothing to do.
    if (!row) return 'skipped';

    try {
      if (row.channel !== 'email') return await this.sendOver(row);
      const result = await this.transport.send({
        from: this.settings.mailFrom,
        to: row.recipientEmail!,
        cc: row.cc ?? [],
        subject: row.subject,
        text: row.bodyText,
        html: row.bodyHtml,
        messageId: row.messageId,
        dedupeKey: row.dedupeKey,
      });
      await this.ctx.ds.query(
        `UPDATE notifications SET status = 'sent', sent_at = $2, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [row.id, this.ctx.clock.now(), result.rejected?.length ? `refused by the server: ${result.rejected.join(', ')}` : null],
      );
      this.count(row, 'sent');
      return 'sent';
    } catch (e) {
      const lastError = describeError(e);
      const own = this.channels.attempts[row.channel];
      if (options.lastAttempt || (own !== undefined && options.attempt !== undefined && options.attempt >= own)) {
        await this.markDead(row, lastError);
        this.count(row, 'dead');
        this.logger.error({ notificationId: row.id, type: row.type, attempts: row.attempts, err: lastError }, 'notification dead after its last attempt');
        return 'dead';
      }
      await this.ctx.ds.query(
        `UPDATE notifications SET status = 'retrying', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [row.id, lastError],
      );
      this.count(row, 'retrying');
      throw e;
    }
  }

  /** A message of another channel than email: sent by its adapter, its peer's ids kept (an SMS's, for its receipts). */
  private async sendOver(row: ClaimedRow): Promise<DeliveryOutcome> {
    const receipt = await this.channels.sendOne({
      id: row.id, dedupeKey: row.dedupeKey, type: row.type, channel: row.channel, address: row.recipientAddress!, recipientName: row.recipientName,
      subject: row.subject, text: row.bodyText, link: row.link,
    });
    await this.ctx.ds.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2, last_error = NULL, provider_ids = $3, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [row.id, this.ctx.clock.now(), receipt.providerIds?.length ? receipt.providerIds : null],
    );
    this.count(row, 'sent');
    return 'sent';
  }

  private count(row: ClaimedRow, outcome: 'sent' | 'retrying' | 'dead'): void {
    notificationsTotal.inc({ type: row.type, outcome });
    channelMessagesTotal.inc({ channel: row.channel, outcome });
  }

  private async markDead(row: ClaimedRow, lastError: string): Promise<void> {
    await this.ctx.transaction(this.actor, async (tx) => {
      const updated = returned<{ id: string }>(await tx.em.query(
        `UPDATE notifications SET status = 'dead', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
        [row.id, lastError],
      ));
      if (updated.length === 0) return;
      await tx.record({
        type: 'notification.dead',
        proposalId: row.proposalId,
        subjectType: 'notification',
        subjectId: row.id,
        dedupeKey: `notification.dead:${row.id}`,
        payload: {
          notificationId: row.id,
          type: row.type,
          recipient: row.recipientEmail ?? `${row.recipientName ?? ''} ${row.recipientAddress ?? ''}`.trim(),
          subject: row.subject,
          attempts: row.attempts,
          lastError,
          ...(row.channel !== 'email' ? { channel: row.channel } : {}),
        },
      });
    });
  }
}

type ClaimedRow = Pick<
  NotificationRow,
  'id' | 'dedupeKey' | 'proposalId' | 'type' | 'recipientEmail' | 'cc' | 'subject' | 'bodyText' | 'bodyHtml' | 'messageId' | 'attempts'
  | 'recipientAddress' | 'recipientName' | 'link'
> & { channel: ChannelName };

/** The rows of an UPDATE … RETURNING: typeorm's query() answers it with [rows, affected count]. */
export function returned<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

function describeError(e: unknown): string {
  const err = e as { message?: string; responseCode?: number; code?: string };
  const message = err?.message ?? String(e);
  const prefix = err?.responseCode ? `${err.responseCode} ` : err?.code && !message.includes(err.code) ? `${err.code} ` : '';
  return `${prefix}${message}`.slice(0, MAX_ERROR_LENGTH);
}
