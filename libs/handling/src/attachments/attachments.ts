import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { In, Not, type EntityManager } from 'typeorm';
import {
  ATTACHMENT_OWNERS, RuleViolationError, attachPermission, attachmentProblem, type AttachTarget, cleanFilename, type AttachmentOwner,
  type AttachmentPurpose, type AttachmentRules,
} from '#domain';
import { AssignmentRow, AttachmentRow, CommunicationRow, ProposalRow, ReplyRow, SupervisionNoticeRow } from '#persistence';
import { type Actor, systemActor, type AppContext, type Tx, STAFF, loadProposal, requireRole, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type NotFoundEntity } from '#kernel';
import type { AttachmentStorage } from './storage.js';
import { sniffAttachment } from './sniff.js';
import type { VirusScanner } from './virus-scan.js';
import type { ProposalFile } from '../queries/proposal-queries.js';

/** A file as the HTTP layer hands it over (multer's memory storage). */
export interface IncomingFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** What an attachment belongs to. */
export interface OwnerRef {
  type: AttachmentOwner;
  id: string;
}

/** A file checked, scanned and stored, not yet recorded: `AttachmentFiles.insert` records it, `discard` removes it. */
export interface PreparedAttachment {
  id: string;
  key: string;
  proposalId: string;
  filename: string;
  mediaType: string;
  format: string;
  sizeBytes: number;
  sha256: string;
  purpose: AttachmentPurpose;
}

/** An owner the actor may see, with the proposal it belongs to and the unit whose it is (a reply's, a communication's, a notice's). */
interface ResolvedOwner {
  ref: OwnerRef;
  proposal: ProposalRow;
  unitId: string | null;
}

/**
 * Resolves an owner for this actor: 404 when it does not exist or the actor may not see the thing
 * it belongs to (access.ts canSeeProposal; a supervision notice only the office and its own unit).
 */
export async function resolveOwner(em: EntityManager, actor: Actor, ref: OwnerRef, lock = false): Promise<ResolvedOwner> {
  if (!(ATTACHMENT_OWNERS as readonly string[]).includes(ref.type)) throw new NotFoundError('attachment owner', ref.id);
  const missing = () => new NotFoundError(ref.type.replace('_', ' ') as NotFoundEntity, ref.id);
  const ofAssignment = async (row: { assignmentId: string; proposalId: string } | null): Promise<ResolvedOwner> => {
    if (!row) throw missing();
    const assignment = await em.findOneBy(AssignmentRow, { id: row.assignmentId });
    if (!assignment) throw missing();
    return { ref, proposal: await loadProposal(em, actor, row.proposalId, lock), unitId: assignment.unitId };
  };
  switch (ref.type) {
    case 'proposal':
      return { ref, proposal: await loadProposal(em, actor, ref.id, lock), unitId: null };
    case 'reply':
      return ofAssignment(await em.findOneBy(ReplyRow, { id: ref.id }));
    case 'communication':
      return ofAssignment(await em.findOneBy(CommunicationRow, { id: ref.id }));
    case 'supervision_notice': {
      const notice = await em.findOneBy(SupervisionNoticeRow, { id: ref.id });
      if (!notice || !maySeeNoticeOf(actor, notice.unitId)) throw missing();
      return { ref, proposal: await loadProposal(em, actor, notice.proposalId, lock), unitId: notice.unitId };
    }
  }
}

/** Supervision notices (督办通知): the office and the staff see them all, a unit its own, a proposer none. */
function maySeeNoticeOf(actor: Actor, unitId: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  if (STAFF.includes(actor.role)) return true;
  return actor.role === 'unit' && actor.unitId === unitId;
}

/** May this actor add a file to this owner (it already sees it)? The domain's rule (`attachPermission`). */
function checkMayAttach(actor: Actor, owner: ResolvedOwner): void {
  requireRole(actor, 'admin', 'committee', 'supervisor', 'unit', 'proposer');
  const target: AttachTarget = owner.ref.type === 'proposal'
    ? { type: 'proposal', proposalStatus: owner.proposal.status }
    : { type: owner.ref.type, unitId: owner.unitId };
  const permission = attachPermission(actor, target);
  if (permission === 'forbidden') throw new ForbiddenError();
  if (permission === 'state') {
    throw new RuleViolationError('attachment_state', `A proposer adds material only before filing review is done: the proposal is "${owner.proposal.status}"`);
  }
}

