import type { DataSource } from 'typeorm';
import type { Clock } from '#domain';

export interface UnitStats {
  unitId: string;
  unitCode: string;
  unitName: string;
  assigned: number;
  accepted: number;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  overdueNow: number;
  communicated: number;
  communicationRate: number | null;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  satisfactionRate: number | null;
  resultsByCategory: Record<string, number>;
}

interface StatsRow {
  id: string;
  code: string;
  name: string;
  assigned: number;
  accepted: number;
  replied: number;
  replied_on_time: number;
  overdue_now: number;
  communicated: number;
  rated: number;
  satisfied: number;
  basically_satisfied: number;
  results: Record<string, number>;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/**
 * Per-unit figures for the supervision office. Definitions:
 * - assigned: the unit's assignments that were not moved to another unit;
 * - replied / repliedOnTime: answering assignments (lead, separate) that replied, and of those the ones whose
 *   reply or rehandling deadline was settled by its due time; onTimeRate = repliedOnTime / replied;
 * - overdueNow: the unit's reply, rehandling or co-opinion deadlines still open and past due now;
 * - communicationRate: assignments with at least one recorded communication / assigned;
 * - satisfactionRate: (满意 + 基本满意) / rated, over the latest rating of each proposal the unit answered.
 */
export class StatsQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async units(sessionId?: string): Promise<UnitStats[]> {
    const rows: StatsRow[] = await this.ds.query(
      `WITH a AS (
         SELECT a.* FROM assignments a JOIN proposals p ON p.id = a.proposal_id
          WHERE a.state <> 'removed' AND ($1::uuid IS NULL OR p.session_id = $1::uuid)
       ), latest_feedback AS (
         SELECT DISTINCT ON (f.proposal_id) f.proposal_id, f.rating FROM feedback f ORDER BY f.proposal_id, f.round DESC
       )
       SELECT u.id, u.code, u.name,
         count(a.id)::int AS assigned,
         count(a.id) FILTER (WHERE a.accepted_at IS NOT NULL)::int AS accepted,
         count(a.id) FILTER (WHERE a.role <> 'co' AND a.state = 'replied')::int AS replied,
         count(a.id) FILTER (WHERE a.role <> 'co' AND a.state = 'replied' AND NOT EXISTS (
           SELECT 1 FROM deadlines d WHERE d.assignment_id = a.id AND d.kind IN ('reply','rehandling') AND d.settled_late))::int AS replied_on_time,
         count(a.id) FILTER (WHERE EXISTS (
           SELECT 1 FROM deadlines d WHERE d.assignment_id = a.id AND d.kind IN ('reply','rehandling','co_opinion')
              AND d.status = 'open' AND d.due_at < $2))::int AS overdue_now,
         count(a.id) FILTER (WHERE EXISTS (SELECT 1 FROM communications c WHERE c.assignment_id = a.id))::int AS communicated,
         count(lf.rating) FILTER (WHERE a.role <> 'co')::int AS rated,
         count(lf.rating) FILTER (WHERE a.role <> 'co' AND lf.rating = 'satisfied')::int AS satisfied,
         count(lf.rating) FILTER (WHERE a.role <> 'co' AND lf.rating = 'basically_satisfied')::int AS basically_satisfied,
         coalesce((SELECT json_object_agg(c.result_category, c.n) FROM (
            SELECT r.result_category, count(*)::int AS n FROM replies r JOIN a ra ON ra.id = r.assignment_id
             WHERE ra.unit_id = u.id AND r.round = (SELECT max(r2.round) FROM replies r2 WHERE r2.assignment_id = r.assignment_id)
             GROUP BY r.result_category) c), '{}'::json) AS results
       FROM units u
       LEFT JOIN a ON a.unit_id = u.id
       LEFT JOIN latest_feedback lf ON lf.proposal_id = a.proposal_id
       WHERE u.kind = 'department'
       GROUP BY u.id
       ORDER BY u.code`,
      [sessionId ?? null, this.clock.now()],
    );
    return rows.map((r) => ({
      unitId: r.id,
      unitCode: r.code,
      unitName: r.name,
      assigned: r.assigned,
      accepted: r.accepted,
      replied: r.replied,
      repliedOnTime: r.replied_on_time,
      onTimeRate: rate(r.replied_on_time, r.replied),
      overdueNow: r.overdue_now,
      communicated: r.communicated,
      communicationRate: rate(r.communicated, r.assigned),
      rated: r.rated,
      satisfied: r.satisfied,
      basicallySatisfied: r.basically_satisfied,
      satisfactionRate: rate(r.satisfied + r.basically_satisfied, r.rated),
      resultsByCategory: r.results,
    }));
  }
}
