import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { shutdownGracefully } from '#queue';
import { AssignmentWorkerModule } from './assignment-worker.module.js';

const app = await NestFactory.createApplicationContext(AssignmentWorkerModule, { bufferLogs: true });
app.useLogger(app.get(Logger));
shutdownGracefully(app);
await app.init();