/** The attachment as the API and the pages show it. */
export function attachmentView(a: AttachmentRow) {
  return {
    id: a.id,
    proposalId: a.proposalId,
    ownerType: a.ownerType,
    ownerId: a.ownerId,
    purpose: a.purpose,
    filename: a.filename,
    mediaType: a.mediaType,
    format: a.format,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}
export type AttachmentView = ReturnType<typeof attachmentView>;

/**
 * The files themselves: checks a file against the rules (sniffed format, size, count; a letter a
 * PDF), scans it (clamd when configured), stores it (disk or S3) and records it — the row and its
 * `attachment.uploaded` event in the caller's transaction. Nothing is half-written: an object
 * whose transaction fails is removed again (`within`).
 */
export class AttachmentFiles {
  private readonly logger = new Logger('AttachmentFiles');

  constructor(
    readonly storage: AttachmentStorage,
    private readonly scanner: VirusScanner,
  ) {}

  /** Checks, scans and stores one file; `field` names it in every refusal. */
  async prepare(
    rules: AttachmentRules,
    proposalId: string,
    file: IncomingFile | undefined,
    input: { field: string; purpose: AttachmentPurpose; existing: number; keyPrefix?: string },
  ): Promise<PreparedAttachment> {
    if (!file) throw new InvalidInputError(input.field, 'is required: choose a file (请选择文件)');
    const data = file.buffer;
    const sniffed = await sniffAttachment(data);
    const problem = attachmentProblem(rules, { size: data.length, format: sniffed.format, purpose: input.purpose, existing: input.existing });
    // Scanned before its format is judged: an infected file is told as such, whatever it pretends to be.
    if (problem?.code !== 'empty' && problem?.code !== 'too_large') {
      const viruses = await this.scanner.scan(data);
      if (viruses.length > 0) {
        throw new InvalidInputError(input.field, `was refused by the virus scan: ${viruses.join(', ')} (文件未通过病毒扫描，已拒收)`, 'ATTACHMENT_INFECTED', {}, 'attachment_infected');
      }
    }
    if (problem) throw new InvalidInputError(input.field, problem.message, 'ATTACHMENT_REFUSED', {}, `attachment_${problem.code}`);
    const id = randomUUID();
    const format = sniffed.format!;
    const prepared: PreparedAttachment = {
      id,
      // A draft's file (提案草稿) has no proposal yet: it is kept under the draft's id and keeps that key once submitted.
      key: `${input.keyPrefix ?? proposalId}/${id}`,
      proposalId,
      filename: cleanFilename(file.originalname, format),
      mediaType: sniffed.mediaType!,
      format,
      sizeBytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      purpose: input.purpose,
    };
    await this.storage.put(prepared.key, data, prepared.mediaType);
    return prepared;
  }

  /** Runs `fn` (the transaction that records the files); when it fails, the stored objects are removed. */
  async within<T>(prepared: ReadonlyArray<PreparedAttachment | null>, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      await Promise.all(prepared.filter((p): p is PreparedAttachment => p !== null).map((p) => this.discard(p)));
      throw e;
    }
  }

  async discard(p: PreparedAttachment): Promise<void> {
    await this.storage.delete(p.key).catch((e: Error) => this.logger.error({ err: e.message, key: p.key }, 'could not remove an unrecorded attachment'));
  }

  /** Records a stored file in the transaction (the proposal is locked by the caller): its row and its event. */
  async insert(tx: Tx, p: PreparedAttachment, owner: OwnerRef, rules: AttachmentRules, field: string): Promise<AttachmentRow> {
    const existing = await tx.em.countBy(AttachmentRow, { ownerType: owner.type, ownerId: owner.id });
    if (existing >= rules.maxFiles) throw new InvalidInputError(field, `would exceed ${rules.maxFiles} files (附件已达 ${rules.maxFiles} 个的上限)`, 'ATTACHMENT_TOO_MANY', {}, 'attachment_too_many');
    if (p.purpose === 'letter' && (await tx.em.existsBy(AttachmentRow, { ownerId: owner.id, purpose: 'letter' }))) {
      throw new ConflictError('This reply already has its letter (答复函已上传)', field);
    }
    const row = await tx.em.save(
      AttachmentRow,
      tx.em.create(AttachmentRow, {
        id: p.id,
        proposalId: p.proposalId,
        ownerType: owner.type,
        ownerId: owner.id,
        purpose: p.purpose,
        filename: p.filename,
        mediaType: p.mediaType,
        format: p.format,
        sizeBytes: p.sizeBytes,
        sha256: p.sha256,
        storageKey: p.key,
        uploadedBy: tx.actor.kind === 'user' ? tx.actor.id : null,
        uploadedAt: tx.now,
      }),
    );
    await tx.record({
      type: 'attachment.uploaded',
      proposalId: p.proposalId,
      subjectType: 'attachment',
      subjectId: row.id,
      payload: {
        attachmentId: row.id, ownerType: owner.type, ownerId: owner.id, purpose: row.purpose,
        filename: row.filename, mediaType: row.mediaType, sizeBytes: row.sizeBytes, sha256: row.sha256,
      },
    });
    return row;
  }

  /** The stored bytes, checked against the recorded SHA-256 (a changed or missing object is an error, never served). */
  async read(row: AttachmentRow): Promise<Buffer> {
    const data = await this.storage.get(row.storageKey);
    if (!data) throw new Error(`attachment ${row.id}: the stored object ${row.storageKey} is missing`);
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (sha256 !== row.sha256) throw new Error(`attachment ${row.id}: the stored object does not match its SHA-256`);
    return data;
  }
}

