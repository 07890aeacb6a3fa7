import Joi from 'joi';
import { channelRulesSchema, type ChannelRules } from './notify-channels.js';
import { DEV_JWT_SECRET, secretProblem } from './secrets.js';

export { DEV_JWT_SECRET };

/**
 * Every environment variable Duban reads, with its default. This file is the single source of
 * truth: `.env.example`, `docker-compose.yml` and docs/design.md ("Running") describe the same list.
 *
 * An empty value (`FOO=` in a .env file or `FOO: ""` in compose) counts as unset, so the default
 * applies and optional variables stay undefined.
 */

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type OnOff = 'on' | 'off';

/** `8h`, `30m`, `3600s`, `7d`, `1w`, `500ms`: a number and a unit, as `@nestjs/jwt` (ms) accepts. */
export const SESSION_TTL_PATTERN = /^(\d+)\s*(ms|s|m|h|d|w)$/;

/** The validated, typed environment (only the keys Duban owns). */
export interface DubanEnv {
  NODE_ENV: NodeEnv;
  PORT: number;
  DATABASE_URL: string;
  REDIS_URL: string;
  DUBAN_QUEUE_PREFIX: string;
  SMTP_URL?: string;
  DUBAN_MAIL_DIR: string;
  DUBAN_MAIL_FROM: string;
  DUBAN_PUBLIC_URL: string;
  DUBAN_MAIL_ATTEMPTS: number;
  DUBAN_MAIL_BACKOFF_MS: number;
  /** `smpp://system_id:password@host:port` of the SMSC (短信网关); unset: no SMS is planned. */
  SMPP_URL?: string;
  /** The sender number (源号码) of SMS, e.g. the 106… number the operator assigned. */
  DUBAN_SMS_SOURCE: string;
  DUBAN_SMS_ATTEMPTS: number;
  DUBAN_ROBOT_ATTEMPTS: number;
  DUBAN_ROBOT_TIMEOUT_MS: number;
  /** Parsed from JSON: which channels per notification type and audience, over the defaults. */
  DUBAN_NOTIFY_CHANNELS?: ChannelRules;
  DUBAN_TIME_TRAVEL: OnOff;
  DUBAN_SWEEP_INTERVAL_MS: number;
  DUBAN_RELAY_INTERVAL_MS: number;
  DUBAN_MIGRATE: OnOff;
  DUBAN_ADMIN_USERNAME?: string;
  DUBAN_ADMIN_PASSWORD?: string;
  DUBAN_JWT_SECRET: string;
  /** Unset outside production: derived from DUBAN_JWT_SECRET (DubanConfig.feedbackLinkSecret). */
  DUBAN_FEEDBACK_LINK_SECRET?: string;
  DUBAN_SESSION_TTL: string;
  DUBAN_RULES_FILE: string;
  DUBAN_SUPERVISION_CONFIG: string;
  DUBAN_INTAKE_CONFIG: string;
  DUBAN_CHROMIUM_PATH: string;
  /** How long a stopping process waits for running jobs and requests (shutdownGracefully). */
  DUBAN_SHUTDOWN_TIMEOUT_MS: number;
  /** Unset: the process's own name (api, intake-worker…); names its Postgres connections (application_name). */
  DUBAN_PROCESS_NAME?: string;
  LOG_LEVEL: LogLevel;
}

export type DubanEnvKey = keyof DubanEnv;

/** The defaults, for documentation and tests. Optional variables have none. */
export const DUBAN_ENV_DEFAULTS = {
  NODE_ENV: 'development',
  PORT: 3000,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/duban',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DUBAN_QUEUE_PREFIX: 'duban',
  DUBAN_MAIL_DIR: 'var/mail',
  DUBAN_MAIL_FROM: '"督办系统" <duban@localhost>',
  DUBAN_PUBLIC_URL: 'http://localhost:3000',
  DUBAN_MAIL_ATTEMPTS: 10,
  DUBAN_MAIL_BACKOFF_MS: 2000,
  DUBAN_SMS_SOURCE: '10690000',
  DUBAN_SMS_ATTEMPTS: 5,
  DUBAN_ROBOT_ATTEMPTS: 5,
  DUBAN_ROBOT_TIMEOUT_MS: 10_000,
  DUBAN_TIME_TRAVEL: 'off',
  DUBAN_SWEEP_INTERVAL_MS: 60_000,
  DUBAN_RELAY_INTERVAL_MS: 5_000,
  DUBAN_MIGRATE: 'on',
  DUBAN_SESSION_TTL: '8h',
  DUBAN_RULES_FILE: 'config/rules.json',
  DUBAN_SUPERVISION_CONFIG: 'config/supervision.json',
  DUBAN_INTAKE_CONFIG: 'config/intake.json',
  DUBAN_CHROMIUM_PATH: '/usr/bin/chromium',
  DUBAN_SHUTDOWN_TIMEOUT_MS: 15_000,
  LOG_LEVEL: 'info',
} as const satisfies Partial<DubanEnv>;

