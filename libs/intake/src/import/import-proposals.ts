import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { printableText } from '#domain';
import { ProposalImportRow, ProposalImportRowRecord, SessionRow, UserRow, type ImportProblem } from '#persistence';
import { systemActor, type Actor, type AppContext, requireRole, STAFF, ApplicationError, ConflictError, InvalidInputError, NotFoundError, iso, type Page } from '#kernel';
import { SubmitProposal } from '../use-cases/intake.js';

/** SubmitProposal as an import calls it: every proposal it creates names the import. */
type Submit = Pick<SubmitProposal, 'execute'>;
import { detectFormat, ProposalFileError, readProposalFile, type ImportField } from './proposal-file.js';
import { identityOf, validateRow, type ProposerDirectory, type RowInput } from './row-validation.js';

/** The largest file accepted (bytes). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface RequestImportInput {
  sessionId: string;
  filename: string;
  data: Buffer;
}

/**
 * 批量导入, step 1 (the API): stores the uploaded file and records `import.requested` in one
 * transaction; the routing table turns the event into the intake worker's import job.
 */
export class RequestImport {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, input: RequestImportInput): Promise<ProposalImportRow> {
    requireRole(actor, 'admin', 'committee');
    if (!input.data || input.data.length === 0) throw new InvalidInputError('file', '文件为空');
    if (input.data.length > MAX_IMPORT_BYTES) throw new InvalidInputError('file', `文件不能超过${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    const filename = (input.filename || 'proposals').slice(0, 255);
    const format = detectFormat(filename, input.data);
    if (!format) throw new InvalidInputError('file', '只接受XLSX（.xlsx）或CSV（.csv，UTF-8或GB18030编码）文件');
    const sha256 = createHash('sha256').update(input.data).digest('hex');
    return this.ctx.transaction(actor, async (tx) => {
      if (!(await tx.em.existsBy(SessionRow, { id: input.sessionId }))) throw new InvalidInputError('sessionId', 'no such session');
      const row = await tx.em.save(
        ProposalImportRow,
        tx.em.create(ProposalImportRow, {
          sessionId: input.sessionId, filename, format, fileSha256: sha256, file: input.data, status: 'queued',
          requestedBy: actor.id, requestedAt: tx.now,
        }),
      );
      await tx.record({
        type: 'import.requested',
        subjectType: 'import',
        subjectId: row.id,
        payload: { importId: row.id, sessionId: input.sessionId, filename, format, sha256, bytes: input.data.length },
      });
      return row;
    });
  }
}

/** Thrown when the process stops in the middle of an import: the job is retried and resumes. */
export class ImportInterruptedError extends Error {
  constructor(importId: string) {
    super(`import ${importId} interrupted by shutdown; it resumes where its report stops`);
  }
}

/** How often (rows) progress and the report are written while an import runs. */
const FLUSH_EVERY_ROWS = 100;
const FLUSH_EVERY_MS = 1000;

interface ExistingProposal {
  id: string;
  number: number | null;
  identity: string;
  title: string;
}

/**
 * 批量导入, step 2 (the intake worker): validates every row and puts each good one in through
 * SubmitProposal (one transaction per row: a row goes in whole or not at all; an imported proposal
 * keeps its number, and its `proposal.submitted` names the import: import-origin.ts). A row whose
 * proposal is already in the session (same number with the same text, or the same proposer and
 * text) is skipped, so importing the same file again creates nothing; a row whose number is taken
 * by another proposal is invalid. Progress and the row report are stored as it goes; a crashed
 * import resumes where its report stops. Imports of one session run one at a time (an advisory
 * lock), so two uploads of the same file cannot both insert a row.
 */
export class RunImport {
  private readonly logger = new Logger('RunImport');
  private stopping = false;

  constructor(private readonly ctx: AppContext) {}

  private get ds(): DataSource {
    return this.ctx.ds;
  }

  /** The process is shutting down: running imports stop after their current row (and resume on retry). */
  stop(): void {
    this.stopping = true;
  }

  async execute(importId: string): Promise<ProposalImportRow | null> {
    const found = await this.ds.manager.findOneBy(ProposalImportRow, { id: importId });
    if (!found || found.status === 'completed' || found.status === 'failed') return found;
    const lock = this.ds.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [`duban-import:${found.sessionId}`]);
      return await this.run(importId);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`duban-import:${found.sessionId}`]).catch(() => undefined);
      await lock.release();
    }
  }

  private async run(importId: string): Promise<ProposalImportRow | null> {
    // An UPDATE through query() returns [rows, affected].
    const [claimed] = (await this.ds.query(
      `UPDATE proposal_imports SET status = 'running', started_at = coalesce(started_at, $2), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [importId, this.ctx.clock.now()],
    )) as [unknown[], number];
    if (claimed.length === 0) return this.ds.manager.findOneBy(ProposalImportRow, { id: importId });
    const job = await this.ds.manager.findOneOrFail(ProposalImportRow, { where: { id: importId }, select: { id: true, sessionId: true, format: true, file: true, requestedBy: true } });
    const actor = await this.actorOf(job.requestedBy);
    if (!actor) return this.fail(importId, '发起导入的用户已停用或不再有导入权限');

    let parsed;
    try {
      parsed = await readProposalFile(job.format, job.file);
    } catch (e) {
      if (e instanceof ProposalFileError) return this.fail(importId, e.message);
      throw e;
    }
    await this.ds.query(`UPDATE proposal_imports SET total_rows = $2, updated_at = now() WHERE id = $1`, [importId, parsed.rows.length]);

    // Every proposal it creates names the import on its proposal.submitted (the planner sends no 新提案 for it).
    const submitter = new SubmitProposal(this.ctx);
    const submit: Submit = { execute: (actor, input) => submitter.execute(actor, { ...input, importId }) };
    const proposers = await this.proposerDirectory();
    const existing = await this.existingProposals(job.sessionId);
    const byNumber = new Map(existing.filter((p) => p.number != null).map((p) => [p.number!, p]));
    const byIdentity = new Map(existing.map((p) => [p.identity, p]));
    // Resuming after a crash or a retry: rows already in the report are done.
    const reported = new Map(
      (await this.ds.manager.find(ProposalImportRowRecord, { where: { importId } })).map((r) => [r.rowNo, r]),
    );
    const seenNumber = new Map<number, number>();
    const seenIdentity = new Map<string, number>();
    for (const r of reported.values()) {
      if (r.status === 'invalid') continue;
      if (r.number != null) seenNumber.set(r.number, r.rowNo);
      if (r.identity) seenIdentity.set(r.identity, r.rowNo);
    }

    let buffer: ProposalImportRowRecord[] = [];
    let lastFlush = Date.now();
    let processed = reported.size;
    const flush = async () => {
      if (buffer.length > 0) {
        await this.ds.createQueryBuilder().insert().into(ProposalImportRowRecord).values(buffer).orIgnore().execute();
        buffer = [];
      }
      await this.ds.query(`UPDATE proposal_imports SET processed_rows = $2, updated_at = now() WHERE id = $1`, [importId, processed]);
      lastFlush = Date.now();
    };
    const report = (rowNo: number, status: ProposalImportRowRecord['status'], extra: Partial<ProposalImportRowRecord>) => {
      buffer.push(Object.assign(new ProposalImportRowRecord(), { importId, rowNo, status, identity: null, number: null, title: null, proposalId: null, problems: [], ...extra }));
    };

    for (const row of parsed.rows) {
      if (reported.has(row.rowNo)) continue;
      if (this.stopping) {
        await flush();
        throw new ImportInterruptedError(importId);
      }
      processed += 1;
      const { input, problems } = validateRow(row, parsed.columns, proposers);
      // The report shows the title as the file has it, made storable (an invalid row may hold a NUL).
      const title = printableText((row.cells.title ?? '').trim().slice(0, 200)) || null;
      if (!input) {
        report(row.rowNo, 'invalid', { title, problems });
      } else {
        const identity = identityOf(input);
        const outcome = await this.place(submit, input, identity, row.rowNo, { byNumber, byIdentity, seenNumber, seenIdentity }, actor, job.sessionId, parsed.columns);
        report(row.rowNo, outcome.status, { identity, number: input.number, title: input.title, proposalId: outcome.proposalId ?? null, problems: outcome.problems });
      }
      if (buffer.length >= FLUSH_EVERY_ROWS || Date.now() - lastFlush > FLUSH_EVERY_MS) await flush();
    }
    await flush();
    return this.complete(importId);
  }

  /** Decides one valid row: skipped (already there), invalid (a clash) or imported through SubmitProposal. */
  private async place(
    submit: Submit,
    input: RowInput,
    identity: string,
    rowNo: number,
    known: {
      byNumber: Map<number, ExistingProposal>;
      byIdentity: Map<string, ExistingProposal>;
      seenNumber: Map<number, number>;
      seenIdentity: Map<string, number>;
    },
    actor: Actor,
    sessionId: string,
    columns: Partial<Record<ImportField, string>>,
  ): Promise<{ status: 'imported' | 'skipped' | 'invalid'; proposalId?: string; problems: ImportProblem[] }> {
    const col = (field: ImportField, fallback: string) => columns[field] ?? fallback;
    const invalid = (field: ImportField, fallback: string, message: string) => ({ status: 'invalid' as const, problems: [{ column: col(field, fallback), field, message }] });
    const skipped = (p: ExistingProposal, message: string) => ({ status: 'skipped' as const, proposalId: p.id, problems: [{ column: '', field: 'row', message }] });
    const label = (p: ExistingProposal) => (p.number != null ? `第${p.number}号` : '未编号提案');

    if (input.number != null && known.seenNumber.has(input.number)) {
      return invalid('number', '编号', `编号${input.number}与第${known.seenNumber.get(input.number)}行重复`);
    }
    if (known.seenIdentity.has(identity)) {
      return invalid('title', '标题', `与第${known.seenIdentity.get(identity)}行的提案人、标题和内容完全相同`);
    }
    if (input.number != null) {
      const holder = known.byNumber.get(input.number);
      if (holder && holder.identity === identity) {
        known.seenNumber.set(input.number, rowNo);
        known.seenIdentity.set(identity, rowNo);
        return skipped(holder, `第${input.number}号已导入（提案人、标题和内容相同），跳过`);
      }
      if (holder) return invalid('number', '编号', `编号${input.number}在本届会议已被《${holder.title}》使用`);
    }
    const same = known.byIdentity.get(identity);
    if (same) {
      known.seenIdentity.set(identity, rowNo);
      if (input.number != null) known.seenNumber.set(input.number, rowNo);
      return skipped(same, `相同提案已存在（${label(same)}），跳过`);
    }
    try {
      const proposal = await submit.execute(actor, { sessionId, ...input });
      const placed = { id: proposal.id, number: proposal.number, identity, title: proposal.title };
      if (input.number != null) {
        known.byNumber.set(input.number, placed);
        known.seenNumber.set(input.number, rowNo);
      }
      known.byIdentity.set(identity, placed);
      known.seenIdentity.set(identity, rowNo);
      return { status: 'imported', proposalId: proposal.id, problems: [] };
    } catch (e) {
      if (e instanceof ConflictError && input.number != null) {
        // Someone took the number meanwhile (a proposal entered by hand): decide as above.
        const [holder] = await this.existingProposals(sessionId, input.number);
        if (holder) {
          known.byNumber.set(input.number, holder);
          return this.place(submit, input, identity, rowNo, known, actor, sessionId, columns);
        }
      }
      if (e instanceof InvalidInputError && e.errorCode === 'SESSION_OF_OTHER_BODY') {
        return invalid('leadProposer', '第一提案人', '第一提案人不属于本届次的政协或人大（政协委员和党派团体提交提案，人大代表提交建议），请核对届次或在提案者名录中更正其所属');
      }
      if (e instanceof InvalidInputError) {
        const field = ({ leadProposerId: 'leadProposer', coProposerIds: 'coProposers' } as Record<string, ImportField>)[e.field] ?? (e.field as ImportField);
        return invalid(field, e.field, e.message);
      }
      if (e instanceof ApplicationError) return invalid('title', '标题', e.message);
      throw e; // Postgres unavailable and the like: the job retries and resumes.
    }
  }

  private async complete(importId: string): Promise<ProposalImportRow | null> {
    return this.ctx.transaction(systemActor('intake-worker'), async (tx) => {
      const [counts]: Array<{ imported: number; skipped: number; invalid: number; total: number }> = await tx.em.query(
        `SELECT count(*) FILTER (WHERE status = 'imported')::int AS imported, count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
                count(*) FILTER (WHERE status = 'invalid')::int AS invalid, count(*)::int AS total
           FROM proposal_import_rows WHERE import_id = $1`,
        [importId],
      );
      const [updated] = (await tx.em.query(
        `UPDATE proposal_imports SET status = 'completed', processed_rows = $2, imported_count = $3, skipped_count = $4, invalid_count = $5,
                finished_at = $6, updated_at = now()
          WHERE id = $1 AND status = 'running' RETURNING session_id`,
        [importId, counts.total, counts.imported, counts.skipped, counts.invalid, tx.now],
      )) as [Array<{ session_id: string }>, number];
      const sessionId = updated[0]?.session_id;
      if (sessionId) {
        await tx.record({
          type: 'import.completed',
          subjectType: 'import',
          subjectId: importId,
          payload: { importId, sessionId, imported: counts.imported, skipped: counts.skipped, invalid: counts.invalid },
        });
        this.logger.log({ importId, ...counts }, 'import completed');
      }
      return tx.em.findOneBy(ProposalImportRow, { id: importId });
    });
  }

  /**
   * The import's job gives up (its last attempt failed): the import ends `failed` with the reason,
   * so the progress page stops polling and says so. Rows reported so far stay in the report.
   */
  async giveUp(importId: string, error: unknown): Promise<ProposalImportRow | null> {
    const reason = printableText(error instanceof Error ? error.message : String(error)).slice(0, 500);
    this.logger.error({ importId, err: reason }, 'import failed for good');
    return this.fail(importId, `导入多次重试仍未成功，已终止：${reason}`);
  }

  private async fail(importId: string, failure: string): Promise<ProposalImportRow | null> {
    return this.ctx.transaction(systemActor('intake-worker'), async (tx) => {
      await tx.em.query(
        `UPDATE proposal_imports SET status = 'failed', failure = $2, finished_at = $3, updated_at = now() WHERE id = $1 AND status IN ('queued','running')`,
        [importId, failure, tx.now],
      );
      await tx.record({ type: 'import.failed', subjectType: 'import', subjectId: importId, payload: { importId, failure } });
      return tx.em.findOneBy(ProposalImportRow, { id: importId });
    });
  }

  private async actorOf(userId: string): Promise<Actor | null> {
    const user = await this.ds.manager.findOneBy(UserRow, { id: userId });
    if (!user || !user.active || !['admin', 'committee'].includes(user.role)) return null;
    return { kind: 'user', id: user.id, username: user.username, role: user.role, unitId: user.unitId, proposerId: user.proposerId };
  }

  private async proposerDirectory(): Promise<ProposerDirectory> {
    const rows: Array<{ id: string; name: string }> = await this.ds.query(`SELECT id, name FROM proposers`);
    const byName = new Map<string, string[]>();
    for (const r of rows) byName.set(r.name.trim(), [...(byName.get(r.name.trim()) ?? []), r.id]);
    return { byName, ids: new Set(rows.map((r) => r.id)) };
  }

  private async existingProposals(sessionId: string, number?: number): Promise<ExistingProposal[]> {
    const rows: Array<{ id: string; number: number | null; title: string; content: string; lead_proposer_id: string }> = await this.ds.query(
      `SELECT id, number, title, content, lead_proposer_id FROM proposals WHERE session_id = $1 ${number !== undefined ? 'AND number = $2' : ''}`,
      number !== undefined ? [sessionId, number] : [sessionId],
    );
    return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, identity: identityOf({ leadProposerId: r.lead_proposer_id, title: r.title, content: r.content }) }));
  }
}

