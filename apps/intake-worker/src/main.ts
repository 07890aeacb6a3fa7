import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { shutdownGracefully } from '#queue';
import { IntakeWorkerModule } from './intake-worker.module.js';

const app = await NestFactory.createApplicationContext(IntakeWorkerModule, { bufferLogs: true });
app.useLogger(app.get(Logger));
shutdownGracefully(app);
await app.init();
