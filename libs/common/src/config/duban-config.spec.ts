import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { DubanConfig, dubanConfigModule } from './duban-config.js';
import { DUBAN_ENV_KEYS, DubanConfigError, validateDubanEnv } from './env.schema.js';
import { DEV_JWT_SECRET, PUBLIC_SECRETS } from './secrets.js';

/** Two random-looking secrets of 48 characters (as `openssl rand -base64 36` prints). */
const PROD_SECRET = 'q3V9kL0xTz7Rw2mB8nYc4HsJ6dGf1aPe5UiOvXbN0tQrKlWm';
const PROD_LINK_SECRET = 'Zp8Qe2Rt6Yu0Io4Pa9Sd3Fg7Hj1Kl5Zx8Cv2Bn6Mq0Wr4Ty7';
const PROD = { NODE_ENV: 'production', DUBAN_JWT_SECRET: PROD_SECRET, DUBAN_FEEDBACK_LINK_SECRET: PROD_LINK_SECRET };

function failure(env: Record<string, string | undefined>): DubanConfigError {
  try {
    DubanConfig.fromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(DubanConfigError);
    return error as DubanConfigError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('DubanConfig', () => {
  it('applies every default to an empty environment', () => {
    const config = DubanConfig.fromEnv({});
    expect(config.nodeEnv).toBe('development');
    expect(config.isProduction).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/duban');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.queuePrefix).toBe('duban');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailDir).toBe('var/mail');
    expect(config.mailFrom).toBe('"督办系统" <duban@localhost>');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.timeTravel).toBe(false);
    expect(config.sweepIntervalMs).toBe(60000);
    expect(config.relayIntervalMs).toBe(5000);
    expect(config.migrate).toBe(true);
    expect(config.admin).toBeUndefined();
    expect(config.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(config.sessionTtl).toBe('8h');
    expect(config.sessionTtlSeconds).toBe(8 * 3600);
    expect(config.rulesFile).toBe('config/rules.json');
    expect(config.logLevel).toBe('info');
  });

  it('reads and converts values; an empty value counts as unset', () => {
    const config = DubanConfig.fromEnv({
      PORT: '8080',
      DUBAN_TIME_TRAVEL: 'ON',
      DUBAN_MIGRATE: 'off',
      DUBAN_SWEEP_INTERVAL_MS: '250',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      DUBAN_PUBLIC_URL: 'https://duban.example.gov.cn/',
      DUBAN_QUEUE_PREFIX: '',
      LOG_LEVEL: 'debug',
      DUBAN_SESSION_TTL: '30m',
      UNRELATED_VARIABLE: 'ignored',
    });
    expect(config.port).toBe(8080);
    expect(config.timeTravel).toBe(true);
    expect(config.migrate).toBe(false);
    expect(config.sweepIntervalMs).toBe(250);
    expect(config.smtpUrl).toBe('smtp://127.0.0.1:1025');
    expect(config.publicUrl).toBe('https://duban.example.gov.cn');
    expect(config.queuePrefix).toBe('duban');
    expect(config.logLevel).toBe('debug');
    expect(config.sessionTtlSeconds).toBe(1800);
  });

  it('names PORT when PORT is bad, and every other bad variable with it', () => {
    expect(failure({ PORT: 'abc' }).variables).toEqual(['PORT']);
    expect(failure({ PORT: '70000' }).message).toMatch(/PORT/);

    const error = failure({ PORT: 'abc', DUBAN_TIME_TRAVEL: 'yes', DUBAN_SWEEP_INTERVAL_MS: '5', LOG_LEVEL: 'loud' });
    expect(error.variables.sort()).toEqual(['DUBAN_SWEEP_INTERVAL_MS', 'DUBAN_TIME_TRAVEL', 'LOG_LEVEL', 'PORT']);
    for (const name of error.variables) expect(error.message).toContain(name);
  });

  it('refuses production without a JWT secret of at least 32 characters', () => {
    expect(failure({ ...PROD, DUBAN_JWT_SECRET: undefined }).variables).toEqual(['DUBAN_JWT_SECRET']);
    expect(failure({ ...PROD, DUBAN_JWT_SECRET: 'short' }).variables).toEqual(['DUBAN_JWT_SECRET']);
    expect(failure({ ...PROD, DUBAN_JWT_SECRET: DEV_JWT_SECRET }).variables).toEqual(['DUBAN_JWT_SECRET']);

    const config = DubanConfig.fromEnv(PROD);
    expect(config.isProduction).toBe(true);
    expect(config.jwtSecret).toBe(PROD_SECRET);
    expect(config.feedbackLinkSecret).toBe(PROD_LINK_SECRET);
  });

  it('refuses in production every secret published in the repository, and predictable ones', () => {
    for (const known of PUBLIC_SECRETS) {
      expect(failure({ ...PROD, DUBAN_JWT_SECRET: known }).message).toMatch(/DUBAN_JWT_SECRET .*published in the Duban repository/);
      expect(failure({ ...PROD, DUBAN_FEEDBACK_LINK_SECRET: known }).variables).toEqual(['DUBAN_FEEDBACK_LINK_SECRET']);
    }
    for (const weak of ['x'.repeat(40), 'abcdefghijklmnopqrstuvwxyz0123456789', 'abcdabcdabcdabcdabcdabcdabcdabcdabcd', 'please-change-me-before-going-live-now-ok']) {
      expect(failure({ ...PROD, DUBAN_JWT_SECRET: weak }).variables).toEqual(['DUBAN_JWT_SECRET']);
    }
    // 32 hex digits (`openssl rand -hex 16`) are random enough.
    expect(DubanConfig.fromEnv({ ...PROD, DUBAN_JWT_SECRET: '9f86d081884c7d659a2feaa0c55ad015' }).jwtSecret).toHaveLength(32);
  });

  it('wants a separate feedback-link secret in production; derives one elsewhere', () => {
    expect(failure({ ...PROD, DUBAN_FEEDBACK_LINK_SECRET: undefined }).variables).toEqual(['DUBAN_FEEDBACK_LINK_SECRET']);
    expect(failure({ ...PROD, DUBAN_FEEDBACK_LINK_SECRET: PROD_SECRET }).message).toMatch(/DUBAN_FEEDBACK_LINK_SECRET must differ/);
    const dev = DubanConfig.fromEnv({});
    expect(dev.feedbackLinkSecret).not.toBe(dev.jwtSecret);
    expect(dev.feedbackLinkSecret).toBe(DubanConfig.fromEnv({}).feedbackLinkSecret);
    expect(DubanConfig.fromEnv({ DUBAN_JWT_SECRET: 'another-dev-secret' }).feedbackLinkSecret).not.toBe(dev.feedbackLinkSecret);
  });

  it('wants the admin username and password both or neither, and a password of 12+ characters', () => {
    expect(failure({ DUBAN_ADMIN_USERNAME: 'admin' }).message).toMatch(/DUBAN_ADMIN_PASSWORD/);
    expect(failure({ DUBAN_ADMIN_PASSWORD: 'long-enough-password' }).message).toMatch(/DUBAN_ADMIN_USERNAME/);
    expect(failure({ DUBAN_ADMIN_USERNAME: 'admin', DUBAN_ADMIN_PASSWORD: 'short' }).variables).toEqual([
      'DUBAN_ADMIN_PASSWORD',
    ]);

    expect(DubanConfig.fromEnv({}).admin).toBeUndefined();
    expect(DubanConfig.fromEnv({ DUBAN_ADMIN_USERNAME: '', DUBAN_ADMIN_PASSWORD: '' }).admin).toBeUndefined();
    expect(
      DubanConfig.fromEnv({ DUBAN_ADMIN_USERNAME: 'admin', DUBAN_ADMIN_PASSWORD: 'long-enough-password' }).admin,
    ).toEqual({ username: 'admin', password: 'long-enough-password' });
  });

  it('masks secrets in describe()', () => {
    const described = DubanConfig.fromEnv({
      DATABASE_URL: 'postgres://postgres:hunter2hunter2@db:5432/duban',
      DUBAN_ADMIN_USERNAME: 'admin',
      DUBAN_ADMIN_PASSWORD: 'long-enough-password',
    }).describe();
    expect(JSON.stringify(described)).not.toMatch(/hunter2|long-enough-password|development-jwt/);
    expect(described.PORT).toBe(3000);
  });

  it('does not read process.env when given an explicit environment', () => {
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = 'smtp://should-not-be-seen:25';
    try {
      expect(DubanConfig.fromEnv({}).smtpUrl).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
    }
  });

  it('validateDubanEnv returns only Duban variables, typed', () => {
    const env = validateDubanEnv({ PORT: '1234', PATH: '/usr/bin' });
    expect(env.PORT).toBe(1234);
    expect(env).not.toHaveProperty('PATH');
  });

  it('.env.example lists every variable, with its default', () => {
    const example = parseEnv(readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8'));
    expect(Object.keys(example).sort()).toEqual([...DUBAN_ENV_KEYS].sort());
    expect(validateDubanEnv(example)).toEqual(validateDubanEnv({}));
  });

  it('is injectable through dubanConfigModule()', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [dubanConfigModule()] }).compile();
    const config = moduleRef.get(DubanConfig);
    expect(config).toBeInstanceOf(DubanConfig);
    expect(config.nodeEnv).toBe('test');
    expect(typeof config.port).toBe('number');
    expect(moduleRef.get(ConfigService).get('DUBAN_QUEUE_PREFIX')).toBe(config.queuePrefix);
    await moduleRef.close();
  });
});
