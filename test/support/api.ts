import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FixedClock } from '#domain';
import { CLOCK } from '#kernel';
import { DubanConfig } from '#common';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DubanPlatformModule } from '#application';
import { QueueConsumersModule, QueueName } from '#queue';
import { ApiHttpModule } from '../../apps/api/src/api.module.js';
import { INTAKE_HANDLERS } from '#intake';
import { ASSIGNMENT_HANDLERS } from '#handling';
import { DEADLINE_HANDLERS } from '#deadlines';
import { NOTIFICATION_HANDLERS } from '#notifications';
import { configureApi } from '../../apps/api/src/bootstrap.js';
import { createTestDatabase, type TestDatabase } from './database.js';

import { ADMIN } from './accounts.js';
export { ADMIN };

export interface TestApi {
  app: INestApplication;
  db: TestDatabase;
  clock: FixedClock;
  http: ReturnType<typeof request>;
  /** Signs in and returns the bearer token. */
  login(username: string, password: string): Promise<string>;
  as(token: string): {
    get(path: string): request.Test;
    post(path: string, body?: object): request.Test;
    patch(path: string, body?: object): request.Test;
  };
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Which queues this process consumes (default: all). */
  queues?: QueueName[];
  handlers?: Provider[];
}

/**
 * Boots Duban in this process — the API and the workers of the given queues — on its own database
 * and its own queue prefix in the shared Redis, with a clock the test moves.
 */
export async function startApi(label: string, now = '2024-01-15T09:00:00+08:00', options: StartOptions = {}): Promise<TestApi> {
  const env = options.env ?? {};
  const db = await createTestDatabase(label);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: db.url,
    DUBAN_ADMIN_USERNAME: ADMIN.username,
    DUBAN_ADMIN_PASSWORD: ADMIN.password,
    DUBAN_QUEUE_PREFIX: db.name,
    DUBAN_TIME_TRAVEL: 'on',
    DUBAN_MAIL_DIR: join(tmpdir(), db.name),
    DUBAN_RELAY_INTERVAL_MS: '300',
    DUBAN_SWEEP_INTERVAL_MS: '500',
    ...env,
  });
  const clock = new FixedClock(now);
  // The config is built from this file's environment: @nestjs/config keeps what it read first for the process.
  const queues = options.queues ?? Object.values(QueueName);
  const handlers = options.handlers ?? [...INTAKE_HANDLERS, ...ASSIGNMENT_HANDLERS, ...DEADLINE_HANDLERS, ...NOTIFICATION_HANDLERS];
  @Module({})
  class TestDubanModule {
    static create(): DynamicModule {
      return { module: TestDubanModule, imports: [DubanPlatformModule.forProcess('duban-test'), ApiHttpModule, QueueConsumersModule.forQueues(queues, handlers)] };
    }
  }
  const moduleRef = await Test.createTestingModule({ imports: [TestDubanModule.create()] })
    .overrideProvider(CLOCK).useValue(clock)
    .overrideProvider(DubanConfig).useValue(DubanConfig.fromEnv(process.env))
    .compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  await configureApi(app);
  await app.init();
  const http = request(app.getHttpServer());
  const as = (token: string) => ({
    get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object = {}) => http.patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  return {
    app,
    db,
    clock,
    http,
    as,
    async login(username, password) {
      const res = await http.post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      await obliterateQueues(db.name);
      await db.drop();
    },
  };
}

/** Removes this run's keys from the shared Redis. */
export async function obliterateQueues(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` passes (or throws its last failure after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
