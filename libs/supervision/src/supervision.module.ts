import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DubanConfig } from '#common';
import type { Clock } from '#domain';
import { AppContext, CLOCK, RulesProvider, LayeredRulesProvider } from '#kernel';
import { loadSupervisionConfig, SUPERVISION_CONFIG, type SupervisionConfig } from './config.js';
import { SupervisionExports } from './exports/tables.js';
import { ReplyLetters } from './exports/letter.js';
import { PdfRenderer } from './exports/pdf.js';
import { FormalDocuments } from './exports/formal-documents.js';
import { ProposalQueries, HandlingModule } from '#handling';
import { StatsQueries } from './stats/stats-queries.js';
import { AsOfQuery } from './history/as-of.js';
import {
  DesignateKeyProposal, IssueSupervisionNotice, NoticeQueries, RespondToSupervisionNotice, WithdrawSupervisionNotice,
} from './notices/notices.js';
import { AddSupervisionNote } from './notices/supervision-note.js';
import { ChangeRules, RulesQueries } from './rules/change-rules.js';
import { UpdateSession } from './rules/update-session.js';
import { SupervisionStats } from './stats/supervision-stats.js';

@Injectable()
class PdfLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PdfRenderer) private readonly pdf: PdfRenderer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pdf.close();
  }
}

/**
 * Supervision (督办, docs/supervision.md): statistics and the ranking, the replayed history,
 * supervision notices and key proposals, exports (register, unit statistics, reply letters and the other
 * formal documents as HTML and PDF) and the versioned rules layer (the kernel's LayeredRulesProvider, edited here).
 */
@Module({
  imports: [HandlingModule],
  providers: [
    // config/supervision.json, read and validated once (its notice rule is checked against the time rules).
    {
      provide: SUPERVISION_CONFIG,
      inject: [RulesProvider, DubanConfig],
      useFactory: (rules: RulesProvider, config: DubanConfig) => loadSupervisionConfig(rules.defaults, config.supervisionConfigFile),
    },
    { provide: SupervisionStats, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new SupervisionStats(ds, clock) },
    { provide: StatsQueries, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new StatsQueries(ds, clock) },
    { provide: AsOfQuery, inject: [DataSource, LayeredRulesProvider], useFactory: (ds: DataSource, rules: LayeredRulesProvider) => new AsOfQuery(ds, rules) },
    {
      provide: ChangeRules,
      inject: [AppContext, LayeredRulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: LayeredRulesProvider, config: SupervisionConfig) => new ChangeRules(ctx, rules, config.notice),
    },
    { provide: UpdateSession, inject: [AppContext, ChangeRules], useFactory: (ctx: AppContext, rules: ChangeRules) => new UpdateSession(ctx, rules) },
    {
      provide: RulesQueries,
      inject: [AppContext, LayeredRulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: LayeredRulesProvider, config: SupervisionConfig) => new RulesQueries(ctx, rules, config.notice),
    },
    {
      provide: IssueSupervisionNotice,
      inject: [AppContext, LayeredRulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: LayeredRulesProvider, config: SupervisionConfig) => new IssueSupervisionNotice(ctx, rules, config),
    },
    { provide: RespondToSupervisionNotice, inject: [AppContext], useFactory: (ctx: AppContext) => new RespondToSupervisionNotice(ctx) },
    { provide: WithdrawSupervisionNotice, inject: [AppContext], useFactory: (ctx: AppContext) => new WithdrawSupervisionNotice(ctx) },
    { provide: DesignateKeyProposal, inject: [AppContext], useFactory: (ctx: AppContext) => new DesignateKeyProposal(ctx) },
    { provide: AddSupervisionNote, inject: [AppContext], useFactory: (ctx: AppContext) => new AddSupervisionNote(ctx) },
    { provide: NoticeQueries, inject: [AppContext], useFactory: (ctx: AppContext) => new NoticeQueries(ctx) },
    {
      provide: SupervisionExports,
      inject: [DataSource, CLOCK, SupervisionStats, SUPERVISION_CONFIG],
      useFactory: (ds: DataSource, clock: Clock, stats: SupervisionStats, config: SupervisionConfig) => new SupervisionExports(ds, clock, stats, config),
    },
    {
      provide: ReplyLetters,
      inject: [DataSource, RulesProvider, SUPERVISION_CONFIG],
      useFactory: (ds: DataSource, rules: RulesProvider, config: SupervisionConfig) =>
        new ReplyLetters(ds, config, async (sessionId, code) =>
          (await rules.forSession(ds.manager, sessionId)).rules.resultCategories.find((c) => c.code === code)?.label ?? null),
    },
    {
      provide: FormalDocuments,
      inject: [DataSource, CLOCK, SUPERVISION_CONFIG, ProposalQueries, NoticeQueries, SupervisionStats, SupervisionExports, RulesProvider],
      useFactory: (
        ds: DataSource, clock: Clock, config: SupervisionConfig, proposals: ProposalQueries, notices: NoticeQueries, stats: SupervisionStats,
        exportsOf: SupervisionExports, rules: RulesProvider,
      ) =>
        new FormalDocuments(ds, clock, config, proposals, notices, stats, exportsOf, async (sessionId) =>
          (await rules.forSession(ds.manager, sessionId)).rules.resultCategories.map((c) => ({ code: c.code, label: c.label }))),
    },
    {
      provide: PdfRenderer,
      inject: [DubanConfig, SUPERVISION_CONFIG],
      useFactory: (env: DubanConfig, config: SupervisionConfig) => new PdfRenderer(env.chromiumPath, config.pdf.timeoutMs),
    },
    PdfLifecycle,
  ],
  exports: [
    SUPERVISION_CONFIG, SupervisionStats, StatsQueries, AsOfQuery, ChangeRules, UpdateSession, RulesQueries, IssueSupervisionNotice, RespondToSupervisionNotice,
    WithdrawSupervisionNotice, DesignateKeyProposal, AddSupervisionNote, NoticeQueries, SupervisionExports, ReplyLetters, FormalDocuments, PdfRenderer,
  ],
})
export class SupervisionModule {}
