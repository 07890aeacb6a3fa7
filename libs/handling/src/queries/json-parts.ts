/**
 * SQL: the rows of `from` as one JSON array of `object`, in `order` — `[]` for none. How a screen's
 * read model brings a thing and everything under it in one statement (the proposal's file, the
 * proposal page's extras).
 */
export const jsonArrayOf = (object: string, from: string, order: string) => `(SELECT coalesce(json_agg(${object} ORDER BY ${order}), '[]') ${from})`;
