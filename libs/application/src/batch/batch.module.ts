import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptAssignment, AssignProposal } from '../use-cases/assignment.js';
import { HandlingModule } from '../use-cases/handling.module.js';
import { PublishProposal } from '../use-cases/feedback.js';
import { SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config.js';
import { IssueSupervisionNotice } from '../supervision/notices/notices.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
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
