import type { EntityManager } from 'typeorm';
import { actorDisplay, type ActorPerson } from '#mail';

/** SQL: the name a user goes by for user row `alias` — their display name, or a proposer's account by the proposer's name. */
export const userNameSql = (alias: string) => `coalesce(${alias}.display_name, (SELECT pr.name FROM proposers pr WHERE pr.id = ${alias}.proposer_id))`;

/**
 * The people behind user actors (events' actor_id), as the timeline, the mails and the letters
 * name them: 姓名, 职务 and the office — a unit user's unit; the committee's or the supervision
 * office's own unit for their staff (the directory's one unit of that kind; none when there are several).
 */
export async function actorPeople(em: EntityManager, userIds: Array<string | null | undefined>): Promise<Map<string, ActorPerson>> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; name: string | null; title: string | null; office: string | null }> = await em.query(
    `SELECT u.id, ${userNameSql('u')} AS name, u.title,
            coalesce(un.name, (SELECT min(o.name) FROM units o
                                WHERE o.kind = CASE u.role WHEN 'committee' THEN 'committee' WHEN 'supervisor' THEN 'supervision' END AND o.active
                               HAVING count(*) = 1)) AS office
       FROM users u
       LEFT JOIN units un ON un.id = u.unit_id
      WHERE u.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, title: r.title, office: r.office }]));
}

const LINK = 'proposer-link:';

/**
 * Who did each event, in Chinese: a user by the row of its actor_id, a proposer who answered
 * through the signed link by the proposer's name (the label carries the proposer's id), Duban's own
 * work by what it does.
 */
export async function actorNames(em: EntityManager, events: Array<{ actor: string; actorId: string | null }>): Promise<string[]> {
  const people = await actorPeople(em, events.map((e) => e.actorId));
  const linked = [...new Set(events.filter((e) => e.actor.startsWith(LINK)).map((e) => e.actor.slice(LINK.length)))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const proposers: Array<{ id: string; name: string }> = linked.length ? await em.query(`SELECT id, name FROM proposers WHERE id = ANY($1::uuid[])`, [linked]) : [];
  const byProposer = new Map(proposers.map((p) => [p.id, p.name]));
  return events.map((e) => {
    if (e.actor.startsWith(LINK)) return actorDisplay(e.actor, { name: byProposer.get(e.actor.slice(LINK.length)) ?? null, title: null, office: null });
    return actorDisplay(e.actor, e.actorId ? people.get(e.actorId) : null);
  });
}

/** Who did an event, in Chinese (actorNames of one). */
export async function actorNameOf(em: EntityManager, event: { actor: string; actorId: string | null }): Promise<string> {
  return (await actorNames(em, [event]))[0];
}
