import { In, type EntityManager } from 'typeorm';
import { ProposalDraftFileRow, ProposalDraftRow, SessionRow } from '#persistence';
import { type Actor, type AppContext, type Tx, InvalidInputError, NotFoundError, requireRole } from '#kernel';
import type { AttachmentRules } from '#domain';
import type { AttachmentFiles, IncomingFile } from './attachments/attachments.js';

/** What a member has typed so far: every field may still be empty (it is checked when the draft is submitted). */
export interface DraftInput {
  sessionId?: string | null;
  title?: string | null;
  content?: string | null;
  category?: string | null;
}

/** A draft as its author's pages show it. */
export interface DraftView {
  id: string;
  sessionId: string | null;
  sessionName: string | null;
  title: string;
  content: string;
  category: string | null;
  createdAt: Date;
  updatedAt: Date;
  files: Array<{ id: string; filename: string; mediaType: string; format: string; sizeBytes: number; uploadedAt: Date }>;
}

/** The lengths SubmitProposal's form allows (CreateProposalDto): a draft keeps no more than can be submitted. */
const LIMITS = { title: 200, content: 50_000, category: 50 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Member = Extract<Actor, { kind: 'user' }> & { proposerId: string };

/**
 * 提案草稿: a member's proposal kept on the server while it is written, resumable from any device.
 * A draft is its author's alone — anyone else (another member, the committee) gets a 404, as for a
 * draft that does not exist. Its files are checked, scanned and stored like 附件 (AttachmentFiles)
 * under the draft's prefix; submitting the draft (`adopt`, inside SubmitProposal's transaction)
 * records them as the proposal's 附件材料 and deletes the draft. No events: a draft is not yet part
 * of any proposal's record.
 */
export class ProposalDrafts {
  constructor(
    private readonly ctx: AppContext,
    private readonly files: AttachmentFiles,
  ) {}

  /** The author's drafts, the most recently saved first. */
  async list(actor: Actor): Promise<DraftView[]> {
    const member = this.member(actor);
    const rows = await this.ctx.ds.manager.find(ProposalDraftRow, { where: { userId: member.id }, order: { updatedAt: 'DESC' }, take: 50 });
    return this.views(this.ctx.ds.manager, rows);
  }

  /** One of the author's drafts (404 for anyone else's). */
  async get(actor: Actor, id: string): Promise<DraftView> {
    const em = this.ctx.ds.manager;
    const [view] = await this.views(em, [await this.owned(em, this.member(actor), id)]);
    return view;
  }

  /** Saves what was typed: a new draft when `id` is null, else the author's draft (404 for anyone else's). */
  async save(actor: Actor, id: string | null, input: DraftInput): Promise<ProposalDraftRow> {
    const member = this.member(actor);
    const fields = await this.fields(input);
    return this.ctx.transaction(actor, async (tx) => {
      if (id === null) {
        return tx.em.save(ProposalDraftRow, tx.em.create(ProposalDraftRow, { ...fields, userId: member.id, proposerId: member.proposerId, createdAt: tx.now, updatedAt: tx.now, version: 1 }));
      }
      const draft = await this.owned(tx.em, member, id, true);
      Object.assign(draft, fields, { updatedAt: tx.now, version: draft.version + 1 });
      return tx.em.save(ProposalDraftRow, draft);
    });
  }

  /** Adds one file to the author's draft: checked and stored as an attachment would be (the limits of the draft's session, else the defaults). */
  async attach(actor: Actor, id: string, file: IncomingFile | undefined): Promise<ProposalDraftFileRow> {
    const member = this.member(actor);
    const em = this.ctx.ds.manager;
    const draft = await this.owned(em, member, id);
    const rules = await this.rulesOf(em, draft.sessionId);
    const existing = await em.countBy(ProposalDraftFileRow, { draftId: id });
    const prepared = await this.files.prepare(rules, '', file, { field: 'attachment', purpose: 'file', existing, keyPrefix: id });
    return this.files.within([prepared], () =>
      this.ctx.transaction(actor, async (tx) => {
        await this.owned(tx.em, member, id, true);
        if ((await tx.em.countBy(ProposalDraftFileRow, { draftId: id })) >= rules.maxFiles) {
          throw new InvalidInputError('attachment', `would exceed ${rules.maxFiles} files (附件已达 ${rules.maxFiles} 个的上限)`, 'ATTACHMENT_TOO_MANY', {}, 'attachment_too_many');
        }
        return tx.em.save(ProposalDraftFileRow, tx.em.create(ProposalDraftFileRow, {
          id: prepared.id, draftId: id, filename: prepared.filename, mediaType: prepared.mediaType, format: prepared.format,
          sizeBytes: prepared.sizeBytes, sha256: prepared.sha256, storageKey: prepared.key, uploadedAt: tx.now,
        }));
      }),
    );
  }

  /** Removes a file from the author's draft, and its stored object. */
  async removeFile(actor: Actor, id: string, fileId: string): Promise<void> {
    const member = this.member(actor);
    const removed = await this.ctx.transaction(actor, async (tx) => {
      await this.owned(tx.em, member, id, true);
      const file = UUID.test(fileId) ? await tx.em.findOneBy(ProposalDraftFileRow, { id: fileId, draftId: id }) : null;
      if (!file) throw new NotFoundError('attachment', fileId);
      await tx.em.delete(ProposalDraftFileRow, { id: file.id });
      return file;
    });
    await this.files.storage.delete(removed.storageKey).catch(() => undefined);
  }

  /** Deletes the author's draft and its files. */
  async discard(actor: Actor, id: string): Promise<void> {
    const member = this.member(actor);
    const keys = await this.ctx.transaction(actor, async (tx) => {
      await this.owned(tx.em, member, id, true);
      const files = await tx.em.findBy(ProposalDraftFileRow, { draftId: id });
      await tx.em.delete(ProposalDraftRow, { id });
      return files.map((f) => f.storageKey);
    });
    await Promise.all(keys.map((k) => this.files.storage.delete(k).catch(() => undefined)));
  }

  /**
   * Inside the submission's transaction (SubmitProposal's `alsoInTransaction`): the draft's files
   * become the new proposal's 附件材料 (each an `attachment.uploaded` on its timeline, the stored
   * object kept as it is) and the draft is deleted. The draft row is locked first, so a draft
   * submitted twice at once (two taps, two tabs) makes one proposal: the second finds no draft and
   * its submission rolls back (404).
   */
  async adopt(tx: Tx, id: string, proposal: { id: string; sessionId: string }): Promise<void> {
    const member = this.member(tx.actor);
    await this.owned(tx.em, member, id, true);
    const files = await tx.em.find(ProposalDraftFileRow, { where: { draftId: id }, order: { uploadedAt: 'ASC' } });
    const rules = await this.rulesOf(tx.em, proposal.sessionId);
    for (const f of files) {
      await this.files.insert(
        tx,
        { id: f.id, key: f.storageKey, proposalId: proposal.id, filename: f.filename, mediaType: f.mediaType, format: f.format, sizeBytes: f.sizeBytes, sha256: f.sha256, purpose: 'file' },
        { type: 'proposal', id: proposal.id },
        rules,
        'attachment',
      );
    }
    await tx.em.delete(ProposalDraftRow, { id });
  }

  private member(actor: Actor): Member {
    requireRole(actor, 'proposer');
    if (!actor.proposerId) throw new NotFoundError('proposer');
    return actor as Member;
  }

  /** The draft if it is this member's; otherwise 404, told apart from a missing one by nothing. */
  private async owned(em: EntityManager, member: Member, id: string, lock = false): Promise<ProposalDraftRow> {
    const draft = UUID.test(id)
      ? await em.findOne(ProposalDraftRow, { where: { id, userId: member.id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!draft) throw new NotFoundError('draft', id);
    return draft;
  }

  private async fields(input: DraftInput): Promise<Pick<ProposalDraftRow, 'sessionId' | 'title' | 'content' | 'category'>> {
    const clip = (field: keyof typeof LIMITS, value: string | null | undefined) => {
      const v = value ?? '';
      if (v.length > LIMITS[field]) throw new InvalidInputError(field, `must be at most ${LIMITS[field]} characters`, 'FIELD_INVALID');
      return v;
    };
    const sessionId = input.sessionId && UUID.test(input.sessionId) ? input.sessionId : null;
    if (sessionId && !(await this.ctx.ds.manager.existsBy(SessionRow, { id: sessionId }))) throw new InvalidInputError('sessionId', 'no such session');
    return { sessionId, title: clip('title', input.title), content: clip('content', input.content), category: clip('category', input.category) || null };
  }

  private async rulesOf(em: EntityManager, sessionId: string | null): Promise<AttachmentRules> {
    return (sessionId ? await this.ctx.rules.forSession(em, sessionId) : this.ctx.rules.forOverride(null)).rules.attachments;
  }

  private async views(em: EntityManager, rows: ProposalDraftRow[]): Promise<DraftView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const sessionIds = [...new Set(rows.map((r) => r.sessionId).filter((s): s is string => !!s))];
    const [files, sessions] = await Promise.all([
      em.find(ProposalDraftFileRow, { where: { draftId: In(ids) }, order: { uploadedAt: 'ASC' } }),
      sessionIds.length ? em.findBy(SessionRow, { id: In(sessionIds) }) : Promise.resolve([]),
    ]);
    const names = new Map(sessions.map((s) => [s.id, s.name]));
    return rows.map((r) => ({
      id: r.id, sessionId: r.sessionId, sessionName: r.sessionId ? (names.get(r.sessionId) ?? null) : null,
      title: r.title, content: r.content, category: r.category, createdAt: r.createdAt, updatedAt: r.updatedAt,
      files: files.filter((f) => f.draftId === r.id).map((f) => ({ id: f.id, filename: f.filename, mediaType: f.mediaType, format: f.format, sizeBytes: f.sizeBytes, uploadedAt: f.uploadedAt })),
    }));
  }
}
