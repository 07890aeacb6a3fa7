import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { type DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  DUBAN_ENV_KEYS,
  type DubanEnv,
  type DubanEnvKey,
  type LogLevel,
  type NodeEnv,
  SESSION_TTL_PATTERN,
  dubanEnvSchema,
  validateDubanEnv,
} from './env.schema.js';
import type { ChannelRules } from './notify-channels.js';

const TTL_UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Duban's configuration, typed. Inject it anywhere once `dubanConfigModule()` is imported (it is
 * global); outside Nest (CLIs, scripts, unit tests) use `DubanConfig.fromEnv()`.
 *
 * The values are validated once, when the instance is created; an invalid environment throws a
 * `DubanConfigError` naming every bad variable.
 */
@Injectable()
export class DubanConfig {
  private readonly env: Readonly<DubanEnv>;

  constructor(@Inject(ConfigService) config: Pick<ConfigService, 'get'>) {
    const raw: Record<string, unknown> = {};
    for (const key of DUBAN_ENV_KEYS) raw[key] = config.get(key);
    this.env = Object.freeze(validateDubanEnv(raw));
  }

  /** Validates `env` (default `process.env`, without reading `.env`: see `loadDotEnv`). */
  static fromEnv(env: Record<string, string | undefined> = process.env): DubanConfig {
    const values = validateDubanEnv(env);
    return new DubanConfig({ get: (key: string) => values[key as DubanEnvKey] } as Pick<ConfigService, 'get'>);
  }

  get nodeEnv(): NodeEnv {
    return this.env.NODE_ENV;
  }
  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
  get isTest(): boolean {
    return this.env.NODE_ENV === 'test';
  }
  get port(): number {
    return this.env.PORT;
  }
  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }
  get redisUrl(): string {
    return this.env.REDIS_URL;
  }
  /** BullMQ `prefix`: isolates one deployment or test run in a shared Redis. */
  get queuePrefix(): string {
    return this.env.DUBAN_QUEUE_PREFIX;
  }
  /** Unset: emails are written as `.eml` files under `mailDir` instead of being sent. */
  get smtpUrl(): string | undefined {
    return this.env.SMTP_URL;
  }
  /** As given (relative paths are relative to the working directory). */
  get mailDir(): string {
    return this.env.DUBAN_MAIL_DIR;
  }
  get mailFrom(): string {
    return this.env.DUBAN_MAIL_FROM;
  }
  /** Absolute base for links in emails, without a trailing slash. */
  get publicUrl(): string {
    return this.env.DUBAN_PUBLIC_URL.replace(/\/+$/, '');
  }
  /** How many times a notification is tried before it is marked dead (BullMQ `attempts`). */
  get mailAttempts(): number {
    return this.env.DUBAN_MAIL_ATTEMPTS;
  }
  /** The first retry delay of a notification; each later one doubles (BullMQ exponential backoff). */
  get mailBackoffMs(): number {
    return this.env.DUBAN_MAIL_BACKOFF_MS;
  }
  /** The SMSC, `smpp://system_id:password@host:port`; unset: SMS is off (nothing is planned for it). */
  get smppUrl(): string | undefined {
    return this.env.SMPP_URL;
  }
  get smsSource(): string {
    return this.env.DUBAN_SMS_SOURCE;
  }
  /** Attempts of one SMS / one robot message before it is dead (each channel its own, at the mail backoff). */
  get smsAttempts(): number {
    return this.env.DUBAN_SMS_ATTEMPTS;
  }
  get robotAttempts(): number {
    return this.env.DUBAN_ROBOT_ATTEMPTS;
  }
  get robotTimeoutMs(): number {
    return this.env.DUBAN_ROBOT_TIMEOUT_MS;
  }
  /** Channel rules over the defaults (notifications/channels/choose-channels.ts); {} when unset. */
  get notifyChannels(): ChannelRules {
    return this.env.DUBAN_NOTIFY_CHANNELS ?? {};
  }
  get timeTravel(): boolean {
    return this.env.DUBAN_TIME_TRAVEL === 'on';
  }
  get sweepIntervalMs(): number {
    return this.env.DUBAN_SWEEP_INTERVAL_MS;
  }
  get relayIntervalMs(): number {
    return this.env.DUBAN_RELAY_INTERVAL_MS;
  }
  /** Apply pending migrations at startup (under an advisory lock). */
  get migrate(): boolean {
    return this.env.DUBAN_MIGRATE === 'on';
  }
  /** The first admin, created when no admin exists; both variables or neither. */
  get admin(): { username: string; password: string } | undefined {
    const { DUBAN_ADMIN_USERNAME: username, DUBAN_ADMIN_PASSWORD: password } = this.env;
    return username && password ? { username, password } : undefined;
  }
  /** Signs session tokens only. */
  get jwtSecret(): string {
    return this.env.DUBAN_JWT_SECRET;
  }
  /**
   * Signs the feedback links in reply emails: a key of its own, required in production (and there
   * different from the JWT secret). Elsewhere, when unset, it is derived from the JWT secret, so
   * that dev and test need no second variable and still never sign a link with the session key.
   */
  get feedbackLinkSecret(): string {
    return this.env.DUBAN_FEEDBACK_LINK_SECRET ?? createHmac('sha256', this.env.DUBAN_JWT_SECRET).update('duban:feedback-link-key').digest('base64url');
  }
  /** As given, e.g. `8h` (the `expiresIn` format of `@nestjs/jwt`). */
  get sessionTtl(): string {
    return this.env.DUBAN_SESSION_TTL;
  }
  /** `sessionTtl` in whole seconds (for cookie `maxAge` and numeric `expiresIn`), at least 1. */
  get sessionTtlSeconds(): number {
    const [, amount, unit] = SESSION_TTL_PATTERN.exec(this.env.DUBAN_SESSION_TTL)!;
    return Math.max(1, Math.floor(Number(amount) * TTL_UNIT_SECONDS[unit]));
  }
  /** As given (relative paths are relative to the working directory). */
  get rulesFile(): string {
    return this.env.DUBAN_RULES_FILE;
  }
  /** config/supervision.json (as given, relative to the working directory). */
  get supervisionConfigFile(): string {
    return this.env.DUBAN_SUPERVISION_CONFIG;
  }
  /** config/intake.json (as given, relative to the working directory). */
  get intakeConfigFile(): string {
    return this.env.DUBAN_INTAKE_CONFIG;
  }
  get chromiumPath(): string {
    return this.env.DUBAN_CHROMIUM_PATH;
  }
  /** The bound on a graceful shutdown (shutdownGracefully), in ms. */
  get shutdownTimeoutMs(): number {
    return this.env.DUBAN_SHUTDOWN_TIMEOUT_MS;
  }
  /** DUBAN_PROCESS_NAME when set (e.g. one copy among several), else undefined: the process names itself. */
  get processName(): string | undefined {
    return this.env.DUBAN_PROCESS_NAME;
  }
  get logLevel(): LogLevel {
    return this.env.LOG_LEVEL;
  }

  /** Every value, secrets and URL passwords masked: safe to log at startup. */
  describe(): Record<string, string | number> {
    const out: Record<string, string | number> = {};
    for (const key of DUBAN_ENV_KEYS) {
      const value = this.env[key];
      if (value === undefined) continue;
      if (key === 'DUBAN_JWT_SECRET' || key === 'DUBAN_FEEDBACK_LINK_SECRET' || key === 'DUBAN_ADMIN_PASSWORD') out[key] = '********';
      else if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) out[key] = maskUrlPassword(value);
      else out[key] = typeof value === 'object' ? JSON.stringify(value) : value;
    }
    return out;
  }
}

