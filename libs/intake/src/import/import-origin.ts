import type { EntityManager } from 'typeorm';
import type { EventPayload } from '#contracts';

/**
 * Which proposals an import (批量导入) created. An imported proposal goes in through SubmitProposal
 * like any other, with `importId` (ImportProposals passes it): its `proposal.submitted` event carries
 * it, written in the proposal's own transaction, so whoever reads the event (the notification
 * planner) knows at once, with no window in which the proposal exists without the mark. The
 * import's report rows come later (every 100 rows or every second), too late for that.
 */

/** The import that created the proposal of this `proposal.submitted` payload, or null for one entered otherwise. */
export function importOfSubmission(payload: EventPayload<'proposal.submitted'> | null | undefined): string | null {
  return payload?.importId || null;
}

/** The import that created this proposal, or null. */
export async function importOfProposal(em: EntityManager, proposalId: string): Promise<string | null> {
  const rows: Array<{ payload: EventPayload<'proposal.submitted'> }> = await em.query(
    `SELECT payload FROM events WHERE proposal_id = $1 AND type = 'proposal.submitted' ORDER BY seq LIMIT 1`,
    [proposalId],
  );
  return importOfSubmission(rows[0]?.payload);
}

export interface ImportedProposal {
  id: string;
  number: number | null;
  title: string;
  content: string;
  themes: string[];
}

/**
 * The proposals this import created, in the file's row order: those of its report whose
 * `proposal.submitted` names it (a row reported as skipped after a crash may be one).
 */
export async function proposalsOfImport(em: EntityManager, importId: string): Promise<ImportedProposal[]> {
  return em.query(
    `SELECT p.id, p.number, p.title, p.content, p.themes
       FROM proposal_import_rows r JOIN proposals p ON p.id = r.proposal_id
      WHERE r.import_id = $1 AND r.status IN ('imported', 'skipped')
        AND EXISTS (SELECT 1 FROM events e WHERE e.proposal_id = p.id AND e.type = 'proposal.submitted' AND e.payload->>'importId' = $1::text)
      ORDER BY r.row_no`,
    [importId],
  );
}
