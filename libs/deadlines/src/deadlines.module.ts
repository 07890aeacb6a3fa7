import { Module } from '@nestjs/common';
import { useCaseProviders } from '#kernel';
import { SweepDeadlines } from './sweep.js';

/** Deadlines (时限): the sweep that fires every reminder and escalation stage that has fallen due. */
@Module({ providers: useCaseProviders([SweepDeadlines]), exports: [SweepDeadlines] })
export class DeadlinesModule {}
