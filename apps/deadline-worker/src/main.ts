import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { shutdownGracefully } from '#queue';
import { DeadlineWorkerModule } from './deadline-worker.module.js';

const app = await NestFactory.createApplicationContext(DeadlineWorkerModule, { bufferLogs: true });
app.useLogger(app.get(Logger));
shutdownGracefully(app);
await app.init();
