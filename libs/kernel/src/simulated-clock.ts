import type { DataSource } from 'typeorm';
import type { Clock } from '#domain';

/**
 * Simulated time (DUBAN_TIME_TRAVEL=on): real time shifted by an offset that lives in Postgres, so
 * that moving it moves the clock of every process at once. Each process re-reads the offset often;
 * the process that moves it sees the move at once.
 */
export class SimulatedClock implements Clock {
  private offsetMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly ds: DataSource) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async refresh(): Promise<void> {
    const rows: Array<{ offset_ms: string }> = await this.ds.query(`SELECT offset_ms FROM simulated_clock`);
    this.offsetMs = rows.length ? Number(rows[0]!.offset_ms) : 0;
  }

  async set(instant: Date): Promise<void> {
    const offset = instant.getTime() - Date.now();
    await this.ds.query(
      `INSERT INTO simulated_clock (id, offset_ms, set_to) VALUES (true, $1, $2)
       ON CONFLICT (id) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, set_to = EXCLUDED.set_to, set_at = now()`,
      [offset, instant],
    );
    this.offsetMs = offset;
  }

  start(everyMs = 500): void {
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
