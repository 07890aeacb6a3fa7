import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DubanConfig } from '#common';
import { ApiModule } from './api.module.js';
import { configureApi } from './bootstrap.js';

process.env.DUBAN_PROCESS_NAME ??= 'duban-api';
const app = await NestFactory.create(ApiModule, { bufferLogs: true });
await configureApi(app);
await app.listen(app.get(DubanConfig).port);
