import { Body, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Users } from '#directory';
import { DubanConfig } from '#common';
import { Public } from '../../auth/auth.decorators.js';
import { SESSION_COOKIE, SessionTokens } from '../../auth/session-tokens.js';
import { LoginDto } from '../../dto/directory.dto.js';
import { describeError } from '../errors.js';
import { text, validated, type FormBody } from '../forms.js';
import { UiController } from '../ui-controller.js';
import { Ui, safeLocal, type UiRequest } from '../ui.service.js';
import { LoginRoute } from '../login-throttler.guard.js';

/** 登录 / 退出. The session is the same signed token as the API's, in an http-only cookie. */
@UiController()
export class AuthPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(Users) private readonly users: Users,
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(DubanConfig) private readonly config: DubanConfig,
  ) {}

  @Public()
  @Get('login')
  loginPage(@Req() req: UiRequest, @Res() res: Response, @Query('next') next?: string): void {
    if (req.actor?.kind === 'user') return this.ui.redirect(res, safeLocal(next));
    this.ui.page(req, res, 'login', { next: safeLocal(next, '') });
  }

  @Public()
  @LoginRoute()
  @Post('login')
  async login(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const username = text(body, 'username');
    const next = safeLocal(text(body, 'next'));
    try {
      const input = await validated(LoginDto, { username, password: typeof body.password === 'string' ? body.password : '' });
      const user = await this.users.authenticate(input.username, input.password);
      res.cookie(SESSION_COOKIE, await this.tokens.issue(user), {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.isProduction,
        maxAge: this.config.sessionTtlSeconds * 1000,
        path: '/',
      });
      this.ui.redirect(res, next);
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500) throw e;
      const error = status === 400 ? '请输入用户名和密码。' : message;
      this.ui.page(req, res, 'login', { error, username, next }, status === 400 ? 400 : 401);
    }
  }

  /**
   * Public so that an expired session can still sign out; the CSRF guard checks it like every form.
   * The session token is revoked: a copy of the cookie kept elsewhere no longer works either.
   */
  @Public()
  @Post('logout')
  async logout(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const cookie = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (cookie) await this.tokens.revoke(cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    this.ui.redirect(res, '/login', { kind: 'ok', text: '您已退出登录。' });
  }
}
