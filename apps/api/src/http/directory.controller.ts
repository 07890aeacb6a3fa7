import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Proposers, Sessions, Units, Users, userView } from '#directory';
import { UpdateSession } from '#supervision';
import { type Actor } from '#kernel';
import { CurrentActor } from '../auth/auth.decorators.js';
import {
  CreateProposerDto, CreateSessionDto, CreateUnitDto, CreateUserDto, UpdateProposerDto, UpdateSessionDto, UpdateUnitDto, UpdateUserDto,
} from '../dto/directory.dto.js';
import { PageQuery } from '../dto/proposal.dto.js';

// Role checks for the directory live in the application classes (admin writes; staff read).

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(
    @Inject(Sessions) private readonly records: Sessions,
    @Inject(UpdateSession) private readonly updateSession: UpdateSession,
  ) {}
  @Get() list(@CurrentActor() a: Actor, @Query() q: PageQuery) { return this.records.list(a, q.page, q.pageSize); }
  @Get(':id') get(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) { return this.records.get(a, id); }
  @Post() create(@CurrentActor() a: Actor, @Body() b: CreateSessionDto) { return this.records.create(a, b); }
  /** A changed `rulesOverride` is a rules change like POST /api/v1/rules/versions: versioned, audited, the session's running deadlines recomputed. */
  @Patch(':id') update(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: UpdateSessionDto) { return this.updateSession.execute(a, id, b); }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsController {
  constructor(@Inject(Units) private readonly records: Units) {}
  @Get() list(@CurrentActor() a: Actor, @Query() q: PageQuery) { return this.records.list(a, q.page, q.pageSize); }
  @Get(':id') get(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) { return this.records.get(a, id); }
  @Post() create(@CurrentActor() a: Actor, @Body() b: CreateUnitDto) { return this.records.create(a, b); }
  @Patch(':id') update(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: UpdateUnitDto) { return this.records.update(a, id, b); }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/proposers')
export class ProposersController {
  constructor(@Inject(Proposers) private readonly records: Proposers) {}
  @Get() list(@CurrentActor() a: Actor, @Query() q: PageQuery) { return this.records.list(a, q.page, q.pageSize); }
  @Get(':id') get(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) { return this.records.get(a, id); }
  @Post() create(@CurrentActor() a: Actor, @Body() b: CreateProposerDto) { return this.records.create(a, b); }
  @Patch(':id') update(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: UpdateProposerDto) { return this.records.update(a, id, b); }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(@Inject(Users) private readonly records: Users) {}
  @Get() async list(@CurrentActor() a: Actor, @Query() q: PageQuery) {
    const page = await this.records.list(a, q.page, q.pageSize);
    return { ...page, items: page.items.map(userView) };
  }
  @Get(':id') async get(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string) { return userView(await this.records.get(a, id)); }
  @Post() async create(@CurrentActor() a: Actor, @Body() b: CreateUserDto) { return userView(await this.records.create(a, b)); }
  @Patch(':id') async update(@CurrentActor() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: UpdateUserDto) {
    return userView(await this.records.update(a, id, b));
  }
}
