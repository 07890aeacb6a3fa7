import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications beyond email (issue 15): a row is sent over one `channel` — email (as before), SMS
 * over SMPP (短信), a WeCom (企业微信) or DingTalk (钉钉) group robot, or the in-app message centre
 * (站内消息). An email row keeps its address in `recipient_email`; the other channels put theirs in
 * `recipient_address` (a mobile number for SMS, `unit:<id>` for a robot, whose webhook is read at
 * send time, `unit:<id>` / `proposer:<id>` for an in_app row). Every planned row also names whom it is
 * for (`recipient_ref`: `unit:<id>` or `proposer:<id>`): the message centre lists a user's messages
 * by it, whatever channel carried them (an `in_app` row is only planned where the configuration
 * asks for the message centre alone). Existing rows are email rows,
 * and their dedupe keys (`<event>:<who>`) stay; the new channels' keys end in `:<channel>`.
 *
 * SMS rows record the SMSC's message ids (`provider_ids`, one per part of a long SMS) and the last
 * delivery receipt (`receipt_status`, `receipt_at`). The message centre's read marks are per user
 * (`notification_reads`). `short_links` holds the codes of the /s/<code> links an SMS carries.
 * Units, users and proposers get the contact fields the channels need.
 */
export class NotificationChannels1765785600000 implements MigrationInterface {
  name = 'NotificationChannels1765785600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN channel text NOT NULL DEFAULT 'email',
        ADD COLUMN recipient_address text,
        ADD COLUMN recipient_ref text,
        ADD COLUMN link text,
        ADD COLUMN provider_ids text[],
        ADD COLUMN receipt_status text,
        ADD COLUMN receipt_at timestamptz,
        ALTER COLUMN recipient_email DROP NOT NULL,
        ADD CONSTRAINT notifications_channel_check CHECK (channel IN ('email', 'sms', 'wecom', 'dingtalk', 'in_app')),
        ADD CONSTRAINT notifications_address_check CHECK (
          (channel = 'email' AND recipient_email IS NOT NULL) OR (channel <> 'email' AND recipient_address IS NOT NULL))`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (recipient_ref, created_at DESC) WHERE recipient_ref IS NOT NULL`);
    await q.query(`CREATE INDEX notifications_provider_ids_idx ON notifications USING gin (provider_ids) WHERE provider_ids IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_reads (
        notification_id uuid NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notification_id, user_id))`);
    await q.query(`
      CREATE TABLE short_links (
        code text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z]{6,16}$'),
        target text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`
      ALTER TABLE units
        ADD COLUMN mobile text,
        ADD COLUMN head_mobile text,
        ADD COLUMN wecom_webhook text,
        ADD COLUMN dingtalk_webhook text,
        ADD COLUMN dingtalk_secret text`);
    await q.query(`ALTER TABLE users ADD COLUMN mobile text`);
    await q.query(`ALTER TABLE proposers ADD COLUMN mobile text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposers DROP COLUMN IF EXISTS mobile`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS mobile`);
    await q.query(`
      ALTER TABLE units DROP COLUMN IF EXISTS mobile, DROP COLUMN IF EXISTS head_mobile, DROP COLUMN IF EXISTS wecom_webhook,
        DROP COLUMN IF EXISTS dingtalk_webhook, DROP COLUMN IF EXISTS dingtalk_secret`);
    await q.query(`DROP TABLE IF EXISTS short_links`);
    await q.query(`DROP TABLE IF EXISTS notification_reads`);
    await q.query(`DELETE FROM notifications WHERE channel <> 'email'`);
    await q.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT IF EXISTS notifications_address_check, DROP CONSTRAINT IF EXISTS notifications_channel_check,
        DROP COLUMN IF EXISTS channel, DROP COLUMN IF EXISTS recipient_address, DROP COLUMN IF EXISTS recipient_ref, DROP COLUMN IF EXISTS link,
        DROP COLUMN IF EXISTS provider_ids, DROP COLUMN IF EXISTS receipt_status, DROP COLUMN IF EXISTS receipt_at,
        ALTER COLUMN recipient_email SET NOT NULL`);
  }
}
