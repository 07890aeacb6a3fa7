import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * A read run as a named prepared statement of the pool's connections: Postgres parses a named
 * statement once per connection, plans it for each of its first five runs there, then keeps a
 * generic plan when that costs no more than the custom ones (a read by id: the same plan for every
 * id); `DataSource.query` sends an unnamed one, parsed and planned at every call.
 * For the big constant reads of the pages (the proposal's file and its extras: 0.2 ms to execute,
 * 2–3 ms to parse and plan each time). `name` must be unique to `text` in the process.
 */
export async function preparedQuery<T>(ds: DataSource, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const pool = (ds.driver as PostgresDriver).master as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
  const { rows } = await pool.query({ name, text, values: [...values] });
  return rows;
}

/**
 * The same inside a transaction (the entity manager's own connection), for the constant statements
 * every use case of a hot path runs once: the rules' read, the events' insert. Outside one, on the
 * pool. `name` must be unique to `text` in the process.
 */
export async function preparedQueryIn<T>(em: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const runner = em.queryRunner;
  if (!runner || runner.isReleased) return preparedQuery<T>(em.connection, name, text, values);
  const client = (await runner.connect()) as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
  const { rows } = await client.query({ name, text, values: [...values] });
  return rows;
}
