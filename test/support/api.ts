import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FixedClock } from '#domain';
import { CLOCK } from '#application';
import { DubanConfig } from '#common';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApi } from '../../apps/api/src/bootstrap.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

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

/** Boots the real API module on its own database, with a clock the test moves. */
export async function startApi(label: string, now = '2024-01-15T09:00:00+08:00', env: Record<string, string> = {}): Promise<TestApi> {
  const db = await createTestDatabase(label);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: db.url,
    DUBAN_ADMIN_USERNAME: ADMIN.username,
    DUBAN_ADMIN_PASSWORD: ADMIN.password,
    DUBAN_QUEUE_PREFIX: db.name,
    ...env,
  });
  const clock = new FixedClock(now);
  // The config is built from this file's environment: @nestjs/config keeps what it read first for the process.
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
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
      await db.drop();
    },
  };
}
