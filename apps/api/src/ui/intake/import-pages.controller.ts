import { Get, Inject, Param, Post, Query, Req, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { IMPORT_STATUS_LABELS, labelOf } from '#contracts';
import { ForbiddenError } from '#kernel';
import { ImportQueries, MAX_IMPORT_BYTES, RequestImport } from '#intake';
import { Sessions } from '#directory';
import { UploadForm } from '../csrf.js';
import { describeError } from '../errors.js';
import { pageParam, type FormBody } from '../forms.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';

/** What multer hands over (@types/multer is not a dependency). */
interface UploadedFileData {
  originalname: string;
  buffer: Buffer;
  size: number;
}

const UPLOADERS = ['admin', 'committee'];
const VIEWERS = ['admin', 'committee', 'supervisor'];

export { IMPORT_STATUS_LABELS };

/**
 * 批量导入 (docs/intake.md): upload an XLSX/CSV file of proposals, watch the import's progress (htmx
 * polls the status box until it is done) and read its row report. Same use case and query as
 * `POST/GET /api/v1/imports`. The upload form works without JavaScript: its CSRF token is the
 * `_csrf` field of the multipart body, checked once multer has parsed it (`@UploadForm`, csrf.ts).
 * With JavaScript it posts through htmx and the answer swaps the upload box or redirects.
 */
@UiController('imports')
export class ImportPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(ImportQueries) private readonly imports: ImportQueries,
    @Inject(RequestImport) private readonly requestImport: RequestImport,
    @Inject(Sessions) private readonly sessions: Sessions,
  ) {}

  @Get()
  async list(@Req() req: UiRequest, @Res() res: Response, @Query('page') page?: unknown): Promise<void> {
    await this.renderList(req, res, pageParam(page));
  }

  @Post()
  @UploadForm('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 }, defParamCharset: 'utf8' })
  async upload(@Req() req: UiRequest, @Res() res: Response, @UploadedFile() file?: UploadedFileData): Promise<void> {
    const actor = this.ui.user(req);
    const body = (req.body ?? {}) as FormBody;
    const htmx = req.headers['hx-request'] === 'true';
    try {
      const sessionId = typeof body.sessionId === 'string' ? body.sessionId : '';
      const created = await this.requestImport.execute(actor, { sessionId, filename: file?.originalname ?? '', data: file?.buffer ?? Buffer.alloc(0) });
      if (htmx) {
        res.setHeader('HX-Redirect', `/imports/${created.id}`);
        res.status(200).end();
        return;
      }
      this.ui.redirect(res, `/imports/${created.id}`, { kind: 'ok', text: '文件已上传，正在导入。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      // htmx swaps only 2xx answers: the page with the message, of which it takes the upload box.
      await this.renderList(req, res, 1, { message, sessionId: typeof body.sessionId === 'string' ? body.sessionId : '' }, htmx ? 200 : status);
    }
  }

  @Get(':id')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    const actor = this.ui.user(req);
    this.requireViewer(actor);
    const report = await this.imports.get(actor, id);
    const session = (await this.sessions.list(actor, 1, 100)).items.find((s) => s.id === report.sessionId);
    const done = report.status === 'completed' || report.status === 'failed';
    this.ui.page(req, res, 'imports/show', { report, done, sessionName: session?.name ?? '', statusLabel: labelOf(IMPORT_STATUS_LABELS, report.status) });
  }

  private async renderList(req: UiRequest, res: Response, page: number, state?: { message: string; sessionId: string }, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    this.requireViewer(actor);
    const [list, sessions] = await Promise.all([this.imports.list(actor, { page, pageSize: 20 }), this.sessions.list(actor, 1, 100)]);
    const names = new Map(sessions.items.map((s) => [s.id, s.name]));
    this.ui.page(
      req,
      res,
      'imports/list',
      {
        list: { ...list, items: list.items.map((i) => ({ ...i, sessionName: names.get(i.sessionId) ?? '', statusLabel: labelOf(IMPORT_STATUS_LABELS, i.status) })) },
        pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
        sessions: sessions.items,
        canUpload: UPLOADERS.includes(actor.role),
        uploadState: state,
      },
      status,
    );
  }

  private requireViewer(actor: UserActor): void {
    // The query refuses too; this is the page's 403 before any work.
    if (!VIEWERS.includes(actor.role)) throw new ForbiddenError();
  }
}
