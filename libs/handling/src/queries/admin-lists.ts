import type { DataSource } from 'typeorm';
import type { Page } from '#kernel';
import type { SqlRow } from './sorting.js';

/** 系统管理's lists that are not directory records: the notifications (dead ones first by default). */
export class AdminLists {
  constructor(private readonly ds: DataSource) {}

  /** The notifications, newest first, of one status or all, a page at a time. */
  async notifications(status: string | undefined, page: number, pageSize = 50): Promise<Page<SqlRow>> {
    const params: unknown[] = [];
    const where = status ? `WHERE n.status = $${params.push(status)}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM notifications n ${where}`, params);
    params.push(pageSize, (page - 1) * pageSize);
    const items: SqlRow[] = await this.ds.query(
      `SELECT n.id, n.type, n.status, n.recipient_email, n.recipient_name, n.subject, n.attempts, n.last_error, n.created_at, n.sent_at,
              n.channel, n.recipient_address, n.receipt_status, p.id AS proposal_id, p.number, s.name AS session_name
         FROM notifications n LEFT JOIN proposals p ON p.id = n.proposal_id LEFT JOIN sessions s ON s.id = p.session_id
        ${where} ORDER BY n.created_at DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items, total, page, pageSize };
  }
}
