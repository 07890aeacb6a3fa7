import {
  ANSWER_DEADLINE_KINDS, acceptRefusal, assignRefusal, mayRunBatch, publishRefusal, urgeRefusal, type AssignmentRole, type AssignmentState, type BatchAction,
  type ProposalStatus,
} from '#domain';
import type { DataSource } from 'typeorm';
import { type Actor, ForbiddenError, InvalidInputError, NotFoundError } from '#kernel';
import type { AcceptAssignment, AssignProposal, PublishProposal } from '#handling';
import type { SupervisionConfig, IssueSupervisionNotice } from '#supervision';

/** The most items one batch may hold (a page of the register at its largest). */
export const BATCH_LIMIT = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a batch needs besides its items: 批量交办's lead unit, 催办's notice text and length. */
export interface BatchParams {
  leadUnitId?: string | null;
  content?: string | null;
  workdays?: number | null;
}

/** One item as the preview shows it: what it is, and why it cannot be done (null: it will be done). */
export interface BatchItem {
  /** The id given: a proposal (交办, 公开), an assignment (签收) or a deadline (催办). */
  id: string;
  proposalId: string | null;
  number: number | null;
  sessionName: string | null;
  title: string | null;
  /** The unit concerned (签收: the actor's; 催办: the unit urged). */
  unitName: string | null;
  /** 催办: the deadline's kind and due date; 签收: the answer deadline's due date. */
  deadlineKind: string | null;
  dueOn: string | null;
  dueAt: Date | null;
  /** 催办: the open supervision notice the unit already has for this proposal (督〔2026〕3号). */
  openNotice: { year: number; number: number } | null;
  refusal: Error | null;
}

export interface BatchPreview {
  action: BatchAction;
  items: BatchItem[];
  /** 批量交办: the lead unit's name. */
  leadUnitName: string | null;
}

/** One item after the batch ran: done (with what was done) or refused (with the error of its use case). */
export interface BatchItemResult extends BatchItem {
  outcome: 'done' | 'refused';
  error: Error | null;
  /** 公开: the 索引号; 催办: the notice's number. */
  publicationIndex?: string | null;
  notice?: { year: number; number: number } | null;
}

export interface BatchResult {
  action: BatchAction;
  items: BatchItemResult[];
  leadUnitName: string | null;
  done: number;
  refused: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const emptyItem = (id: string): BatchItem => ({
  id, proposalId: null, number: null, sessionName: null, title: null, unitName: null, deadlineKind: null, dueOn: null, dueAt: null,
  openNotice: null, refusal: new NotFoundError('item', id),
});

/**
 * Batch actions (批量交办, 签收, 催办, 公开): a preview that says per item what will happen or why it
 * cannot (the domain's batch-actions decides from each item's state), then the run, where each
 * item goes through its own single-item use case in its own transaction — one refusal or failure
 * leaves the others done — and comes back done or refused with the use case's error.
 */
export class BatchActions {
  constructor(
    private readonly ds: DataSource,
    private readonly useCases: { assign: AssignProposal; accept: AcceptAssignment; publish: PublishProposal; urge: IssueSupervisionNotice },
    private readonly config: SupervisionConfig,
  ) {}

  /** The ids as given, checked: 1 to BATCH_LIMIT UUIDs (repeats dropped, order kept). */
  static ids(raw: unknown): string[] {
    if (!Array.isArray(raw) || raw.length === 0) throw new InvalidInputError('ids', 'must list at least one item');
    if (raw.some((id) => typeof id !== 'string' || !UUID.test(id))) throw new InvalidInputError('ids', 'must all be UUIDs');
    const ids = [...new Set(raw as string[])];
    if (ids.length > BATCH_LIMIT) throw new InvalidInputError('ids', `may list at most ${BATCH_LIMIT} items`);
    return ids;
  }

  async preview(actor: Actor, action: BatchAction, rawIds: unknown, params: BatchParams = {}): Promise<BatchPreview> {
    if (actor.kind !== 'user' || !mayRunBatch(actor.role, action)) throw new ForbiddenError();
    const ids = BatchActions.ids(rawIds);
    const leadUnitName = action === 'assign' && params.leadUnitId ? await this.departmentName(params.leadUnitId) : null;
    const rows = await this.facts(actor, action, ids);
    const items = ids.map((id) => {
      const r = rows.get(id);
      if (!r) return emptyItem(id);
      const item: BatchItem = {
        id, proposalId: r.proposal_id, number: r.number, sessionName: r.session_name, title: r.title, unitName: r.unit_name ?? null,
        deadlineKind: r.deadline_kind ?? null, dueOn: r.due_on ?? null, dueAt: r.due_at ?? null,
        openNotice: r.notice_number ? { year: r.notice_year, number: r.notice_number } : null, refusal: null,
      };
      item.refusal = this.refusal(action, r);
      return item;
    });
    return { action, items, leadUnitName };
  }

  async run(actor: Actor, action: BatchAction, rawIds: unknown, params: BatchParams = {}): Promise<BatchResult> {
    const input = this.input(action, params);
    const preview = await this.preview(actor, action, rawIds, params);
    const items: BatchItemResult[] = [];
    for (const item of preview.items) {
      if (item.refusal) {
        items.push({ ...item, outcome: 'refused', error: item.refusal });
        continue;
      }
      try {
        items.push({ ...item, outcome: 'done', error: null, ...(await this.one(actor, action, item, input)) });
      } catch (e) {
        // Refused by the use case (its state may have changed since the preview) or failed: this item only.
        items.push({ ...item, outcome: 'refused', error: e instanceof Error ? e : new Error(String(e)) });
      }
    }
    const done = items.filter((i) => i.outcome === 'done').length;
    return { action, items, leadUnitName: preview.leadUnitName, done, refused: items.length - done };
  }

