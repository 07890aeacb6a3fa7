import type { DataSource } from 'typeorm';
import type { Actor } from '#kernel';

/** A signed-in user (the read models of the screens are for them). */
export type UserActor = Extract<Actor, { kind: 'user' }>;

/** Sortable tables (可排序的列表): a column's direction. */
export type SortDir = 'asc' | 'desc';

/** The columns one list can be sorted by, each with the direction its first click sorts in. */
export type SortColumns<K extends string> = Readonly<Record<K, SortDir>>;

/** The most rows an export of a list holds. */
export const EXPORT_LIMIT = 5000;

/** A row of a raw SQL query, read by column name (the SQL above each use says what it holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;

const collations = new WeakMap<DataSource, Promise<string>>();

/** ` COLLATE "zh-Hans-x-icu"` (pinyin order) when this Postgres has it, else '' (code point order); asked once per data source. */
export function chineseCollation(ds: DataSource): Promise<string> {
  let collation = collations.get(ds);
  if (!collation) {
    collation = ds
      .query(`SELECT 1 FROM pg_collation WHERE collname = 'zh-Hans-x-icu'`)
      .then((rows: unknown[]) => (rows.length ? ' COLLATE "zh-Hans-x-icu"' : ''))
      .catch(() => '');
    collations.set(ds, collation);
  }
  return collation;
}
