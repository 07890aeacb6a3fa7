import { Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { NotificationRow } from '#persistence';
import { systemActor } from '../actor.js';
import type { AppContext } from '../app-context.js';
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

/** A claimed notification, as a channel delivers it. */
export type OutgoingNotification = ClaimedRow;

/**
 * How a claimed notification leaves Duban: the one call a channel adapter replaces. It resolves
 * once the peer has accepted the message (with the addresses it refused while accepting the
 * others) and rejects when it did not; it must carry the row's own Message-ID (or the channel's
 * equivalent of it) so that a peer sees a resend as the same message.
 */
export interface DeliveryChannel {
  deliver(notification: OutgoingNotification): Promise<{ rejected?: string[] }>;
}

/** Email over the mail transport (SMTP over pooled connections, or .eml files), as from `mailFrom`. */
export class EmailChannel implements DeliveryChannel {
  constructor(
    private readonly transport: MailTransport,
    private readonly mailFrom: string,
  ) {}

  deliver(row: OutgoingNotification): Promise<{ rejected?: string[] }> {
    return this.transport.send({
      from: this.mailFrom,
      to: row.recipientEmail,
      cc: row.cc ?? [],
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      dedupeKey: row.dedupeKey,
    });
  }
}

/** One send job's request: the notification, and whether this is the job's last attempt. */
export interface DeliveryRequest {
  notificationId: string;
  lastAttempt: boolean;
}

/**
 * Delivery (the second half of the notification worker): sends notification rows, exactly once
 * as far as Duban can tell. A row is claimed with a compare-and-set to `sending` (a redelivered
 * job finds it claimed or sent and does nothing), sent with its own Message-ID and an
 * `X-Duban-Dedupe-Key` header, then marked `sent`. A failure marks it `retrying` and throws, so
 * BullMQ retries it with backoff; on the last attempt it is marked `dead` instead, and a
 * `notification.dead` event is recorded in the same transaction, which tells the supervision office.
 *
 * `executeMany` does that for a batch of send jobs: one claim for all, the messages sent side by
 * side over the channel's pooled connections, one statement marking every sent one; failures are
 * handled one by one, as alone.
 */
export class DeliverNotification {
  private readonly logger = new Logger('DeliverNotification');
  private readonly actor = systemActor('notification-worker');
  private readonly channel: DeliveryChannel;

  constructor(
    private readonly ctx: AppContext,
    channel: MailTransport | DeliveryChannel,
    settings: { mailFrom: string },
  ) {
    this.channel = 'deliver' in channel ? channel : new EmailChannel(channel, settings.mailFrom);
  }

  async execute(notificationId: string, options: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    const [outcome] = await this.executeMany([{ notificationId, lastAttempt: options.lastAttempt }]);
    if (outcome instanceof Error) throw outcome;
    return outcome!;
  }

  /** One outcome per request, in their order: what happened, or the error its job fails with (to be retried). */
  async executeMany(requests: readonly DeliveryRequest[]): Promise<Array<DeliveryOutcome | Error>> {
    const now = this.ctx.clock.now();
    const claimed = returned<ClaimedRow>(await this.ctx.ds.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = ANY($1::uuid[])
          AND (status IN ('queued', 'retrying')
               OR (status = 'held' AND not_before <= $2)
               OR (status = 'sending' AND updated_at < now() - ($3::int * interval '1 millisecond')))
        RETURNING id, dedupe_key AS "dedupeKey", proposal_id AS "proposalId", type, recipient_email AS "recipientEmail", cc,
                  subject, body_text AS "bodyText", body_html AS "bodyHtml", message_id AS "messageId", attempts`,
      [[...new Set(requests.map((r) => r.notificationId))], now, SENDING_STALE_MS],
    ));
    // Sent, dead, held until later, being sent by someone else, or gone: nothing to do ('skipped').
    const outcomes = new Map<string, DeliveryOutcome | Error>();
    if (claimed.length === 0) return requests.map(() => 'skipped');
    const lastAttempt = new Set(requests.filter((r) => r.lastAttempt).map((r) => r.notificationId));
    const results = await Promise.allSettled(claimed.map((row) => this.channel.deliver(row)));
    const sent = claimed.flatMap((row, i) => {
      const r = results[i]!;
      return r.status === 'fulfilled' ? [{ row, refused: r.value.rejected?.length ? `refused by the server: ${r.value.rejected.join(', ')}` : null }] : [];
    });
    if (sent.length > 0) {
      await this.ctx.ds.query(
        `UPDATE notifications n SET status = 'sent', sent_at = $3, last_error = v.err, updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS v(id, err)
          WHERE n.id = v.id AND n.status = 'sending'`,
        [sent.map((s) => s.row.id), sent.map((s) => s.refused), this.ctx.clock.now()],
      );
      for (const { row } of sent) {
        notificationsTotal.inc({ type: row.type, outcome: 'sent' });
        outcomes.set(row.id, 'sent');
      }
    }
    for (const [i, row] of claimed.entries()) {
      const r = results[i]!;
      if (r.status === 'rejected') outcomes.set(row.id, await this.failed(row, r.reason, lastAttempt.has(row.id)));
    }
    return requests.map((r) => outcomes.get(r.notificationId) ?? 'skipped');
  }

  /** A send that failed: dead on its job's last attempt, otherwise `retrying` and the error for BullMQ's backoff. */
  private async failed(row: ClaimedRow, e: unknown, lastAttempt: boolean): Promise<'dead' | Error> {
    const lastError = describeError(e);
    if (lastAttempt) {
      await this.markDead(row, lastError);
      notificationsTotal.inc({ type: row.type, outcome: 'dead' });
      this.logger.error({ notificationId: row.id, type: row.type, attempts: row.attempts, err: lastError }, 'notification dead after its last attempt');
      return 'dead';
    }
    await this.ctx.ds.query(
      `UPDATE notifications SET status = 'retrying', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [row.id, lastError],
    );
    notificationsTotal.inc({ type: row.type, outcome: 'retrying' });
    return e instanceof Error ? e : new Error(lastError);
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
          recipient: row.recipientEmail,
          subject: row.subject,
          attempts: row.attempts,
          lastError,
        },
      });
    });
  }
}

type ClaimedRow = Pick<
  NotificationRow,
  'id' | 'dedupeKey' | 'proposalId' | 'type' | 'recipientEmail' | 'cc' | 'subject' | 'bodyText' | 'bodyHtml' | 'messageId' | 'attempts'
>;

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
