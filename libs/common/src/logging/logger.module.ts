import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule, type Params } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { DubanConfig } from '../config/duban-config.js';

/** The request-id header: taken from the request when a proxy set it, echoed on the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Log paths whose values never reach the logs. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Requests not logged automatically (probes would drown everything else). */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** Query parameters that may carry credentials (the signed feedback link, password resets). */
const SENSITIVE_QUERY_KEY = /^(\w*token|sig|signature|secret|password)$/i;

/** Masks the values of sensitive query parameters in a logged URL. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SENSITIVE_QUERY_KEY.test(key)) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

export interface DubanLoggerOptions {
  /** Added as `name` to every line, e.g. `api` or `deadline-worker`, to tell processes apart. */
  name?: string;
}

/**
 * Structured JSON logs (one object per line on stdout) through `nestjs-pino`, level from
 * `LOG_LEVEL`. In an HTTP app every request is logged once on completion with its request id
 * (`reqId`, from `x-request-id` or a new UUID, echoed in the response), authorization and cookie
 * headers and credential-like query parameters (`token`, `sig`, …) redacted; `/health` and `/metrics` are not logged automatically. Log lines made while
 * handling a request carry its `reqId`.
 *
 * Needs the global `ConfigService`, i.e. `dubanConfigModule()` imported in the same application.
 * Use it with `NestFactory.create(AppModule, { bufferLogs: true })` and
 * `app.useLogger(app.get(Logger))` (`Logger` from `nestjs-pino`).
 */
export function dubanLoggerModule(options: DubanLoggerOptions = {}): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (configService: ConfigService): Params => {
      const config = new DubanConfig(configService);
      return {
        pinoHttp: {
          level: config.logLevel,
          ...(options.name ? { name: options.name } : {}),
          timestamp: stdTimeFunctions.isoTime,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          genReqId: requestIdFor,
          serializers: {
            req: (req: { url?: string; query?: Record<string, unknown> }) => {
              if (req.url) req.url = redactUrl(req.url);
              if (req.query && typeof req.query === 'object') {
                // A copy: `query` may be the live object of the request.
                req.query = Object.fromEntries(
                  Object.entries(req.query).map(([key, value]) => [
                    key,
                    SENSITIVE_QUERY_KEY.test(key) ? '[redacted]' : value,
                  ]),
                );
              }
              return req;
            },
          },
          autoLogging: {
            ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]),
          },
          customLogLevel: (_req, res, err) => {
            if (err || res.statusCode >= 500) return 'error';
            if (res.statusCode >= 400) return 'warn';
            return 'info';
          },
          quietReqLogger: true,
        },
      };
    },
  });
}
