import { Batcher, type ChannelName, type DubanConfig } from '#common';
import { retryTransient, type AppContext } from '#kernel';
import { returned } from '#persistence';
import { ChannelRegistry, type NotificationChannel, type OutgoingMessage } from './channel.js';
import { InAppChannel } from './in-app-channel.js';
import { shortLinkOf } from './plan-channels.js';
import { RobotChannel, type Robot } from './robot-channel.js';
import { SmppChannel } from './smpp-channel.js';

/** The channels a deployment has: the robots and the message centre always (a unit without a webhook gets no robot message), SMS with SMPP_URL. */
export function enabledChannels(config: Pick<DubanConfig, 'smppUrl'>): Set<ChannelName> {
  const enabled = new Set<ChannelName>(['wecom', 'dingtalk', 'in_app']);
  if (config.smppUrl) enabled.add('sms');
  return enabled;
}

/**
 * The channel adapters of one process, wired to the database: an SMS's short link is stored before
 * it is sent (the /s/<code> route reads it), its receipts recorded on the message; a robot's
 * webhook and secret are read from the unit when it is sent.
 */
export function channelRegistry(
  ctx: AppContext,
  config: Pick<DubanConfig, 'smppUrl' | 'smsSource' | 'smsAttempts' | 'robotAttempts' | 'robotTimeoutMs' | 'mailAttempts' | 'publicUrl'>,
): ChannelRegistry {
  // One read of the batch's units (addresses `unit:<id>`).
  const robot = async (addresses: readonly string[], webhook: 'wecom_webhook' | 'dingtalk_webhook') => {
    const ids = new Map(addresses.flatMap((a) => {
      const id = /^unit:([0-9a-f-]{36})$/i.exec(a)?.[1];
      return id ? [[id.toLowerCase(), a] as const] : [];
    }));
    const out = new Map<string, Robot>();
    if (ids.size === 0) return out;
    const rows: Array<{ id: string; webhook: string | null; secret: string | null }> = await ctx.ds.query(
      `SELECT id, ${webhook} AS webhook, dingtalk_secret AS secret FROM units WHERE id = ANY($1::uuid[])`,
      [[...ids.keys()]],
    );
    for (const r of rows) if (r.webhook) out.set(ids.get(r.id)!, { webhook: r.webhook, secret: webhook === 'dingtalk_webhook' ? r.secret : null });
    return out;
  };
  const channels: NotificationChannel[] = [
    new RobotChannel('wecom', (a) => robot(a, 'wecom_webhook'), { timeoutMs: config.robotTimeoutMs }),
    new RobotChannel('dingtalk', (a) => robot(a, 'dingtalk_webhook'), { timeoutMs: config.robotTimeoutMs }),
    new InAppChannel(),
  ];
  if (config.smppUrl) {
    // The receipts of messages this process sent, by their ids, a batch per statement (a burst's SMS answer thousands).
    const receipts = new Batcher<{ notificationId: string; stat: string; at: Date }, void>(async (batch) => {
      await recordReceiptsOf(ctx, batch);
      return batch.map(() => undefined);
    }, { maxSize: 500, waitMs: 50 });
    channels.push(
      new SmppChannel({
        url: config.smppUrl,
        source: config.smsSource,
        prepare: (batch: readonly OutgoingMessage[]) => storeShortLinks(ctx, config.publicUrl, batch.map((m) => m.link)),
        onReceipt: (providerId, stat, at, notificationId) =>
          notificationId ? receipts.load({ notificationId, stat, at }) : recordReceipt(ctx, providerId, stat, at),
      }),
    );
  }
  return new ChannelRegistry(channels, {
    email: config.mailAttempts,
    sms: config.smsAttempts,
    wecom: config.robotAttempts,
    dingtalk: config.robotAttempts,
    in_app: config.mailAttempts,
  });
}

/** The short links of a batch of SMS, in one statement. */
async function storeShortLinks(ctx: AppContext, publicUrl: string, links: ReadonlyArray<string | null>): Promise<void> {
  const byCode = new Map([...new Set(links.filter((l): l is string => !!l))].map((l) => {
    const { code, target } = shortLinkOf(publicUrl, l);
    return [code, target] as const;
  }));
  if (byCode.size === 0) return;
  await ctx.ds.query(
    `INSERT INTO short_links (code, target) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING`,
    [[...byCode.keys()], [...byCode.values()]],
  );
}

/**
 * Receipts on the messages they are for, by id, in one statement. Per message the last receipt
 * wins, except that a DELIVRD is overwritten by nothing but another (as in recordReceipt). A
 * message's row exists before its parts are sent, so nothing waits for it.
 */
async function recordReceiptsOf(ctx: AppContext, batch: ReadonlyArray<{ notificationId: string; stat: string; at: Date }>): Promise<void> {
  // Rows locked in id order, as the deliverer's mark-sent locks them (they deadlocked when a
  // receipt overtook its batch's mark), and run again if Postgres still picks it to lose one.
  await retryTransient(() => ctx.ds.query(
    `WITH v AS (SELECT DISTINCT ON (id) id, stat, at FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS u(id, stat, at, i)
                 ORDER BY id, (stat = 'DELIVRD') DESC, i DESC),
          locked AS (SELECT n.id FROM notifications n WHERE n.id = ANY($1::uuid[]) ORDER BY n.id FOR NO KEY UPDATE)
     UPDATE notifications n SET receipt_status = v.stat, receipt_at = v.at, updated_at = now()
       FROM v JOIN locked l ON l.id = v.id
      WHERE n.id = v.id AND (n.receipt_status IS DISTINCT FROM 'DELIVRD' OR v.stat = 'DELIVRD')`,
    [batch.map((r) => r.notificationId), batch.map((r) => r.stat), batch.map((r) => r.at)],
  ));
}

/**
 * A delivery receipt of a part this process does not remember (sent before a restart, or by
 * another process), on the message whose ids hold it. The SMSC may answer it before the message's
 * ids are stored (the receipt can overtake the deliverer's UPDATE, which marks a whole batch once
 * every message of it is out: a planning job's batch of a hundred SMS takes seconds): it is tried
 * again for a minute, ever less often.
 */
async function recordReceipt(ctx: AppContext, providerId: string, stat: string, at: Date): Promise<void> {
  for (let i = 0, waited = 0; waited < 60_000; i++) {
    const updated = returned<{ id: string }>(await ctx.ds.query(
      `UPDATE notifications SET receipt_status = $2, receipt_at = $3, updated_at = now()
        WHERE provider_ids @> ARRAY[$1]::text[] AND (receipt_status IS DISTINCT FROM 'DELIVRD' OR $2 = 'DELIVRD') RETURNING id`,
      [providerId, stat, at],
    ));
    if (updated.length > 0) return;
    const wait = Math.min(250 * 2 ** Math.min(i, 3), 2000);
    waited += wait;
    await new Promise((r) => setTimeout(r, wait));
  }
  throw new Error(`no SMS with the SMSC id ${providerId}`);
}