export interface ImportView {
  id: string;
  sessionId: string;
  filename: string;
  format: 'xlsx' | 'csv';
  fileSha256: string;
  status: ProposalImportRow['status'];
  failure: string | null;
  requestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { totalRows: number | null; processedRows: number; percent: number };
  counts: { imported: number; skipped: number; invalid: number };
  /** Earlier imports of the very same file into the same session. */
  sameFileAs: string[];
}

export interface ImportReport extends ImportView {
  /** One entry per problem of each invalid row: the row, the column, the problem. */
  errors: Array<{ row: number; column: string; field: string; message: string; title: string | null }>;
  /** Rows whose proposal was already there. */
  skipped: Array<{ row: number; number: number | null; title: string | null; proposalId: string | null; reason: string }>;
  /** Every row with its outcome, only with `?rows=all`. */
  rows?: Array<{ row: number; status: string; number: number | null; title: string | null; proposalId: string | null }>;
}

/** The reads of imports: progress, counts and the row report. */
export class ImportQueries {
  constructor(private readonly ds: DataSource) {}

  async get(actor: Actor, id: string, options: { allRows?: boolean } = {}): Promise<ImportReport> {
    requireRole(actor, ...STAFF);
    const row = await this.ds.manager.findOneBy(ProposalImportRow, { id });
    if (!row) throw new NotFoundError('import', id);
    const records = await this.ds.manager.find(ProposalImportRowRecord, { where: { importId: id }, order: { rowNo: 'ASC' } });
    return {
      ...(await this.view(row)),
      errors: records
        .filter((r) => r.status === 'invalid')
        .flatMap((r) => r.problems.map((p) => ({ row: r.rowNo, column: p.column, field: p.field, message: p.message, title: r.title }))),
      skipped: records
        .filter((r) => r.status === 'skipped')
        .map((r) => ({ row: r.rowNo, number: r.number, title: r.title, proposalId: r.proposalId, reason: r.problems[0]?.message ?? '' })),
      ...(options.allRows
        ? { rows: records.map((r) => ({ row: r.rowNo, status: r.status, number: r.number, title: r.title, proposalId: r.proposalId })) }
        : {}),
    };
  }

