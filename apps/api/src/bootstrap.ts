import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { Users } from '#directory';
import { DubanConfig } from '#common';
import { ERROR_BODY_SCHEMA, httpErrorBody } from './platform/error-filter.js';
import { BODY_LIMIT_BYTES, inputGuard, isJsonRoute, validationPipe } from './platform/validation.js';
import { configureUi } from './ui/configure-ui.js';
import { describeProblems } from './ui/errors.js';
import { Ui, type UiRequest } from './ui/ui.service.js';

/** Everything an API instance needs besides its module: used by main.ts, the standalone entry and the tests. */
export async function configureApi(app: INestApplication): Promise<INestApplication> {
  app.useLogger(app.get(Logger));
  app.use(cookieParser());
  configureUi(app);
  // After helmet, the static files and bull-board, where Nest would put them: the body parsers with
  // the one body limit (platform/validation.ts: a body whose every field is within its own limit
  // fits). Urlencoded forms are parsed flat (node's querystring; the UI's field names have no
  // brackets), which keeps a prototype key such as `constructor` for the input layer to refuse.
  const server = app as NestExpressApplication;
  server.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  server.useBodyParser('urlencoded', { limit: BODY_LIMIT_BYTES, extended: false });
  const ui = app.get(Ui);
  // The body parsers' own refusals (too large, not JSON): the API's error shape, a page in Chinese for the UI.
  server.use(bodyParserErrors(ui));
  // The one input layer: control characters, lone surrogates and prototype keys, in queries and bodies.
  server.use(inputGuard((req, res, problems) => {
    ui.page(req as UiRequest, res, 'error', { status: 400, title: '提交的内容有误', message: describeProblems(problems) }, 400);
  }));
  app.useGlobalPipes(validationPipe);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban 督办 API')
      .setDescription('Proposals (提案) and suggestions (建议): intake, assignment, deadlines, replies, feedback, publication.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY_SCHEMA } };
  SwaggerModule.setup('api/docs', app, document);
  const config = app.get(DubanConfig);
  if (config.admin) {
    const created = await app.get(Users).ensureAdmin(config.admin.username, config.admin.password);
    if (created) app.get(Logger).log(`created the first admin "${config.admin.username}"`, 'Bootstrap');
  }
  return app;
}

/** Errors of body-parser (413 too large, 400 malformed JSON, 415 charset): never a 500. */
function bodyParserErrors(ui: Ui) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    const e = err as { type?: unknown; status?: unknown; expose?: unknown } | null;
    if (!e || typeof e.type !== 'string' || typeof e.status !== 'number' || e.status >= 500 || !e.expose || res.headersSent) return next(err);
    const tooLarge = e.type === 'entity.too.large';
    const status = e.status;
    if (isJsonRoute(req)) {
      res.status(status).json(tooLarge
        ? httpErrorBody(413, 'payload_too_large', `The body exceeds ${BODY_LIMIT_BYTES} bytes`, { fields: ['body'] })
        : httpErrorBody(status, 'bad_request', `The body cannot be read (${e.type})`, { fields: ['body'] }));
      return;
    }
    const mb = (BODY_LIMIT_BYTES / 1_000_000).toFixed(1);
    ui.page(req as UiRequest, res, 'error', {
      status,
      title: tooLarge ? '提交的内容过长' : '提交的内容有误',
      message: tooLarge
        ? `提交的内容超过 ${mb} MB 的上限，未能保存。请返回上一页（浏览器会保留已输入的内容），缩短后再提交。`
        : '提交的内容无法读取，请返回上一页检查后重新提交。',
    }, status);
  };
}
