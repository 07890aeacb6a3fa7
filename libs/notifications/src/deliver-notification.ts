import { Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { UNSENT_NOTIFICATION_STATUSES } from '#domain';
import { NotificationRow, returned } from '#persistence';
import { retryTransient, systemActor, type AppContext } from '#kernel';
import { ChannelRegistry, channelMessagesTotal, type ChannelName, type ChannelReceipt } from './channels/channel.js';
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
 * How a claimed email leaves Duban: the one call an email adapter replaces (the other channels
 * are the ChannelRegistry's, channels/). It resolves
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
      to: row.recipientEmail!,
      cc: row.cc ?? [],
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      dedupeKey: row.dedupeKey,
    });
  }
}

/**
 * One send job's request: the notification, whether this is the job's last attempt, and which
 * attempt it is (1-based), so that a channel with fewer attempts than the job's dies on its own last one.
 */
export interface DeliveryRequest {
  notificationId: string;
  lastAttempt: boolean;
  attempt?: number;
}

/**
 * Delivery (the second half of the notification worker): sends notification rows, exactly once
 * as far as Duban can tell. A row is claimed with a compare-and-set to `sending` (a redelivered
 * job finds it claimed or sent and does nothing), sent with its own Message-ID and an
 * `X-Duban-Dedupe-Key` header, then marked `sent`. A failure marks it `retrying` and throws, so
 * BullMQ retries it with backoff; on the last attempt it is marked `dead` instead, and a
 * `notification.dead` event is recorded in the same transaction, which tells the supervision office.
 *
 * `executeMany` does that for a batch (of send jobs, or what a planning job just planned): one
 * claim for all, the messages sent side by side (emails over the email channel's pooled
 * connections, the other channels' messages by their adapters in `channels`, one call per channel
 * for the batch), one statement marking every sent one; failures are handled one by one, as alone.
 */
/** How many claimed messages are in the hands of their peers before they are marked sent (the resend window of a kill). */
const SEND_CHUNK = 8;

/**
 * The longest a chunk's sends may take before they count as failed (retried later): a send that
 * never settles must not hold its chunk, and the rest of its batch, past SENDING_STALE_MS, when the
 * maintenance pass would take the claimed rows back and send them again.
 */
export const SEND_TIMEOUT_MS = 45_000;

