import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '#kernel';
import { ACTION_ROLES, type ActorAction } from '#domain';

export const IS_PUBLIC = 'duban:public';
export const ROLES = 'duban:roles';

/** No login needed (login itself, public pages, health, the signed feedback link). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; any other signed-in user gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Only the roles the domain lets take this action (domain actions, ACTION_ROLES): the same rule as the use case's and the UI's. */
export const MayTake = (action: ActorAction) => SetMetadata(ROLES, ACTION_ROLES[action]);

/** The signed-in user as an Actor for the use cases. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor as Actor;
});