const str = () => Joi.string().trim().empty('');
const onOff = () => str().lowercase().valid('on', 'off');
const int = () => Joi.number().integer().empty('');
const uri = (...scheme: string[]) => str().uri({ scheme });

/**
 * A signing secret in production: required, and refused when it is published in the repository,
 * shorter than 32 characters or predictable (secrets.ts).
 */
function productionSecret(signs: string): Joi.StringSchema {
  return Joi.string()
    .required()
    .custom((value: string, helpers) => {
      const problem = secretProblem(value);
      return problem ? helpers.error('secret.weak', { problem }) : value;
    })
    .messages({
      'any.required': `{{#label}} is required when NODE_ENV=production: it signs ${signs} (at least 32 random characters, e.g. \`openssl rand -base64 48\`)`,
      'secret.weak': '{{#label}} {{#problem}} (NODE_ENV=production)',
    });
}

const keys: Record<DubanEnvKey, Joi.Schema> = {
  NODE_ENV: str().valid(...NODE_ENVS).default(DUBAN_ENV_DEFAULTS.NODE_ENV),
  PORT: int().port().default(DUBAN_ENV_DEFAULTS.PORT),
  DATABASE_URL: uri('postgres', 'postgresql').default(DUBAN_ENV_DEFAULTS.DATABASE_URL),
  REDIS_URL: uri('redis', 'rediss').default(DUBAN_ENV_DEFAULTS.REDIS_URL),
  DUBAN_QUEUE_PREFIX: str()
    .pattern(/^[A-Za-z0-9_.-]+$/)
    .max(64)
    .default(DUBAN_ENV_DEFAULTS.DUBAN_QUEUE_PREFIX)
    .messages({ 'string.pattern.base': '{{#label}} may only contain letters, digits, "_", "." and "-"' }),
  SMTP_URL: uri('smtp', 'smtps').optional(),
  DUBAN_MAIL_DIR: str().default(DUBAN_ENV_DEFAULTS.DUBAN_MAIL_DIR),
  DUBAN_MAIL_FROM: str().default(DUBAN_ENV_DEFAULTS.DUBAN_MAIL_FROM),
  DUBAN_PUBLIC_URL: uri('http', 'https').default(DUBAN_ENV_DEFAULTS.DUBAN_PUBLIC_URL),
  DUBAN_MAIL_ATTEMPTS: int().min(1).max(100).default(DUBAN_ENV_DEFAULTS.DUBAN_MAIL_ATTEMPTS),
  DUBAN_MAIL_BACKOFF_MS: int().min(10).default(DUBAN_ENV_DEFAULTS.DUBAN_MAIL_BACKOFF_MS),
  SMPP_URL: uri('smpp', 'ssmpp').optional(),
  DUBAN_SMS_SOURCE: str().pattern(/^[0-9A-Za-z]{1,20}$/).default(DUBAN_ENV_DEFAULTS.DUBAN_SMS_SOURCE),
  DUBAN_SMS_ATTEMPTS: int().min(1).max(100).default(DUBAN_ENV_DEFAULTS.DUBAN_SMS_ATTEMPTS),
  DUBAN_ROBOT_ATTEMPTS: int().min(1).max(100).default(DUBAN_ENV_DEFAULTS.DUBAN_ROBOT_ATTEMPTS),
  DUBAN_ROBOT_TIMEOUT_MS: int().min(100).default(DUBAN_ENV_DEFAULTS.DUBAN_ROBOT_TIMEOUT_MS),
  DUBAN_NOTIFY_CHANNELS: Joi.alternatives()
    .try(channelRulesSchema, Joi.string().trim().empty(''))
    .custom((value: unknown, helpers) => {
      if (typeof value !== 'string') return value;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return helpers.error('channels.json');
      }
      const { error, value: rules } = channelRulesSchema.validate(parsed);
      return error ? helpers.error('channels.rules', { problem: error.message }) : rules;
    })
    .optional()
    .messages({
      'channels.json': '{{#label}} must be JSON: an object of notification types, each an object of audiences and their channels (README, Channels)',
      'channels.rules': '{{#label}}: {{#problem}} (channels: email, sms, wecom, dingtalk, in_app)',
    }),
  DUBAN_TIME_TRAVEL: onOff().default(DUBAN_ENV_DEFAULTS.DUBAN_TIME_TRAVEL),
  DUBAN_SWEEP_INTERVAL_MS: int().min(100).default(DUBAN_ENV_DEFAULTS.DUBAN_SWEEP_INTERVAL_MS),
  DUBAN_RELAY_INTERVAL_MS: int().min(10).default(DUBAN_ENV_DEFAULTS.DUBAN_RELAY_INTERVAL_MS),
  DUBAN_MIGRATE: onOff().default(DUBAN_ENV_DEFAULTS.DUBAN_MIGRATE),
  DUBAN_ADMIN_USERNAME: str().max(64).optional(),
  DUBAN_ADMIN_PASSWORD: Joi.string().empty('').min(12).max(256).optional(),
  DUBAN_JWT_SECRET: Joi.string()
    .empty('')
    .when('NODE_ENV', {
      is: 'production',
      then: productionSecret('sessions'),
      otherwise: Joi.string().default(DEV_JWT_SECRET),
    }),
  DUBAN_FEEDBACK_LINK_SECRET: Joi.string()
    .empty('')
    .when('NODE_ENV', {
      is: 'production',
      then: productionSecret('feedback links').invalid(Joi.ref('DUBAN_JWT_SECRET')).messages({
        'any.invalid': '{{#label}} must differ from DUBAN_JWT_SECRET (a separate key for feedback links)',
      }),
      otherwise: Joi.string().optional(),
    }),
  DUBAN_SESSION_TTL: str()
    .pattern(SESSION_TTL_PATTERN)
    .default(DUBAN_ENV_DEFAULTS.DUBAN_SESSION_TTL)
    .messages({ 'string.pattern.base': '{{#label}} must be a number and a unit (ms, s, m, h, d, w), e.g. 8h' }),
  DUBAN_RULES_FILE: str().default(DUBAN_ENV_DEFAULTS.DUBAN_RULES_FILE),
  DUBAN_SUPERVISION_CONFIG: str().default(DUBAN_ENV_DEFAULTS.DUBAN_SUPERVISION_CONFIG),
  DUBAN_INTAKE_CONFIG: str().default(DUBAN_ENV_DEFAULTS.DUBAN_INTAKE_CONFIG),
  DUBAN_CHROMIUM_PATH: str().default(DUBAN_ENV_DEFAULTS.DUBAN_CHROMIUM_PATH),
  DUBAN_SHUTDOWN_TIMEOUT_MS: int().min(0).default(DUBAN_ENV_DEFAULTS.DUBAN_SHUTDOWN_TIMEOUT_MS),
  DUBAN_PROCESS_NAME: str().pattern(/^[A-Za-z0-9_.-]+$/).max(63).optional(),
  LOG_LEVEL: str().lowercase().valid(...LOG_LEVELS).default(DUBAN_ENV_DEFAULTS.LOG_LEVEL),
};

