import { type Actor, type AppContext, loadProposal, requireAction, InvalidInputError } from '#kernel';

/** The longest 督办意见. */
export const SUPERVISION_NOTE_MAX = 2000;

/**
 * 督办意见: the supervision office writes a note on a proposal; it goes into the timeline
 * (`supervision.note_added`), in one transaction with who wrote it.
 */
export class AddSupervisionNote {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, note: string): Promise<void> {
    requireAction(actor, 'note');
    const text = note.trim();
    if (!text) throw new InvalidInputError('note', 'is required', 'FIELD_REQUIRED');
    if (text.length > SUPERVISION_NOTE_MAX) throw new InvalidInputError('note', `must be at most ${SUPERVISION_NOTE_MAX} characters`);
    await this.ctx.transaction(actor, async (tx) => {
      await loadProposal(tx.em, actor, proposalId, true);
      await tx.record({ type: 'supervision.note_added', proposalId, subjectType: 'proposal', subjectId: proposalId, payload: { note: text } });
    });
  }
}
