import { classifyProposal, normaliseText, TextFeatures, type IntakeRules } from '#domain';
import { ProposalRow } from '#persistence';
import { systemActor, type AppContext } from '#kernel';

/**
 * The intake worker's use case: normalises a submitted proposal's title, tags its themes and, when
 * the submitter gave none, its category. A second run finds nothing to change and records nothing.
 */
export class ClassifyProposal {
  /** Keywords match as tokens (营商环境 is not 环境); built on first use (jieba loads its dictionary). */
  private matcher: TextFeatures | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly rules: IntakeRules,
  ) {}

  async execute(proposalId: string): Promise<boolean> {
    return this.ctx.transaction(systemActor('intake-worker'), async (tx) => {
      const p = await tx.em.findOne(ProposalRow, { where: { id: proposalId }, lock: { mode: 'for_no_key_update' } });
      if (!p) return false;
      const title = normaliseText(p.title);
      const c = classifyProposal(title, p.content, this.rules, (this.matcher ??= new TextFeatures()));
      const category = p.category ?? c.category;
      const same = title === p.title && category === p.category && c.themes.join('|') === p.themes.join('|');
      if (same) return false;
      await tx.em.update(ProposalRow, { id: p.id }, { title, category, themes: c.themes, version: () => 'version + 1' });
      await tx.record({
        type: 'proposal.classified',
        proposalId: p.id,
        subjectType: 'proposal',
        subjectId: p.id,
        payload: { category, themes: c.themes, matched: c.matched, alert: c.themes.filter((t) => this.rules.alertThemes.includes(t)) },
      });
      return true;
    });
  }
}
