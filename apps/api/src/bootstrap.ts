import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { Users } from '#application';
import { DubanConfig } from '#common';
import { validationPipe } from './platform/validation.js';
import { configureUi } from './ui/configure-ui.js';

/** Everything an API instance needs besides its module: used by main.ts, the standalone entry and the tests. */
export async function configureApi(app: INestApplication): Promise<INestApplication> {
  app.useLogger(app.get(Logger));
  app.use(cookieParser());
  configureUi(app);
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
  SwaggerModule.setup('api/docs', app, document);
  const config = app.get(DubanConfig);
  if (config.admin) {
    const created = await app.get(Users).ensureAdmin(config.admin.username, config.admin.password);
    if (created) app.get(Logger).log(`created the first admin "${config.admin.username}"`, 'Bootstrap');
  }
  return app;
}