  async list(actor: Actor, filter: { sessionId?: string; page?: number; pageSize?: number }): Promise<Page<ImportView>> {
    requireRole(actor, ...STAFF);
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, filter.pageSize ?? 20));
    const [rows, total] = await this.ds.manager.findAndCount(ProposalImportRow, {
      where: filter.sessionId ? { sessionId: filter.sessionId } : {},
      order: { requestedAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: await Promise.all(rows.map((r) => this.view(r))), total, page, pageSize };
  }

  private async view(r: ProposalImportRow): Promise<ImportView> {
    const same: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM proposal_imports WHERE session_id = $1 AND file_sha256 = $2 AND (requested_at, created_at) < ($3, $4) ORDER BY requested_at, created_at`,
      [r.sessionId, r.fileSha256, r.requestedAt, r.createdAt],
    );
    const total = r.totalRows;
    return {
      id: r.id,
      sessionId: r.sessionId,
      filename: r.filename,
      format: r.format,
      fileSha256: r.fileSha256,
      status: r.status,
      failure: r.failure,
      requestedAt: iso(r.requestedAt),
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      progress: {
        totalRows: total,
        processedRows: r.processedRows,
        percent: r.status === 'completed' ? 100 : total ? Math.min(99, Math.floor((r.processedRows / total) * 100)) : 0,
      },
      counts: { imported: r.importedCount, skipped: r.skippedCount, invalid: r.invalidCount },
      sameFileAs: same.map((s) => s.id),
    };
  }
}
