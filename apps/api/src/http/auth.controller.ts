import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Users, userView } from '#application';
import { DubanConfig } from '#common';
import { Public } from '../auth/auth.decorators.js';
import { bearerToken, SESSION_COOKIE, SessionTokens } from '../auth/session-tokens.js';
import { LoginDto } from '../dto/directory.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(Users) private readonly users: Users,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  /** Returns a bearer token and sets the same token as the UI's http-only session cookie. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    const user = await this.users.authenticate(body.username, body.password);
    const accessToken = await this.tokens.issue(user);
    res.cookie(SESSION_COOKIE, accessToken, {
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
