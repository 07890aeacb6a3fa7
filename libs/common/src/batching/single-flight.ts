/**
 * Runs `run` for one batch at a time and gathers what arrives meanwhile into the next batch: the
 * first request goes at once (no timer, so an idle process adds no latency), and under load each
 * call takes everything that came while the previous one ran: meant for work that is one act
 * however many keys it carries, as the outbox's fast path marking several commits' events
 * dispatched and enqueueing their jobs in one statement and one Redis round trip. When a batch of
 * several requests fails, each is run again alone (as Batcher does), so one that cannot succeed
 * fails itself only.
 */
export class SingleFlight<K> {
  private waiting: Array<{ keys: readonly K[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<void>,
    private readonly maxKeys = 1_000,
  ) {}

  submit(keys: readonly K[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ keys, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch: typeof this.waiting = [];
        let size = 0;
        // At least one request, then as many whole requests as fit.
        while (this.waiting.length > 0 && (batch.length === 0 || size + this.waiting[0]!.keys.length <= this.maxKeys)) {
          const next = this.waiting.shift()!;
          batch.push(next);
          size += next.keys.length;
        }
        try {
          await this.run(batch.flatMap((b) => b.keys));
          for (const b of batch) b.resolve();
        } catch (e) {
          if (batch.length === 1) batch[0]!.reject(e);
          else for (const b of batch) await this.run([...b.keys]).then(b.resolve, b.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
