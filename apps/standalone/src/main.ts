import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DubanConfig } from '#common';
import { shutdownGracefully } from '#queue';
import { configureApi } from '../../api/src/bootstrap.js';
import { StandaloneModule } from './standalone.module.js';

const app = await NestFactory.create(StandaloneModule, { bufferLogs: true });
await configureApi(app);
shutdownGracefully(app);
await app.listen(app.get(DubanConfig).port);
