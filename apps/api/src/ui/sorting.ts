/** Sortable tables (可排序的列表): the sort a list is asked for through `?sort=&dir=`, from a whitelist. */

import type { SortColumns, SortDir } from '#handling';

export type { SortColumns, SortDir };

export interface Sort<K extends string = string> {
  key: K;
  dir: SortDir;
  /** Each column's first direction (for the header links). */
  defaults: SortColumns<K>;
  /** Asked for in the URL (else the list's default, which its links need not repeat). */
  explicit: boolean;
}

/** `?sort=&dir=` checked against the list's columns; anything else is the default order. */
export function parseSort<K extends string>(query: Record<string, string | undefined>, columns: SortColumns<K>, fallback: { key: K; dir: SortDir }): Sort<K> {
  const key = query.sort && Object.hasOwn(columns, query.sort) ? (query.sort as K) : null;
  if (!key) return { ...fallback, defaults: columns, explicit: false };
  const dir = query.dir === 'asc' || query.dir === 'desc' ? query.dir : columns[key];
  return { key, dir, defaults: columns, explicit: true };
}

/** The sort as query parameters of the list's links (none for the default order). */
export function sortParams(sort: Sort): { sort?: string; dir?: string } {
  return sort.explicit ? { sort: sort.key, dir: sort.dir } : {};
}

/** An ORDER BY term: the expression, ascending or descending, with empty values last either way. */
export function orderTerm(expression: string, dir: SortDir): string {
  return `${expression} ${dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`;
}
