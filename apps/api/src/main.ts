import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DubanConfig } from '#common';
import { shutdownGracefully } from '#queue';
import { ApiModule } from './api.module.js';
import { configureApi } from './bootstrap.js';

const app = await NestFactory.create(ApiModule, { bufferLogs: true });
await configureApi(app);
shutdownGracefully(app);
await app.listen(app.get(DubanConfig).port);
