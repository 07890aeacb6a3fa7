import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ProposalDrafts, ProposalPageQueries, type DraftView } from '#handling';
import { Ui, type UiRequest } from '../ui.service.js';
import type { FormState } from './proposal-page.js';
import { SubmissionChoices } from './submission-choices.js';

/**
 * A member's 提交提案 form over a server-side draft (提案草稿): `draftId` null is a new one, not yet
 * saved. The form posts everything it holds (text and chosen files) whichever button is pressed, so
 * 保存草稿 without JavaScript keeps what was typed; with JavaScript, duban.js also saves the text as one types.
 */
@Injectable()
export class DraftPage {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(ProposalDrafts) private readonly drafts: ProposalDrafts,
    @Inject(SubmissionChoices) private readonly choices: SubmissionChoices,
    @Inject(ProposalPageQueries) private readonly pageQueries: ProposalPageQueries,
  ) {}

  async render(req: UiRequest, res: Response, draftId: string | null, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    const draft: DraftView | null = draftId ? await this.drafts.get(actor, draftId) : null;
    const { sessions, categories, ownBody } = await this.choices.for(actor, this.ui.now());
    const sessionId = draft?.sessionId ?? sessions[0]?.id;
    const attachmentRules = sessionId ? await this.pageQueries.attachmentRules(sessionId) : null;
    this.ui.page(req, res, 'member/draft', { draft, sessions, categories, ownBody, state, attachmentRules }, status);
  }
}