/** The names of every variable in the schema, in declaration order. */
export const DUBAN_ENV_KEYS = Object.keys(keys) as DubanEnvKey[];

/**
 * The Joi schema for `process.env`. Unknown variables are allowed (the environment holds many)
 * and every problem is reported, not just the first. It is also a Standard Schema, which is what
 * `@nestjs/config` 12 expects as `validationSchema`.
 */
export const dubanEnvSchema: Joi.ObjectSchema = Joi.object(keys)
  .and('DUBAN_ADMIN_USERNAME', 'DUBAN_ADMIN_PASSWORD')
  .unknown(true)
  .prefs({ abortEarly: false, convert: true, errors: { wrap: { label: false } } })
  .messages({
    'object.and': 'DUBAN_ADMIN_USERNAME and DUBAN_ADMIN_PASSWORD must be set together (both or neither)',
  });

/** Thrown by {@link validateDubanEnv}; `variables` names every offending variable. */
export class DubanConfigError extends Error {
  constructor(
    readonly problems: ReadonlyArray<{ variable: string; message: string }>,
  ) {
    super(
      `Invalid Duban configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
        `see .env.example:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'DubanConfigError';
  }

  /** The offending variable names, without duplicates. */
  get variables(): string[] {
    return [...new Set(this.problems.map((p) => p.variable))];
  }
}

/**
 * Validates an environment (by default `process.env`) and returns the typed values, defaults
 * applied. Throws a {@link DubanConfigError} that names every bad variable.
 */
export function validateDubanEnv(env: Record<string, unknown> = process.env): DubanEnv {
  const { error, value } = dubanEnvSchema.validate(env);
  if (error) {
    throw new DubanConfigError(
      error.details.map((detail) => {
        const context = detail.context as { missing?: string[]; present?: string[] } | undefined;
        const variable =
          detail.path.length > 0
            ? detail.path.join('.')
            : detail.type === 'object.and'
              ? [...(context?.present ?? []), ...(context?.missing ?? [])].sort().join(', ')
              : 'environment';
        return { variable, message: detail.message };
      }),
    );
  }
  const picked: Partial<Record<DubanEnvKey, unknown>> = {};
  for (const key of DUBAN_ENV_KEYS) {
    if (value[key] !== undefined) picked[key] = value[key];
  }
  return picked as unknown as DubanEnv;
}
