import type { DataSource } from 'typeorm';
import type { Clock } from '#domain';
import { SupervisionStats, type UnitFigures } from './supervision-stats.js';

/** The figures of one handling unit (GET /api/v1/stats/units). */
export type UnitStats = UnitFigures;

/**
 * Per-unit figures for the supervision office. Each figure is one SQL query with its exact
 * definition beside it in supervision/stats/figures.ts (and in docs/supervision.md): assigned,
 * accepted, replied, the on-time reply rate (按时办复率 = replied on time / replies come due),
 * overdue now, mean and worst days to reply, communication and meeting rates, satisfaction (满意 +
 * 基本满意, and each apart), results by category, re-handling and publication (上网率) rates.
 */
export class StatsQueries {
  private readonly stats: SupervisionStats;

  constructor(ds: DataSource, clock: Clock) {
    this.stats = new SupervisionStats(ds, clock);
  }

  async units(sessionId?: string, theme?: string): Promise<UnitStats[]> {
    return this.stats.units({ sessionId, theme });
  }
}