/** The promise, or a rejection naming what did not answer after `ms`. */
function answerWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export class DeliverNotification {
  private readonly logger = new Logger('DeliverNotification');
  private readonly actor = systemActor('notification-worker');
  private readonly channel: DeliveryChannel;

  constructor(
    private readonly ctx: AppContext,
    channel: MailTransport | DeliveryChannel,
    settings: { mailFrom: string },
    /** The channels beside email (channels/), each with its own attempts. */
    private readonly channels: ChannelRegistry = new ChannelRegistry([]),
  ) {
    this.channel = 'deliver' in channel ? channel : new EmailChannel(channel, settings.mailFrom);
  }

  /** `attempt` (1-based, of this job) lets a channel with fewer attempts than the job's die on its own last one. */
  async execute(notificationId: string, options: { lastAttempt: boolean; attempt?: number }): Promise<DeliveryOutcome> {
    const [outcome] = await this.executeMany([{ notificationId, lastAttempt: options.lastAttempt, attempt: options.attempt }]);
    if (outcome instanceof Error) throw outcome;
    return outcome!;
  }

  /** One outcome per request, in their order: what happened, or the error its job fails with (to be retried). */
  async executeMany(requests: readonly DeliveryRequest[]): Promise<Array<DeliveryOutcome | Error>> {
    const now = this.ctx.clock.now();
    const claimed = returned<ClaimedRow>(await this.ctx.ds.query(
      `WITH claimable AS (
         SELECT id FROM notifications
          WHERE id = ANY($1::uuid[])
            AND (status = ANY($4::text[])
                 OR (status = 'held' AND not_before <= $2)
                 OR (status = 'sending' AND updated_at < now() - ($3::int * interval '1 millisecond')))
          ORDER BY id FOR NO KEY UPDATE)
       UPDATE notifications n SET status = 'sending', attempts = attempts + 1, updated_at = now()
         FROM claimable c
        WHERE n.id = c.id
          AND (n.status = ANY($4::text[])
               OR (n.status = 'held' AND n.not_before <= $2)
               OR (n.status = 'sending' AND n.updated_at < now() - ($3::int * interval '1 millisecond')))
        RETURNING n.id, n.dedupe_key AS "dedupeKey", n.proposal_id AS "proposalId", n.type, n.recipient_email AS "recipientEmail", n.cc,
                  n.channel, n.recipient_address AS "recipientAddress", n.recipient_name AS "recipientName", n.link,
                  n.subject, n.body_text AS "bodyText", n.body_html AS "bodyHtml", n.message_id AS "messageId", n.attempts`,
      [[...new Set(requests.map((r) => r.notificationId))], now, SENDING_STALE_MS, UNSENT_NOTIFICATION_STATUSES],
    ));
    // Sent, dead, held until later, being sent by someone else, or gone: nothing to do ('skipped').
    const outcomes = new Map<string, DeliveryOutcome | Error>();
    if (claimed.length === 0) return requests.map(() => 'skipped');
    const requestOf = new Map(requests.map((r) => [r.notificationId, r]));
    // Sent and marked sent a chunk at a time: a process killed mid-batch leaves at most one chunk
    // sent but not marked (sent again, with the same Message-ID, once the claim goes stale); the
    // rest of the claimed rows were never handed to a peer.
    for (let at = 0; at < claimed.length; at += SEND_CHUNK) {
      await this.sendChunk(claimed.slice(at, at + SEND_CHUNK), requestOf, outcomes);
    }
    return requests.map((r) => outcomes.get(r.notificationId) ?? 'skipped');
  }

  private async sendChunk(claimed: readonly ClaimedRow[], requestOf: Map<string, DeliveryRequest>, outcomes: Map<string, DeliveryOutcome | Error>): Promise<void> {
    const results = await this.sendAll(claimed);
    const sent = claimed.flatMap((row, i) => {
      const r = results[i]!;
      return r.status === 'fulfilled' ? [{ row, ...r.value }] : [];
    });
    if (sent.length > 0) {
      // An email keeps its provider ids (none); another channel's message records its peer's (an SMS's, for its receipts).
      // Sent is sent: the mark is run again when Postgres chose it to lose a deadlock, never left
      // undone (the rows would stay 'sending' and go out again once stale). Rows are locked in id
      // order, as the receipts' statement locks them, so these two do not deadlock each other.
      await retryTransient(() => this.ctx.ds.query(
        `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, err, ids)),
              locked AS (SELECT n.id FROM notifications n WHERE n.id = ANY($1::uuid[]) AND n.status = 'sending' ORDER BY n.id FOR NO KEY UPDATE)
         UPDATE notifications n SET status = 'sent', sent_at = $4, last_error = v.err, updated_at = now(),
                provider_ids = CASE WHEN n.channel = 'email' THEN n.provider_ids
                                    ELSE NULLIF(ARRAY(SELECT jsonb_array_elements_text(v.ids::jsonb)), '{}'::text[]) END
           FROM v JOIN locked l ON l.id = v.id
          WHERE n.id = v.id AND n.status = 'sending'`,
        [sent.map((s) => s.row.id), sent.map((s) => s.refused), sent.map((s) => JSON.stringify(s.providerIds)), this.ctx.clock.now()],
      ));
      for (const { row } of sent) {
        this.count(row, 'sent');
        outcomes.set(row.id, 'sent');
      }
    }
    for (const [i, row] of claimed.entries()) {
      const r = results[i]!;
      if (r.status === 'rejected') outcomes.set(row.id, await this.failed(row, r.reason, this.isLastAttempt(row, requestOf.get(row.id))));
    }
  }

  /**
   * Sends claimed rows over their channels: each email over the email channel (the addresses the
   * server refused while accepting the others kept as its last error), the other channels' messages
   * by their adapters, one call per channel for the batch (their peers' ids kept).
   */
  private async sendAll(rows: readonly ClaimedRow[]): Promise<Array<PromiseSettledResult<{ refused: string | null; providerIds: string[] }>>> {
    const others = rows.filter((row) => row.channel !== 'email');
    const [emails, receipts] = await Promise.all([
      Promise.allSettled(rows.map(async (row) => {
        if (row.channel !== 'email') return null;
        // A send that does not settle fails as any other (its last_error says so) and is retried.
        const result = await answerWithin(this.channel.deliver(row), SEND_TIMEOUT_MS, `email ${row.id}`);
        return { refused: result.rejected?.length ? `refused by the server: ${result.rejected.join(', ')}` : null, providerIds: [] };
      })),
      others.length === 0 ? new Map<string, ChannelReceipt | { id: string; error: Error }>() : answerWithin(this.channels.sendMany(others.map((row) => ({
        id: row.id, dedupeKey: row.dedupeKey, type: row.type, channel: row.channel, address: row.recipientAddress!, recipientName: row.recipientName,
        subject: row.subject, text: row.bodyText, link: row.link,
      }))), SEND_TIMEOUT_MS, `channels ${[...new Set(others.map((r) => r.channel))].join(', ')}`).catch((e: unknown) => {
        this.logger.warn({ notificationIds: others.map((r) => r.id), err: describeError(e) }, 'channel send did not settle');
        return new Map<string, ChannelReceipt | { id: string; error: Error }>(others.map((r) => [r.id, { id: r.id, error: e as Error }]));
      }),
    ]);
    return rows.map((row, i) => {
      if (row.channel === 'email') return emails[i] as PromiseSettledResult<{ refused: string | null; providerIds: string[] }>;
      const receipt = receipts.get(row.id);
      if (!receipt) return { status: 'rejected', reason: new Error(`no answer for ${row.id}`) };
      return 'error' in receipt ? { status: 'rejected', reason: receipt.error } : { status: 'fulfilled', value: { refused: null, providerIds: receipt.providerIds ?? [] } };
    });
  }

  /** The job's last attempt, or the channel's own last one when it has fewer attempts than the job. */
  private isLastAttempt(row: ClaimedRow, request: DeliveryRequest | undefined): boolean {
    if (!request) return false;
    const own = this.channels.attempts[row.channel];
    return request.lastAttempt || (own !== undefined && request.attempt !== undefined && request.attempt >= own);
  }

  private count(row: ClaimedRow, outcome: 'sent' | 'retrying' | 'dead'): void {
    notificationsTotal.inc({ type: row.type, outcome });
    channelMessagesTotal.inc({ channel: row.channel, outcome });
  }

  /** A send that failed: dead on its job's last attempt, otherwise `retrying` and the error for BullMQ's backoff. */
  private async failed(row: ClaimedRow, e: unknown, lastAttempt: boolean): Promise<'dead' | Error> {
    const lastError = describeError(e);
    if (lastAttempt) {
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

function describeError(e: unknown): string {
  const err = e as { message?: string; responseCode?: number; code?: string };
  const message = err?.message ?? String(e);
  const prefix = err?.responseCode ? `${err.responseCode} ` : err?.code && !message.includes(err.code) ? `${err.code} ` : '';
  return `${prefix}${message}`.slice(0, MAX_ERROR_LENGTH);
}
