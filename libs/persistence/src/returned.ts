/** The rows of an UPDATE … RETURNING: typeorm's query() answers it with [rows, affected count]. */
export function returned<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
