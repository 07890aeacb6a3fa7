import type { EntityManager } from 'typeorm';
import { signOffApplies } from '#domain';

/** SQL: does the unit `unitId` (an SQL expression) have an active leader (分管领导)? */
export const unitHasLeaderSql = (unitId: string) => `EXISTS (SELECT 1 FROM users l WHERE l.unit_id = ${unitId} AND l.unit_role = 'leader' AND l.active)`;

/** SQL: does the admin's rules layer skip the sign-off for the unit `unitId` (signOff.skipUnitIds)? */
export const unitSkipsSignOffSql = (unitId: string) =>
  `coalesce((SELECT r.document->'signOff'->'skipUnitIds' FROM rules_versions r ORDER BY r.version DESC LIMIT 1), '[]'::jsonb) ? ${unitId}::text`;

/**
 * SQL: where assignment `a` waits in its unit (在本单位等待). One accepted before its unit's sign-off
 * applied (or before the flow began) waits for the liaison, since its acceptance.
 */
export const DESK_STAGE_SQL = `CASE WHEN a.desk_stage IS NULL AND a.state = 'accepted' AND ${unitHasLeaderSql('a.unit_id')} AND NOT ${unitSkipsSignOffSql('a.unit_id')}
            THEN 'liaison' ELSE a.desk_stage END`;
export const DESK_STAGE_SINCE_SQL = `CASE WHEN a.desk_stage IS NULL THEN a.accepted_at ELSE a.desk_stage_since END`;

/**
 * Which of these units need their leader's sign-off (审签) on a reply, now (domain signOffApplies):
 * a unit with an active leader (分管领导) that the admin's rules layer does not skip
 * (`signOff.skipUnitIds` of the latest rules_versions row). One query for any number of units.
 */
export async function signOffUnits(em: EntityManager, unitIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return new Set();
  const rows: Array<{ unit_id: string; has_leader: boolean; skipped: boolean }> = await em.query(
    `SELECT u.id AS unit_id,
            ${unitHasLeaderSql('u.id')} AS has_leader,
            ${unitSkipsSignOffSql('u.id')} AS skipped
       FROM units u
      WHERE u.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.filter((r) => signOffApplies({ hasLeader: r.has_leader, skipped: r.skipped })).map((r) => r.unit_id));
}
