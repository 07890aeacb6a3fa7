import { createHash } from 'node:crypto';
import { classifyProposal, normaliseText, TextFeatures, type IntakeRules } from '#domain';

/**
 * The alert themes (预警主题, config/intake.json `alertThemes`, e.g. 营商环境): themes whose proposals
 * copy every event to the supervision office and escalate one step earlier. One rule several contexts
 * read (deadlines, notifications, supervision's mails), so it lives in the kernel and none of those
 * imports intake. Built once from the injected IntakeConfig (DubanCoreModule).
 */
export class AlertThemes {
  /** Keyword matching as the intake does it; built on first use (jieba loads its dictionary). */
  private matcher: TextFeatures | undefined;
  /**
   * The themes each text carries, by a hash of the text: every deadline a proposal opens asks again
   * (its assignment, its reply, its feedback…), and segmenting and classifying the text was a tenth
   * of an assignment's CPU in the committing process.
   */
  private readonly tagged = new Map<string, readonly string[]>();

  constructor(private readonly rules: IntakeRules) {}

  /** The alert themes among these themes. */
  among(themes: readonly string[]): string[] {
    return themes.filter((t) => this.rules.alertThemes.includes(t));
  }

  /**
   * A proposal's alert themes: those tagged at intake and those its text carries (the same rules),
   * so the answer does not depend on whether the intake job has run yet.
   */
  of(p: { title: string; content: string; themes: readonly string[] }): string[] {
    // The intake's own matching (whole words, ClassifyProposal): a substring match here would tag what intake does not.
    const key = createHash('sha1').update(p.title).update('\u0000').update(p.content).digest('base64');
    let tagged = this.tagged.get(key);
    if (!tagged) {
      tagged = classifyProposal(normaliseText(p.title), p.content, this.rules, (this.matcher ??= new TextFeatures())).themes;
      if (this.tagged.size >= 2_000) this.tagged.clear();
      this.tagged.set(key, tagged);
    }
    return this.among([...new Set([...p.themes, ...tagged])]);
  }
}