function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '********';
    return url.toString();
  } catch {
    return value;
  }
}

/**
 * Reads a `.env` file (default `./.env`) into `process.env` without overriding variables that
 * are already set. For CLIs that use `DubanConfig.fromEnv()`; `dubanConfigModule()` does the same
 * by itself. Returns whether the file existed.
 */
export function loadDotEnv(path = resolve(process.cwd(), '.env')): boolean {
  if (!existsSync(path)) return false;
  const parsed = parseEnv(readFileSync(path, 'utf8'));
  for (const [key, value] of Object.entries(parsed)) {
    if (process.env[key] === undefined && value !== undefined) process.env[key] = value;
  }
  return true;
}

@Global()
@Module({})
export class DubanConfigModule {}

/** Provider token of this process's name (api, intake-worker…; `DUBAN_PROCESS_NAME` wins when set). */
export const PROCESS_NAME = Symbol('PROCESS_NAME');

/**
 * The configuration module: `@nestjs/config` (global `ConfigService`, validated with
 * `dubanEnvSchema`) plus the typed, global `DubanConfig`. Import it once, in the root module.
 *
 * `./.env` is loaded if present (real environment variables win), except when NODE_ENV=test so
 * that a developer's `.env` cannot change what the tests see. Invalid configuration stops the
 * application at bootstrap with every bad variable named.
 */
export function dubanConfigModule(options: { processName?: string } = {}): DynamicModule {
  const configModule = ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: process.env.NODE_ENV === 'test',
    envFilePath: resolve(process.cwd(), '.env'),
    validationSchema: dubanEnvSchema,
    validationOptions: { libraryOptions: { allowUnknown: true, abortEarly: false } },
  });
  // Nest awaits this import during bootstrap and reports a validation failure there; until then
  // a rejection must not count as unhandled (which would crash the process without context).
  configModule.catch(() => undefined);
  return {
    module: DubanConfigModule,
    global: true,
    imports: [configModule],
    providers: [
      DubanConfig,
      { provide: PROCESS_NAME, inject: [DubanConfig], useFactory: (config: DubanConfig) => config.processName ?? options.processName ?? 'duban' },
    ],
    exports: [DubanConfig, PROCESS_NAME],
  };
}
