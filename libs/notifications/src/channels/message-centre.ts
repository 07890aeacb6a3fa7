import type { DataSource } from 'typeorm';
import { type Actor, NotFoundError } from '#kernel';
import { CHANNEL_LABELS, type ChannelName } from './channel.js';

/** One entry of a user's message centre: one notification (an event's message to one recipient), over however many channels it went. */
export interface CentreMessage {
  /** The id of the first of its rows: what mark-read names. */
  id: string;
  type: string;
  subject: string;
  text: string;
  /** The UI path of what it is about (`/proposals/<id>`), if anything. */
  link: string | null;
  proposalId: string | null;
  /** When it went out (Duban's clock; the row's creation while it has not). */
  createdAt: Date;
  read: boolean;
  /** How it was delivered: each channel with its status (邮件 已发送, 短信 已送达…). */
  deliveries: Array<{ channel: ChannelName; label: string; status: string; receipt: string | null }>;
}

type UserActor = Extract<Actor, { kind: 'user' }>;

/**
 * 站内消息: every notification is also listed to the users of whom it is for — a unit's users see
 * their unit's, a proposer's user theirs, the supervision office's staff (supervisor role) the
 * office's and the committee's staff the committee's — one entry per event and recipient whatever
 * the channels that carried it, newest first, with its read mark (per user) and link. Held rows
 * (waiting for office hours) are listed once they are due.
 */
export class MessageCentre {
  constructor(private readonly ds: DataSource) {}

  /** The recipient refs (`unit:<id>`, `proposer:<id>`) whose messages a user sees. */
  async refsOf(actor: UserActor): Promise<string[]> {
    const refs: string[] = [];
    if (actor.unitId) refs.push(`unit:${actor.unitId}`);
    if (actor.proposerId) refs.push(`proposer:${actor.proposerId}`);
    const kind = actor.role === 'supervisor' ? 'supervision' : actor.role === 'committee' ? 'committee' : null;
    if (kind) {
      const rows: Array<{ ref: string }> = await this.ds.query(`SELECT 'unit:' || id AS ref FROM units WHERE kind = $1`, [kind]);
      refs.push(...rows.map((r) => r.ref));
    }
    return [...new Set(refs)];
  }

  async list(actor: UserActor, options: { limit?: number; unreadOnly?: boolean } = {}): Promise<CentreMessage[]> {
    const refs = await this.refsOf(actor);
    if (refs.length === 0) return [];
    const limit = Math.min(200, Math.max(1, options.limit ?? 50));
    const rows: Array<{
      id: string; group_key: string; type: string; subject: string; body_text: string; channel: ChannelName; link: string | null; proposal_id: string | null;
      created_at: Date; status: string; receipt_status: string | null; read: boolean;
    }> = await this.ds.query(
      `WITH groups AS (
         SELECT coalesce(n.event_id::text, n.id::text) || '|' || n.recipient_ref || '|' || n.type AS group_key, max(n.created_at) AS at,
                bool_and(r.user_id IS NOT NULL) AS read
           FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $2
          WHERE n.recipient_ref = ANY($1) AND n.status <> 'held'
          GROUP BY 1
         HAVING NOT $4::boolean OR NOT bool_and(r.user_id IS NOT NULL)
          ORDER BY at DESC LIMIT $3)
       SELECT n.id, g.group_key, n.type, n.subject, n.body_text, n.channel, n.link, n.proposal_id,
              coalesce(n.sent_at, n.not_before, n.created_at) AS created_at, n.status, n.receipt_status, g.read
         FROM groups g JOIN notifications n
           ON coalesce(n.event_id::text, n.id::text) || '|' || n.recipient_ref || '|' || n.type = g.group_key AND n.recipient_ref = ANY($1) AND n.status <> 'held'
        ORDER BY g.at DESC, g.group_key, CASE n.channel WHEN 'in_app' THEN 0 WHEN 'email' THEN 1 ELSE 2 END, n.created_at`,
      [refs, actor.id, limit, !!options.unreadOnly],
    );
    const out = new Map<string, CentreMessage>();
    for (const r of rows) {
      const entry = out.get(r.group_key) ?? {
        id: r.id, type: r.type, subject: r.subject, text: r.channel === 'email' || r.channel === 'in_app' ? r.body_text : r.subject, link: r.link,
        proposalId: r.proposal_id, createdAt: r.created_at, read: r.read, deliveries: [],
      };
      entry.deliveries.push({ channel: r.channel, label: CHANNEL_LABELS[r.channel], status: r.status, receipt: r.receipt_status });
      out.set(r.group_key, entry);
    }
    return [...out.values()];
  }

  async unreadCount(actor: UserActor): Promise<number> {
    const refs = await this.refsOf(actor);
    if (refs.length === 0) return 0;
    const rows: Array<{ count: string }> = await this.ds.query(
      `SELECT count(DISTINCT coalesce(n.event_id::text, n.id::text) || '|' || n.recipient_ref || '|' || n.type) AS count
         FROM notifications n
        WHERE n.recipient_ref = ANY($1) AND n.status <> 'held'
          AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $2)`,
      [refs, actor.id],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Marks a message read (all its channels' rows); 404 for a message the user does not see. Answers the unread count left. */
  async markRead(actor: UserActor, notificationId: string): Promise<number> {
    const refs = await this.refsOf(actor);
    const marked: Array<{ id: string }> = await this.ds.query(
      `WITH target AS (
         SELECT coalesce(event_id::text, id::text) AS grp, recipient_ref, type FROM notifications WHERE id = $1 AND recipient_ref = ANY($2))
       INSERT INTO notification_reads (notification_id, user_id)
       SELECT n.id, $3 FROM notifications n JOIN target t
           ON coalesce(n.event_id::text, n.id::text) = t.grp AND n.recipient_ref = t.recipient_ref AND n.type = t.type
       ON CONFLICT DO NOTHING RETURNING notification_id AS id`,
      [notificationId, refs, actor.id],
    );
    if (marked.length === 0) {
      const seen: Array<{ id: string }> = await this.ds.query(`SELECT id FROM notifications WHERE id = $1 AND recipient_ref = ANY($2)`, [notificationId, refs]);
      if (seen.length === 0) throw new NotFoundError('message', notificationId);
    }
    return this.unreadCount(actor);
  }

  /** Marks every message of the user read. */
  async markAllRead(actor: UserActor): Promise<void> {
    const refs = await this.refsOf(actor);
    await this.ds.query(
      `INSERT INTO notification_reads (notification_id, user_id)
       SELECT id, $2 FROM notifications WHERE recipient_ref = ANY($1) AND status <> 'held' ON CONFLICT DO NOTHING`,
      [refs, actor.id],
    );
  }
}
