import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, type Role } from '#kernel';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { bearerToken, SESSION_COOKIE, SessionTokens } from './session-tokens.js';

/** Every route needs a signed-in user unless marked @Public(); @Roles() narrows it further (403). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request) ?? request.cookies?.[SESSION_COOKIE];
    request.actor = token ? await this.tokens.verifyFor(request, token) : null;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (!request.actor) throw new UnauthorizedException('Sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login');
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}
