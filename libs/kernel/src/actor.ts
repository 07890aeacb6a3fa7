import type { UnitRole } from '#domain';

export type Role = 'admin' | 'committee' | 'supervisor' | 'unit' | 'proposer';
export const ROLES: readonly Role[] = ['admin', 'committee', 'supervisor', 'unit', 'proposer'];

/** Who did something: a signed-in user, a proposer through a signed link, or a worker. */
export type Actor =
  | {
      kind: 'user'; id: string; username: string; role: Role; unitId?: string | null; proposerId?: string | null;
      /** A unit user's post (本单位岗位: liaison, officer, leader; domain sign-off.ts); absent: the liaison. */
      unitRole?: UnitRole | null;
      /** 姓名, for the page header (the audit trail names users by actor_id, never by this). */
      displayName?: string | null;
    }
  | { kind: 'link'; proposerId: string; proposalId: string }
  | { kind: 'system'; name: string };

export const systemActor = (name: string): Actor => ({ kind: 'system', name });

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `${actor.role}:${actor.username}`;
    case 'link':
      return `proposer-link:${actor.proposerId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

export function hasRole(actor: Actor, ...roles: Role[]): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user' && roles.includes(actor.role);
}
