import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { MessageCentre } from '#notifications';
import { type Actor } from '#kernel';
import { CurrentActor, Public } from '../auth/auth.decorators.js';

function user(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new NotFoundException();
  return actor;
}

/** 站内消息 over the API: the signed-in user's messages (every channel's, one entry each), the unread count, mark-read. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('api/v1/messages')
export class MessagesController {
  constructor(@Inject(MessageCentre) private readonly centre: MessageCentre) {}

  @Get()
  async list(@CurrentActor() a: Actor, @Query('unread') unread?: string, @Query('limit') limit?: string) {
    const u = user(a);
    const [items, unreadCount] = await Promise.all([
      this.centre.list(u, { unreadOnly: unread === 'true' || unread === '1', limit: limit ? Number(limit) || 50 : 50 }),
      this.centre.unreadCount(u),
    ]);
    return { unread: unreadCount, items: items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
  }

  @Post(':id/read')
  async read(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return { unread: await this.centre.markRead(user(a), id) };
  }

  @Post('read-all')
  async readAll(@CurrentActor() a: Actor) {
    await this.centre.markAllRead(user(a));
    return { unread: 0 };
  }
}

/** `/s/<code>`: the short link an SMS carries (短链接), redirected to what it stands for; an unknown code is 404. */
@Controller('s')
export class ShortLinkController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @Get(':code')
  @Public()
  @ApiExcludeEndpoint()
  async follow(@Param('code') code: string, @Res() res: Response): Promise<void> {
    const rows: Array<{ target: string }> = /^[0-9A-Za-z]{6,16}$/.test(code)
      ? await this.ds.query(`SELECT target FROM short_links WHERE code = $1`, [code])
      : [];
    if (!rows[0]) throw new NotFoundException({ code: 'not_found', message: 'no such short link' });
    res.redirect(302, rows[0].target);
  }
}