/** 上传附件: one file added to a proposal, a reply, a communication or a supervision notice. */
export class UploadAttachment {
  constructor(
    private readonly ctx: AppContext,
    private readonly files: AttachmentFiles,
  ) {}

  async execute(actor: Actor, owner: OwnerRef, file: IncomingFile | undefined, input: { purpose?: AttachmentPurpose; field?: string } = {}): Promise<AttachmentRow> {
    const field = input.field ?? 'attachment';
    const purpose = input.purpose ?? 'file';
    const em = this.ctx.ds.manager;
    const resolved = await resolveOwner(em, actor, owner);
    checkMayAttach(actor, resolved);
    if (purpose === 'letter' && owner.type !== 'reply') throw new InvalidInputError('purpose', 'only a reply has a letter (答复函只属于答复)');
    const rules = (await this.ctx.rules.forSession(em, resolved.proposal.sessionId)).rules.attachments;
    const existing = await em.countBy(AttachmentRow, { ownerType: owner.type, ownerId: owner.id });
    const prepared = await this.files.prepare(rules, resolved.proposal.id, file, { field, purpose, existing });
    return this.files.within([prepared], () =>
      this.ctx.transaction(actor, async (tx) => {
        const locked = await resolveOwner(tx.em, actor, owner, true);
        checkMayAttach(actor, locked);
        return this.files.insert(tx, prepared, owner, rules, field);
      }),
    );
  }
}

/** Reading attachments: lists and downloads, each download an `attachment.downloaded` event. */
export class AttachmentQueries {
  constructor(
    private readonly ctx: AppContext,
    private readonly files: AttachmentFiles,
  ) {}

  /** The files of one owner the actor sees (404 as for the owner). */
  async listFor(actor: Actor, owner: OwnerRef): Promise<AttachmentView[]> {
    const em = this.ctx.ds.manager;
    await resolveOwner(em, actor, owner);
    const rows = await em.find(AttachmentRow, { where: { ownerType: owner.type, ownerId: owner.id }, order: { uploadedAt: 'ASC', filename: 'ASC' } });
    return rows.map(attachmentView);
  }

  /**
   * Every file of a proposal the actor sees: its material, its replies' and communications' files,
   * and the files of the supervision notices the actor sees (the office all, a unit its own).
   */
  async listForProposal(actor: Actor, proposalId: string): Promise<AttachmentView[]> {
    await loadProposal(this.ctx.ds.manager, actor, proposalId);
    return this.readForProposal(actor, proposalId);
  }

  /** `listForProposal` of a file this reader was given by ProposalQueries.get (its visibility checked there). */
  listForFile(actor: Actor, file: ProposalFile): Promise<AttachmentView[]> {
    return this.readForProposal(actor, file.id);
  }

