import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsInstant } from '../platform/validation.js';
import { ApiProperty } from '@nestjs/swagger';
import { CLOCK, SimulatedClock } from '#kernel';
import { SweepDeadlines } from '#deadlines';
import { DubanConfig } from '#common';
import { type Clock, FixedClock } from '#domain';
import { Roles } from '../auth/auth.decorators.js';

export class SetClockDto {
  @ApiProperty({ example: '2024-06-20T10:00:00+08:00' }) @IsInstant() now: string;
}

/** Simulated time (only with DUBAN_TIME_TRAVEL=on; 404 otherwise): one clock for every process. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/admin')
@Roles('admin')
export class AdminClockController {
  constructor(
    @Inject(DubanConfig) private readonly config: DubanConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SweepDeadlines) private readonly sweep: SweepDeadlines,
  ) {}

  private ensureOn(): void {
    if (!this.config.timeTravel) throw new NotFoundException('Simulated time is off (DUBAN_TIME_TRAVEL=off)');
  }

  @Get('clock')
  get() {
    this.ensureOn();
    return { now: this.clock.now().toISOString() };
  }

  @Post('clock')
  @HttpCode(200)
  async set(@Body() body: SetClockDto) {
    this.ensureOn();
    const instant = new Date(body.now);
    if (this.clock instanceof SimulatedClock) await this.clock.set(instant);
    else if (this.clock instanceof FixedClock) this.clock.set(instant);
    return { now: this.clock.now().toISOString() };
  }

  /** Sweeps due deadline stages now instead of waiting for the scheduler. */
  @Post('deadlines/sweep')
  @HttpCode(200)
  async sweepNow() {
    this.ensureOn();
    return this.sweep.execute();
  }
}
