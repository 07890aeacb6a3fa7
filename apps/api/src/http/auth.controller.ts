import { Body, Controller, HttpCode, HttpException, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Users, userView } from '#directory';
import { DubanConfig } from '#common';
import { Public } from '../auth/auth.decorators.js';
import { bearerToken, SESSION_COOKIE, SessionTokens } from '../auth/session-tokens.js';
import { LoginDto } from '../dto/directory.dto.js';
import { LoginRoute } from '../ui/login-throttler.guard.js';

/**
 * A request another site made the browser send: `Sec-Fetch-Site: cross-site`, or an `Origin` that is
 * not this host. Such a sign-in never gets the session cookie (login CSRF).
 */
export function isCrossSite(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(Users) private readonly users: Users,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  /**
   * Returns a bearer token and, for a same-origin caller, sets the same token as the UI's http-only
   * session cookie. JSON only: an HTML form of another site can post urlencoded or text/plain bodies
   * without a preflight, never application/json (415 for anything else).
   */
  @Public()
  @LoginRoute()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!req.is('application/json')) {
      throw new HttpException(
        { code: 'unsupported_media_type', message: 'Sign in with a JSON body {username, password} (登录请求须为 JSON)', fields: ['content-type'] },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    const user = await this.users.authenticate(body.username, body.password);
    const accessToken = await this.tokens.issue(user);
    if (!isCrossSite(req)) res.cookie(SESSION_COOKIE, accessToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.isProduction,
      maxAge: this.config.sessionTtlSeconds * 1000,
      path: '/',
    });
    return { accessToken, user: userView(user) };
  }

  /** Ends the session: the bearer token and the session cookie sent stop working at once (revoked), and the cookie is cleared. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    for (const token of [bearerToken(req), req.cookies?.[SESSION_COOKIE] as string | undefined]) if (token) await this.tokens.revoke(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
