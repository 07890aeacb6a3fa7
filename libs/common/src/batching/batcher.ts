/**
 * Gathers single requests that arrive close together (the concurrent jobs of one worker) into one
 * call of `run`, and answers each request with its own result: one round trip to Postgres for a
 * hundred jobs instead of one each (docs/performance.md). A batch is run when `maxSize` requests
 * wait or `waitMs` after the first one, whichever comes first; several batches may run at once.
 *
 * `run` answers one result per key, in the keys' order: a value, or an Error that fails only that
 * request. When `run` throws for a batch of several keys, each key is run again alone, so one
 * request that cannot succeed (a poisoned event) fails itself and not the ninety-nine beside it.
 */
export class Batcher<K, V> {
  private waiting: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (keys: K[]) => Promise<Array<V | Error>>,
    private readonly options: { maxSize: number; waitMs: number },
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.waitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length > 0) void this.settle(batch, true);
  }

  private async settle(batch: Batcher<K, V>['waiting'], split: boolean): Promise<void> {
    let results: Array<V | Error>;
    try {
      results = await this.run(batch.map((b) => b.key));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered ${results.length} results`);
    } catch (e) {
      if (split && batch.length > 1) await Promise.all(batch.map((b) => this.settle([b], false)));
      else for (const b of batch) b.reject(e);
      return;
    }
    batch.forEach((b, i) => {
      const r = results[i];
      if (r instanceof Error) b.reject(r);
      else b.resolve(r as V);
    });
  }
}
