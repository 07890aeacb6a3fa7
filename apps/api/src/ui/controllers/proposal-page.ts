import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { IntakeQueries, ProposalPageQueries, ProposalQueries, Units, type ProposalExtras } from '#application';
import { describeError } from '../errors.js';
import type { FormBody } from '../forms.js';
import { COMMUNICATION_METHOD_LABELS, RATING_LABELS, REVIEW_DECISION_LABELS } from '../labels.js';
import { nextSteps, openForm } from '../next-steps.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';

type ProposalView = Awaited<ReturnType<ProposalQueries['get']>>;

/** What a failed form brings back to the page: which form, why, and what was typed. */
export interface FormState {
  form: string;
  message: string;
  values: FormBody;
}

const STAFF = ['admin', 'committee', 'supervisor'];

/**
 * The proposal page (提案详情) as one screen: its read models (the file as the API gives it, the
 * timeline, the mails, the page's extras, the intake's suggestions) rendered with the forms the
 * user's role allows, and the round trip of every form on it (`act`). The page's controllers
 * (proposal-pages, proposal-actions, unit-actions) share it.
 */
@Injectable()
export class ProposalPage {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(ProposalQueries) private readonly queries: ProposalQueries,
    @Inject(ProposalPageQueries) private readonly page: ProposalPageQueries,
    @Inject(Units) private readonly units: Units,
    @Inject(IntakeQueries) private readonly intake: IntakeQueries,
  ) {}

  async render(req: UiRequest, res: Response, id: string, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    // Visibility is the application's: another unit's proposal is a 404 here as in the API.
    const p = await this.queries.get(actor, id);
    // The timeline and the mails as the application discloses them to this role (the API's rule too).
    const [events, notifications, extras, resultCategories] = await Promise.all([
      this.queries.events(actor, id),
      this.queries.notifications(actor, id),
      this.page.extras(p),
      this.page.resultCategories(p.sessionId),
    ]);
    const merge = actor.role === 'admin' || actor.role === 'committee' ? await this.page.mergeTargets(p.sessionId, p.id) : [];
    const myUnit = actor.role === 'unit' && actor.unitId ? await this.units.get(actor, actor.unitId) : null;
    const now = this.ui.now();
    const can = this.permissions(actor, p, now, extras);
    // The intake's 并案 suggestions at filing review and its ranked units at assignment (docs/intake.md).
    const [similar, routing] = await Promise.all([
      can.review ? this.intake.similar(actor, id) : Promise.resolve(null),
      can.assign ? this.intake.routingSuggestions(actor, id) : Promise.resolve(null),
    ]);
    const mergeSuggestions = similar ? similar.items.filter((s) => s.duplicate) : [];
    // 概况: the next steps and the nearest running deadline (a unit's own), at the top of the page.
    const steps = nextSteps(can, actor.role);
    const mineIds = new Set(can.mine.map((m) => m.a.id));
    const nearest = p.deadlines
      .filter((d) => d.status === 'open' && (actor.role !== 'unit' || (d.assignmentId !== null && mineIds.has(d.assignmentId))))
      // An adjustment window past its day is over (the sweep settles it), not a deadline still to meet.
      .filter((d) => !(d.kind === 'adjustment' && d.dueAt !== null && new Date(d.dueAt).getTime() < now.getTime()))
      .sort((x, y) => String(x.dueAt).localeCompare(String(y.dueAt)))[0] ?? null;
    // A suggested target is always among the picker's choices (the picker lists at most 300).
    for (const s of mergeSuggestions) {
      if (s.mergeable && s.mergeIntoId && !merge.some((t) => t.id === s.mergeIntoId)) {
        const target = s.mergeIntoId === s.proposalId ? s : null;
        merge.push({ id: s.mergeIntoId, number: target?.number ?? null, title: target?.title ?? '（并案目标）' });
      }
    }
    this.ui.page(
      req,
      res,
      'proposal',
      {
        p,
        events,
        notifications,
        ...extras,
        mergeTargets: merge,
        mergeSuggestions,
        similarPending: similar?.status === 'pending',
        similarThreshold: similar?.threshold,
        routing: routing?.items ?? [],
        resultCategories,
        can,
        steps,
        openForm: openForm(steps, state?.form, req.query.open),
        nearest,
        myUnit,
        state,
        today: now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }),
        methods: Object.entries(COMMUNICATION_METHOD_LABELS).map(([code, label]) => ({ code, label })),
        ratings: Object.entries(RATING_LABELS).map(([code, label]) => ({ code, label })),
        decisions: Object.entries(REVIEW_DECISION_LABELS).map(([code, label]) => ({ code, label })),
      },
      status,
    );
  }

  /**
   * Which forms to show. Only a convenience: every action is checked again by its use case, which
   * refuses what the user's role or the proposal's state does not allow.
   */
  private permissions(actor: UserActor, p: ProposalView, now: Date, extras: ProposalExtras) {
    const role = actor.role;
    const committee = role === 'admin' || role === 'committee';
    const isLead = role === 'proposer' && p.leadProposerId === actor.proposerId;
    const ratedThisRound = p.feedback.some((f) => f.round === p.round);
    const open = (kind: string, assignmentId: string) =>
      p.deadlines.find((d) => d.kind === kind && d.assignmentId === assignmentId && d.status === 'open');
    const mine = role === 'unit'
      ? p.assignments
          .filter((a) => a.unitId === actor.unitId && a.state !== 'removed')
          .map((a) => {
            const window = open('adjustment', a.id);
            const answer = p.deadlines.find((d) => d.assignmentId === a.id && d.status === 'open' && ['reply', 'co_opinion', 'rehandling'].includes(d.kind));
            const pendingExtension = extras.extensions.some((r) => r.assignment_id === a.id && r.status === 'pending');
            return {
              a,
              answer,
              accept: a.state === 'assigned',
              adjust: ['assigned', 'accepted'].includes(a.state) && !!window && new Date(window.dueAt!).getTime() >= now.getTime(),
              adjustmentDueOn: window?.dueOn ?? null,
              extend: a.state === 'accepted' && !!answer && !pendingExtension,
              communicate: ['accepted', 'replied', 'opinion_submitted', 'adjustment_requested'].includes(a.state),
              opinion: a.role === 'co' && a.state === 'accepted',
              reply: a.role !== 'co' && a.state === 'accepted',
            };
          })
      : [];
    const can = {
      review: committee && p.status === 'submitted',
      withdraw: (committee || isLead) && ['submitted', 'returned'].includes(p.status),
      resubmit: (committee || isLead) && p.status === 'returned',
      assign: STAFF.includes(role) && p.status === 'filed',
      rate: (committee || isLead) && p.status === 'replied' && !ratedThisRound,
      publish: committee && ['replied', 'closed'].includes(p.status) && !p.published && p.replies.some((r) => r.public),
      decide: role === 'admin' || role === 'supervisor',
      supervise: role === 'admin' || role === 'supervisor',
      contacts: role !== 'proposer',
      mine,
    };
    const unitActs = mine.some((x) => x.accept || x.adjust || x.extend || x.communicate || x.opinion || x.reply);
    const any = unitActs || can.review || can.withdraw || can.resubmit || can.assign || can.rate || can.publish || can.supervise;
    return { ...can, any };
  }

  /** Runs a form's action; on success back to the page with a message, on a refusal the page again with the form as typed. */
  async act(req: UiRequest, res: Response, proposalId: string, form: string, fn: (actor: UserActor) => Promise<string>): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const done = await fn(actor);
      this.ui.redirect(res, `/proposals/${proposalId}`, { kind: 'ok', text: done });
    } catch (e) {
      const { status, message } = describeError(e);
      // Not found / not allowed / not signed in / broken: the error page, not the form.
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.render(req, res, proposalId, { form, message, values: req.body as FormBody }, status);
    }
  }
}