  /** The batch-wide input, checked once rather than refused item by item. */
  private input(action: BatchAction, params: BatchParams): BatchParams {
    if (action === 'assign' && !params.leadUnitId) throw new InvalidInputError('leadUnitId', 'is required', 'FIELD_REQUIRED');
    if (action === 'urge') {
      const content = params.content?.trim();
      if (!content) throw new InvalidInputError('content', 'is required', 'FIELD_REQUIRED');
      const workdays = params.workdays ?? null;
      if (workdays !== null && (!Number.isInteger(workdays) || workdays < 1 || workdays > this.config.notice.maxWorkdays)) {
        throw new InvalidInputError('workdays', `must be a whole number of working days from 1 to ${this.config.notice.maxWorkdays}`);
      }
      return { content, workdays };
    }
    return params;
  }

  private async one(actor: Actor, action: BatchAction, item: BatchItem, input: BatchParams): Promise<Partial<BatchItemResult>> {
    switch (action) {
      case 'assign':
        await this.useCases.assign.execute(actor, item.id, { leadUnitId: input.leadUnitId! });
        return {};
      case 'accept':
        await this.useCases.accept.execute(actor, item.id);
        return {};
      case 'publish':
        return { publicationIndex: (await this.useCases.publish.execute(actor, item.id)).publicationIndex };
      case 'urge': {
        const [d]: Row[] = await this.ds.query(`SELECT assignment_id FROM deadlines WHERE id = $1`, [item.id]);
        const notice = await this.useCases.urge.execute(actor, item.proposalId!, {
          assignmentId: d.assignment_id, content: input.content!, workdays: input.workdays ?? null,
        });
        return { notice: { year: notice.year, number: notice.number } };
      }
    }
  }

  private refusal(action: BatchAction, r: Row): Error | null {
    switch (action) {
      case 'assign':
        return assignRefusal({ status: r.status as ProposalStatus });
      case 'accept':
        return acceptRefusal({ state: r.state as AssignmentState, role: r.role as AssignmentRole });
      case 'publish':
        return publishRefusal({ status: r.status as ProposalStatus, published: r.published, hasPublicReply: r.has_public_reply });
      case 'urge':
        return urgeRefusal({ status: r.deadline_status, kind: r.deadline_kind, hasAssignment: !!r.assignment_id, proposalStatus: r.status });
    }
  }

  private async departmentName(unitId: string): Promise<string> {
    if (!UUID.test(unitId)) throw new InvalidInputError('leadUnitId', 'must be a UUID');
    const [u]: Row[] = await this.ds.query(`SELECT name FROM units WHERE id = $1 AND kind = 'department' AND active`, [unitId]);
    if (!u) throw new InvalidInputError('leadUnitId', 'must be an active handling unit');
    return u.name;
  }

  /** Each item's facts, by id; what the actor may not see is missing (a unit reaches only its own assignments). */
  private async facts(actor: Extract<Actor, { kind: 'user' }>, action: BatchAction, ids: string[]): Promise<Map<string, Row>> {
    let rows: Row[];
    if (action === 'assign' || action === 'publish') {
      rows = await this.ds.query(
        `SELECT p.id, p.id AS proposal_id, p.number, p.title, p.status, p.published, s.name AS session_name,
                EXISTS (SELECT 1 FROM replies r WHERE r.proposal_id = p.id AND r.public) AS has_public_reply
           FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE p.id = ANY($1::uuid[])`,
        [ids],
      );
    } else if (action === 'accept') {
      rows = await this.ds.query(
        `SELECT a.id, a.state, a.role, p.id AS proposal_id, p.number, p.title, s.name AS session_name, u.name AS unit_name,
                d.kind AS deadline_kind, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at
           FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN sessions s ON s.id = p.session_id JOIN units u ON u.id = a.unit_id
           LEFT JOIN LATERAL (SELECT d.kind, d.due_on, d.due_at FROM deadlines d
                               WHERE d.assignment_id = a.id AND d.status = 'open' AND d.kind = ANY($3::text[])
                               ORDER BY d.due_at LIMIT 1) d ON true
          WHERE a.id = ANY($1::uuid[]) AND a.unit_id = $2`,
        [ids, actor.unitId ?? null, ANSWER_DEADLINE_KINDS],
      );
    } else {
      rows = await this.ds.query(
        `SELECT d.id, d.status AS deadline_status, d.kind AS deadline_kind, d.assignment_id, to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.due_at,
                p.id AS proposal_id, p.number, p.title, p.status, s.name AS session_name, u.name AS unit_name,
                n.year AS notice_year, n.number AS notice_number
           FROM deadlines d JOIN proposals p ON p.id = d.proposal_id JOIN sessions s ON s.id = p.session_id
           LEFT JOIN assignments a ON a.id = d.assignment_id LEFT JOIN units u ON u.id = a.unit_id
           LEFT JOIN LATERAL (SELECT sn.year, sn.number FROM supervision_notices sn
                               WHERE sn.assignment_id = d.assignment_id AND sn.status = 'open' ORDER BY sn.issued_at DESC LIMIT 1) n ON true
          WHERE d.id = ANY($1::uuid[]) AND d.kind <> 'supervision'`,
        [ids],
      );
    }
    return new Map(rows.map((r) => [r.id as string, r]));
  }
}
