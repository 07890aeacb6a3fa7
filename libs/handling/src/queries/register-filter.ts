import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { proposalOverdueSql } from './overdue-sql.js';
import { whereProposalSearch } from './proposal-search.js';

/**
 * The register's filters (提案登记簿), the same for `GET /api/v1/proposals` and the UI's register
 * (all optional; the API exposes a subset).
 */
export interface RegisterFilter {
  sessionId?: string;
  status?: string;
  unitId?: string;
  category?: string;
  theme?: string;
  /** Has (true) or has not (false) an overdue deadline (domain `isOverdue`). */
  overdue?: boolean;
  key?: boolean;
  /** The search box: words, the lead proposer, or a number as people write it (第196号, No.196). */
  q?: string;
}

/**
 * Adds the register's filters to a query over proposals `p` already scoped to the actor
 * (`scopeToActor`): the one definition of each filter, read by both registers.
 */
export function whereRegister<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: RegisterFilter, now: Date): SelectQueryBuilder<T> {
  if (f.sessionId) qb.andWhere('p.session_id = :sessionId', { sessionId: f.sessionId });
  if (f.status) qb.andWhere('p.status = :status', { status: f.status });
  if (f.unitId) {
    qb.andWhere(`EXISTS (SELECT 1 FROM assignments fa WHERE fa.proposal_id = p.id AND fa.unit_id = :unitId AND fa.state <> 'removed')`, { unitId: f.unitId });
  }
  if (f.category) qb.andWhere('p.category = :category', { category: f.category });
  if (f.theme) qb.andWhere(':theme = ANY(p.themes)', { theme: f.theme });
  if (f.key !== undefined) qb.andWhere('p.key = :key', { key: f.key });
  if (f.overdue !== undefined) {
    const overdue = proposalOverdueSql(':now');
    qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { now });
  }
  return whereProposalSearch(qb, f.q);
}
