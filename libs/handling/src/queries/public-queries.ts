import type { DataSource } from 'typeorm';
import type { Page } from '#kernel';
import { proposalSearchCondition } from './proposal-search.js';

/** The public page's search and filters (all optional): 检索, 届次, 提案/建议, 类别, 承办单位. */
export interface PublicReplyFilter {
  q?: string;
  sessionId?: string;
  /** 提案 (CPPCC) or 建议 (NPC) */
  kind?: 'proposal' | 'suggestion';
  category?: string;
  unitId?: string;
  page?: number;
  pageSize?: number;
}

export interface PublicReply {
  id: string;
  publicationIndex: string;
  publishedOn: string;
  sessionName: string;
  number: number | null;
  proposalNumberText: string;
  proposers: string;
  title: string;
  content: string;
  units: string;
  result: string;
  replies: Array<{
    unitName: string; content: string; submittedOn: string; resultCategory: string;
    /** 答复函: the reply's signed letter (PDF), served at /api/v1/public/attachments/:id/content; null without one. */
    letter: { id: string; filename: string; sizeBytes: number } | null;
  }>;
}

interface PublicRow {
  id: string;
  publication_index: string;
  published_at: Date;
  number: number | null;
  title: string;
  content: string;
  status: string;
  session_name: string;
  session_body: 'cppcc' | 'npc';
  proposers: string | null;
  units: string | null;
  replies: PublicReply['replies'];
}

/** What the public may read: published proposals and their public replies, never contact data of proposers. */
export class PublicQueries {
  constructor(private readonly ds: DataSource) {}

  async list(filter: PublicReplyFilter): Promise<Page<PublicReply>> {
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filter.pageSize ?? 20));
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    let where = 'p.published';
    // The register's search (number forms included), over what the public may read.
    const search = proposalSearchCondition(filter.q, param);
    if (search) where += ` AND ${search}`;
    if (filter.sessionId) where += ` AND p.session_id = ${param(filter.sessionId)}`;
    if (filter.kind) where += ` AND EXISTS (SELECT 1 FROM sessions ks WHERE ks.id = p.session_id AND ks.body = ${param(filter.kind === 'suggestion' ? 'npc' : 'cppcc')})`;
    if (filter.category) where += ` AND p.category = ${param(filter.category)}`;
    if (filter.unitId) {
      where += ` AND EXISTS (SELECT 1 FROM assignments fa WHERE fa.proposal_id = p.id AND fa.unit_id = ${param(filter.unitId)} AND fa.state <> 'removed')`;
    }
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM proposals p WHERE ${where}`, params);
    params.push(pageSize, (page - 1) * pageSize);
    const ids: Array<{ id: string }> = await this.ds.query(
      `SELECT p.id FROM proposals p WHERE ${where} ORDER BY p.published_at DESC, p.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: await this.load(ids.map((r) => r.id)), total, page, pageSize };
  }

  /** The choices of the public page's filters: only what some published proposal has. */
  async facets(): Promise<{ sessions: Array<{ id: string; name: string }>; units: Array<{ id: string; name: string }>; categories: string[] }> {
    const [sessions, units, categories] = await Promise.all([
      this.ds.query(
        `SELECT s.id, s.name FROM sessions s WHERE EXISTS (SELECT 1 FROM proposals p WHERE p.session_id = s.id AND p.published) ORDER BY s.year DESC, s.opened_on DESC, s.name`,
      ),
      this.ds.query(
        `SELECT u.id, u.name FROM units u
          WHERE EXISTS (SELECT 1 FROM assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.unit_id = u.id AND a.state <> 'removed' AND p.published)
          ORDER BY u.code`,
      ),
      this.ds.query(`SELECT DISTINCT category FROM proposals WHERE published AND category IS NOT NULL ORDER BY 1`),
    ]);
    return { sessions, units, categories: (categories as Array<{ category: string }>).map((c) => c.category) };
  }

  async get(id: string): Promise<PublicReply | null> {
    const [item] = await this.load([id]);
    return item ?? null;
  }

  private async load(ids: string[]): Promise<PublicReply[]> {
    if (ids.length === 0) return [];
    const rows: PublicRow[] = await this.ds.query(
      `SELECT p.id, p.publication_index, p.published_at, p.number, p.title, p.content, p.status, s.name AS session_name, s.body AS session_body,
              (SELECT string_agg(pr.name || CASE pr.kind WHEN 'member' THEN '委员' ELSE '' END, '、' ORDER BY x.pos)
                 FROM (SELECT p.lead_proposer_id AS id, 0 AS pos
                       UNION ALL SELECT cp.proposer_id, cp.position FROM proposal_co_proposers cp WHERE cp.proposal_id = p.id) x
                 JOIN proposers pr ON pr.id = x.id) AS proposers,
              (SELECT string_agg(CASE a.role WHEN 'lead' THEN '主办：' WHEN 'co' THEN '协办：' ELSE '分办：' END || u.name, '；' ORDER BY a.role DESC, u.name)
                 FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.proposal_id = p.id AND a.state <> 'removed') AS units,
              (SELECT coalesce(json_agg(json_build_object('unitName', u.name, 'content', r.content, 'resultCategory', r.result_category,
                        'submittedOn', to_char(r.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
                        'letter', (SELECT json_build_object('id', l.id, 'filename', l.filename, 'sizeBytes', l.size_bytes)
                                     FROM attachments l WHERE l.owner_type = 'reply' AND l.owner_id = r.id AND l.purpose = 'letter'))
                        ORDER BY r.round DESC, r.submitted_at), '[]'::json)
                 FROM replies r JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
                WHERE r.proposal_id = p.id AND r.public) AS replies
         FROM proposals p JOIN sessions s ON s.id = p.session_id
        WHERE p.published AND p.id = ANY($1::uuid[])
        ORDER BY p.published_at DESC, p.id`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      publicationIndex: r.publication_index,
      publishedOn: new Date(r.published_at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }),
      sessionName: r.session_name,
      number: r.number,
      proposalNumberText: `${r.session_name}第${r.number}号${r.session_body === 'npc' ? '建议' : '提案'}`,
      proposers: r.proposers ?? '',
      title: r.title,
      content: r.content,
      units: r.units ?? '',
      result: r.status === 'closed' ? '已办结' : '已答复',
      replies: r.replies,
    }));
  }
}
