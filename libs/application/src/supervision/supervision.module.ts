import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DubanConfig } from '#common';
import type { Clock } from '#domain';
import { AppContext } from '../app-context.js';
import { CLOCK } from '../core.module.js';
import { RulesProvider } from '../rules-provider.js';
import { loadSupervisionConfig, SUPERVISION_CONFIG, type SupervisionConfig } from './config.js';
import { SupervisionExports } from './exports/tables.js';
import { ReplyLetters } from './exports/letter.js';
import { PdfRenderer } from './exports/pdf.js';
import { FormalDocuments } from './exports/formal-documents.js';
import { ProposalQueries } from '../queries/proposal-queries.js';
import { AsOfQuery } from './history/as-of.js';
import {
  DesignateKeyProposal, IssueSupervisionNotice, NoticeQueries, RespondToSupervisionNotice, WithdrawSupervisionNotice,
} from './notices/notices.js';
import { AddSupervisionNote } from './notices/supervision-note.js';
import { LayeredRulesProvider } from './rules-layer.js';
import { ChangeRules, RulesQueries } from './rules/change-rules.js';
import { UpdateSession } from './rules/update-session.js';
import { SupervisionStats } from './stats/supervision-stats.js';

/** The rules provider of the core, as the layered one (the core registers it so: core.module.ts). */
function layered(rules: RulesProvider): LayeredRulesProvider {
  return rules instanceof LayeredRulesProvider ? rules : new LayeredRulesProvider(rules.defaults);
}

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
 * formal documents as HTML and PDF) and the versioned rules layer. Global, like the core, for the API's controllers and pages.
 */
@Global()
@Module({
  providers: [
    // config/supervision.json, read and validated once (its notice rule is checked against the time rules).
    {
      provide: SUPERVISION_CONFIG,
      inject: [RulesProvider, DubanConfig],
      useFactory: (rules: RulesProvider, config: DubanConfig) => loadSupervisionConfig(rules.defaults, config.supervisionConfigFile),
    },
    { provide: SupervisionStats, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new SupervisionStats(ds, clock) },
    { provide: AsOfQuery, inject: [DataSource, RulesProvider], useFactory: (ds: DataSource, rules: RulesProvider) => new AsOfQuery(ds, layered(rules)) },
    {
      provide: ChangeRules,
      inject: [AppContext, RulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: RulesProvider, config: SupervisionConfig) => new ChangeRules(ctx, layered(rules), config.notice),
    },
    { provide: UpdateSession, inject: [AppContext, ChangeRules], useFactory: (ctx: AppContext, rules: ChangeRules) => new UpdateSession(ctx, rules) },
    {
      provide: RulesQueries,
      inject: [AppContext, RulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: RulesProvider, config: SupervisionConfig) => new RulesQueries(ctx, layered(rules), config.notice),
    },
    {
      provide: IssueSupervisionNotice,
      inject: [AppContext, RulesProvider, SUPERVISION_CONFIG],
      useFactory: (ctx: AppContext, rules: RulesProvider, config: SupervisionConfig) => new IssueSupervisionNotice(ctx, layered(rules), config),
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
    SUPERVISION_CONFIG, SupervisionStats, AsOfQuery, ChangeRules, UpdateSession, RulesQueries, IssueSupervisionNotice, RespondToSupervisionNotice,
    WithdrawSupervisionNotice, DesignateKeyProposal, AddSupervisionNote, NoticeQueries, SupervisionExports, ReplyLetters, FormalDocuments, PdfRenderer,
  ],
})
export class SupervisionModule {}
