import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Clock } from '#domain';
import { CLOCK, RulesProvider } from '#kernel';
import { AdminLists } from './admin-lists.js';
import { DeskQueries } from './desk.js';
import { MemberQueries } from './member.js';
import { Pickers } from './pickers.js';
import { ProposalPageQueries } from './proposal-page.js';
import { RegisterView } from './register.js';
import { WorkLists } from './work-lists.js';

const READ_MODELS = [RegisterView, DeskQueries, WorkLists, ProposalPageQueries, Pickers, AdminLists, MemberQueries] as const;

/**
 * The read models of the screens (docs/architecture.md, "Read models"): one query class per screen,
 * over the core's ProposalQueries and the shared SQL of the register and of 逾期. The HTTP API and the
 * UI import this module; neither writes SQL of its own.
 */
@Module({
  providers: [
    { provide: RegisterView, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new RegisterView(ds, clock) },
    { provide: DeskQueries, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new DeskQueries(ds, clock) },
    { provide: WorkLists, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new WorkLists(ds, clock) },
    { provide: ProposalPageQueries, inject: [DataSource, RulesProvider], useFactory: (ds: DataSource, rules: RulesProvider) => new ProposalPageQueries(ds, rules) },
    { provide: Pickers, inject: [DataSource, RulesProvider], useFactory: (ds: DataSource, rules: RulesProvider) => new Pickers(ds, rules) },
    { provide: AdminLists, inject: [DataSource], useFactory: (ds: DataSource) => new AdminLists(ds) },
    {
      provide: MemberQueries,
      inject: [DataSource, RulesProvider, CLOCK],
      useFactory: (ds: DataSource, rules: RulesProvider, clock: Clock) => new MemberQueries(ds, rules, clock),
    },
  ],
  exports: [...READ_MODELS],
})
export class ReadModelsModule {}
