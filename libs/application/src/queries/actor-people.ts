import type { EntityManager } from 'typeorm';
import { actorDisplay, type ActorPerson } from '#mail';

/**
 * The people behind user actors (events' actor_id), as the timeline, the mails and the letters
 * name them: 姓名, 职务 and the office — a unit user's unit; the committee's or the supervision
 * office's own unit for their staff (the directory's one unit of that kind; none when there are several).
 */
export async function actorPeople(em: EntityManager, userIds: Array<string | null | undefined>): Promise<Map<string, ActorPerson>> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; name: string | null; title: string | null; office: string | null }> = await em.query(
    `SELECT u.id, coalesce(u.display_name, pr.name) AS name, u.title,
            coalesce(un.name, (SELECT min(o.name) FROM units o
                                WHERE o.kind = CASE u.role WHEN 'committee' THEN 'committee' WHEN 'supervisor' THEN 'supervision' END AND o.active
                               HAVING count(*) = 1)) AS office
       FROM users u
       LEFT JOIN units un ON un.id = u.unit_id
       LEFT JOIN proposers pr ON pr.id = u.proposer_id
      WHERE u.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, title: r.title, office: r.office }]));
}

/** Who did an event, in Chinese: the person (by actor_id) or the system's office. */
export async function actorNameOf(em: EntityManager, event: { actor: string; actorId: string | null }): Promise<string> {
  const people = await actorPeople(em, [event.actorId]);
  return actorDisplay(event.actor, event.actorId ? people.get(event.actorId) : null);
}
