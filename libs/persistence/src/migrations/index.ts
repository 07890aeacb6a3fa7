import { InitialSchema1764230400000 } from './1764230400000-initial-schema.js';
import { Pipeline1764316800000 } from './1764316800000-pipeline.js';
import { SmartIntake1764403200000 } from './1764403200000-smart-intake.js';
import { Performance1764489600000 } from './1764489600000-performance.js';
import { Supervision1764576000000 } from './1764576000000-supervision.js';
import { TokenRevocation1764662400000 } from './1764662400000-token-revocation.js';
import { SessionRulesVersions1764748800000 } from './1764748800000-session-rules-versions.js';
import { NotificationEventIndex1764835200000 } from './1764835200000-notification-event-index.js';
import { CaseInsensitiveUsernames1764921600000 } from './1764921600000-case-insensitive-usernames.js';
import { RequestDetails1765008000000 } from './1765008000000-request-details.js';
import { UserNames1765180800000 } from './1765180800000-user-names.js';
import { ProposerBody1765267200000 } from './1765267200000-proposer-body.js';
import { UnitDuties1765526400000 } from './1765526400000-unit-duties.js';
import { StatusChecks1765612800000 } from './1765612800000-status-checks.js';
import { NotificationChannels1765785600000 } from './1765785600000-notification-channels.js';
import { ProposalCounts1765872000000 } from './1765872000000-proposal-counts.js';
import { Attachments1765958400000 } from './1765958400000-attachments.js';
import { ProposalCountsGuard1765990000000 } from './1765990000000-proposal-counts-guard.js';
import { MergeProbability1766500000000 } from './1766500000000-merge-probability.js';
import { AssignmentEventsIndex1766500000001 } from './1766500000001-assignment-events-index.js';
import { ProposalDrafts1766200000000 } from './1766200000000-proposal-drafts.js';
import { CoSigning1766100000000 } from './1766100000000-co-signing.js';
import { UnitSignOff1766000000000 } from './1766000000000-unit-sign-off.js';
import { SearchTerms1766400000000 } from './1766400000000-search-terms.js';
import { EventJobBatches1766300000000 } from './1766300000000-event-job-batches.js';
import { SearchTermPairs1766710000000 } from './1766710000000-search-term-pairs.js';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1764230400000, Pipeline1764316800000, SmartIntake1764403200000, Performance1764489600000,
  Supervision1764576000000, TokenRevocation1764662400000, SessionRulesVersions1764748800000,
  NotificationEventIndex1764835200000, CaseInsensitiveUsernames1764921600000, RequestDetails1765008000000,
  UserNames1765180800000, ProposerBody1765267200000, UnitDuties1765526400000, StatusChecks1765612800000,
  NotificationChannels1765785600000, ProposalCounts1765872000000, Attachments1765958400000,
  ProposalCountsGuard1765990000000, UnitSignOff1766000000000, CoSigning1766100000000, ProposalDrafts1766200000000,
  EventJobBatches1766300000000, SearchTerms1766400000000, MergeProbability1766500000000,
  AssignmentEventsIndex1766500000001, SearchTermPairs1766710000000,
];
