/**
 * Postgres errors that mean "run it again": a deadlock (40P01) one statement was chosen to lose, or
 * a serialization failure (40001). Neither left anything written by the failed statement.
 */
export function isTransientDbError(e: unknown): boolean {
  const code = (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ?? (e as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs a single idempotent statement (or transaction) again when Postgres aborted it as a deadlock's
 * loser or a serialization failure, up to `attempts` times in all; any other error at once.
 */
export async function retryTransient<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= attempts || !isTransientDbError(e)) throw e;
      // A short, growing pause lets the winner commit before the statement runs again.
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
