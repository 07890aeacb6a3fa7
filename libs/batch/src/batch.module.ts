import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptAssignment, AssignProposal, HandlingModule, PublishProposal } from '#handling';
import { SUPERVISION_CONFIG, type SupervisionConfig, IssueSupervisionNotice, SupervisionModule } from '#supervision';
import { BatchActions } from './batch-actions.js';

/** Batch actions over the single-item use cases (批量交办, 签收, 催办, 公开), for the API and the pages. */
@Module({
  imports: [HandlingModule, SupervisionModule],
  providers: [
    {
      provide: BatchActions,
      inject: [DataSource, AssignProposal, AcceptAssignment, PublishProposal, IssueSupervisionNotice, SUPERVISION_CONFIG],
      useFactory: (ds: DataSource, assign: AssignProposal, accept: AcceptAssignment, publish: PublishProposal, urge: IssueSupervisionNotice, config: SupervisionConfig) =>
        new BatchActions(ds, { assign, accept, publish, urge }, config),
    },
  ],
  exports: [BatchActions],
})
export class BatchModule {}
