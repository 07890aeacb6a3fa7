/** One page of a list (the API's and the pages' lists, every context's queries). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  /** True when `total` is a lower bound (a text search beyond SEARCH_TOTAL_BOUND matches: "1,000+"). */
  totalIsLowerBound?: boolean;
  /** Where the next page starts (keyset): pass it as `cursor`; null on the last page. */
  nextCursor?: string | null;
}

/** A timestamp as the API shows it (ISO 8601), null kept. */
export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
