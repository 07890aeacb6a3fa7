import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName } from './catalogue.js';
import { JobHandler, type HandlesJob } from './job-handler.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';

/** The relay: enqueues committed events the fast path missed, and repairs jobs lost with Redis. */
@Injectable()
@JobHandler(JobName.RelayOutbox)
export class RelayOutboxHandler implements HandlesJob<JobName.RelayOutbox> {
  private readonly logger = new Logger('OutboxRelay');

  constructor(@Inject(OutboxDispatcher) private readonly dispatcher: OutboxDispatcher) {}

  async handle(): Promise<void> {
    let relayed = 0;
    for (let n = await this.dispatcher.dispatch(); n > 0 && relayed < 50_000; n = await this.dispatcher.dispatch()) relayed += n;
    const repaired = await this.dispatcher.repair();
    if (relayed > 0 || repaired > 0) this.logger.log({ relayed, repaired }, 'outbox relayed');
  }
}