  private async readForProposal(actor: Actor, proposalId: string): Promise<AttachmentView[]> {
    const em = this.ctx.ds.manager;
    const rows = await em.find(AttachmentRow, { where: { proposalId }, order: { uploadedAt: 'ASC', filename: 'ASC' } });
    const noticeIds = rows.filter((r) => r.ownerType === 'supervision_notice').map((r) => r.ownerId);
    const notices = noticeIds.length ? await em.findBy(SupervisionNoticeRow, { id: In(noticeIds) }) : [];
    const visibleNotices = new Set(notices.filter((n) => maySeeNoticeOf(actor, n.unitId)).map((n) => n.id));
    return rows.filter((r) => r.ownerType !== 'supervision_notice' || visibleNotices.has(r.ownerId)).map(attachmentView);
  }

  /** One attachment's description (404 unless the actor sees its owner). */
  async get(actor: Actor, id: string): Promise<AttachmentView> {
    return attachmentView(await this.visible(actor, id));
  }

  /** The file's bytes for the actor, recorded as a download. */
  async open(actor: Actor, id: string, via: 'api' | 'ui'): Promise<{ attachment: AttachmentView; data: Buffer }> {
    const row = await this.visible(actor, id);
    const data = await this.files.read(row);
    await this.recordDownload(actor, row, via);
    return { attachment: attachmentView(row), data };
  }

  /**
   * A published reply's letter on the public page (公开答复): only the letter (答复函) of a reply
   * marked public, of a proposal that is published; anything else is 404, as for anyone not signed in.
   */
  async openPublicLetter(id: string): Promise<{ attachment: AttachmentView; data: Buffer }> {
    const row = await this.publicLetterRow(id);
    if (!row) throw new NotFoundError('attachment', id);
    const data = await this.files.read(row);
    await this.recordDownload(systemActor('public'), row, 'public');
    return { attachment: attachmentView(row), data };
  }

  /** The published letters of these proposals' public replies, by reply id (the public pages link them). */
  async publicLetters(proposalIds: string[]): Promise<Map<string, AttachmentView>> {
    if (proposalIds.length === 0) return new Map();
    const rows: AttachmentRow[] = await this.ctx.ds
      .createQueryBuilder(AttachmentRow, 'a')
      .innerJoin(ReplyRow, 'r', 'r.id = a.owner_id AND r.public = true')
      .innerJoin(ProposalRow, 'p', 'p.id = a.proposal_id AND p.published = true')
      .where("a.owner_type = 'reply' AND a.purpose = 'letter'")
      .andWhere('a.proposal_id IN (:...ids)', { ids: proposalIds })
      .getMany();
    return new Map(rows.map((r) => [r.ownerId, attachmentView(r)]));
  }

  private async publicLetterRow(id: string): Promise<AttachmentRow | null> {
    return this.ctx.ds
      .createQueryBuilder(AttachmentRow, 'a')
      .innerJoin(ReplyRow, 'r', 'r.id = a.owner_id AND r.public = true')
      .innerJoin(ProposalRow, 'p', 'p.id = a.proposal_id AND p.published = true')
      .where("a.id = :id AND a.owner_type = 'reply' AND a.purpose = 'letter'", { id })
      .getOne();
  }

  private async visible(actor: Actor, id: string): Promise<AttachmentRow> {
    const em = this.ctx.ds.manager;
    const row = await em.findOneBy(AttachmentRow, { id });
    if (!row) throw new NotFoundError('attachment', id);
    try {
      await resolveOwner(em, actor, { type: row.ownerType, id: row.ownerId });
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError('attachment', id);
      throw e;
    }
    return row;
  }

  private async recordDownload(actor: Actor, row: AttachmentRow, via: 'api' | 'ui' | 'public'): Promise<void> {
    await this.ctx.transaction(actor, (tx) =>
      tx.record({
        type: 'attachment.downloaded',
        subjectType: 'attachment',
        subjectId: row.id,
        payload: { attachmentId: row.id, proposalId: row.proposalId, ownerType: row.ownerType, ownerId: row.ownerId, via },
      }),
    );
  }
}

/** The attachments of several owners, by owner id (for exports and printable documents; the caller has checked access). */
export async function attachmentsByOwner(em: EntityManager, proposalIds: string[]): Promise<Map<string, AttachmentRow[]>> {
  const out = new Map<string, AttachmentRow[]>();
  if (proposalIds.length === 0) return out;
  const rows = await em.find(AttachmentRow, { where: { proposalId: In(proposalIds), ownerType: Not('supervision_notice') }, order: { uploadedAt: 'ASC', filename: 'ASC' } });
  for (const r of rows) out.set(r.ownerId, [...(out.get(r.ownerId) ?? []), r]);
  return out;
}
