import { UNSENT_NOTIFICATION_STATUSES } from '#domain';
import type { AppContext } from '#kernel';
import { returned } from '#persistence';
import { SENDING_STALE_MS } from './deliver-notification.js';

/** A queued or retrying row untouched this long may have lost its job (a wiped Redis). */
export const QUEUED_STALE_MS = 30_000;

export interface MaintenanceResult {
  /** Held rows whose time came: now queued, to be enqueued. */
  released: string[];
  /**
   * Rows that should be on their way but have not moved for a while (queued or retrying for 30 s,
   * `sending` for 120 s: a process died mid-send). Each is re-enqueued if its job is gone.
   */
  stale: string[];
}

/**
 * The notification worker's periodic pass: releases the rows held for office hours once their time
 * has come (by the app's clock), and finds the rows whose job may be lost. Queued and retrying rows
 * it returns are touched, so each is looked at no more than every 30 s; a `sending` row is not, so
 * that delivery can still see it is stale and claim it again.
 */
export class MaintainNotifications {
  constructor(
    private readonly ctx: AppContext,
    private readonly settings: { queuedStaleMs?: number; sendingStaleMs?: number; limit?: number } = {},
  ) {}

  async execute(): Promise<MaintenanceResult> {
    const limit = this.settings.limit ?? 500;
    const released = returned<{ id: string }>(
      await this.ctx.ds.query(
        `UPDATE notifications SET status = 'queued', updated_at = now()
          WHERE id IN (SELECT id FROM notifications WHERE status = 'held' AND not_before <= $1
                        ORDER BY not_before LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [this.ctx.clock.now(), limit],
      ),
    ).map((r) => r.id);
    const stale = returned<{ id: string }>(
      await this.ctx.ds.query(
        `WITH stale AS (
           SELECT id FROM notifications
            WHERE (status = ANY($4::text[]) AND updated_at < now() - ($1::int * interval '1 millisecond'))
               OR (status = 'sending' AND updated_at < now() - ($2::int * interval '1 millisecond'))
            ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE notifications n SET updated_at = CASE WHEN n.status = 'sending' THEN n.updated_at ELSE now() END
           FROM stale WHERE n.id = stale.id
         RETURNING n.id`,
        [this.settings.queuedStaleMs ?? QUEUED_STALE_MS, this.settings.sendingStaleMs ?? SENDING_STALE_MS, limit, UNSENT_NOTIFICATION_STATUSES],
      ),
    ).map((r) => r.id);
    return { released, stale: stale.filter((id) => !released.includes(id)) };
  }
}
