import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { DubanConfig } from '#common';

/**
 * Graceful shutdown with a bound: on SIGTERM/SIGINT the process stops taking jobs, lets running
 * ones finish (BullMQ workers close, waiting for active jobs), and exits; if that takes longer
 * than `timeoutMs` (DUBAN_SHUTDOWN_TIMEOUT_MS), it exits anyway — a job cut short is retried
 * elsewhere, never lost.
 */
export function shutdownGracefully(app: INestApplicationContext, timeoutMs = app.get(DubanConfig).shutdownTimeoutMs): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log({ signal, timeoutMs }, 'shutting down: draining');
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, 'drain timed out, exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        logger.error({ err: (e as Error).message }, 'error while closing');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
