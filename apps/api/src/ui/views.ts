import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import nunjucks from 'nunjucks';
import { CHANNEL_LABELS } from '#notifications';
import { DubanConfig } from '#common';
import { clause, formatFileSize, joinClauses } from '#domain';
import { chineseDate, chineseDateTime, countdown, formatDate, formatDateTime, isNpcSession, proposalNumberText, proposersText } from './format.js';
import {
  ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, BODY_LABELS, CLOSE_REASON_LABELS, CO_SIGNING_STATE_LABELS, COMMUNICATION_METHOD_LABELS, DEADLINE_KIND_LABELS, DEADLINE_STAGE_LABELS,
  DEADLINE_STATUS_LABELS, EVENT_LABELS, FEEDBACK_VIA_LABELS, NOTIFICATION_STATUS_LABELS, PROPOSER_KIND_LABELS, RATING_LABELS,
  REQUEST_STATUS_LABELS, REVIEW_DECISION_LABELS, ROLE_LABELS, SMS_RECEIPT_LABELS, STATUS_LABELS, UNIT_KIND_LABELS, UNIT_ROLE_LABELS, DESK_STAGE_LABELS, actorText, label, stageText,
} from './labels.js';

/** Where the templates and the stylesheet live: relative to the working directory, as config/ is. */
export const VIEWS_DIR = resolve(process.cwd(), 'apps/api/views');
export const PUBLIC_DIR = resolve(process.cwd(), 'apps/api/public');

/** A query string from `params`, with `overrides` applied and empty values left out. */
export function queryString(params: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
  const merged = { ...params, ...overrides };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** The page numbers to offer around `page`: first, last and two either side, with gaps as null. */
export function pageNumbers(page: number, pages: number): Array<number | null> {
  const wanted = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}

/** Server-side templates (nunjucks, autoescaped) and the filters they use. */
@Injectable()
export class Views {
  private readonly env: nunjucks.Environment;

  constructor(@Inject(DubanConfig) config: DubanConfig) {
    if (!existsSync(VIEWS_DIR)) throw new Error(`UI templates not found at ${VIEWS_DIR}: start Duban from its root directory`);
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: !config.isProduction }), {
      autoescape: true,
      trimBlocks: true,
      lstripBlocks: true,
    });
    const tables: Record<string, Record<string, string>> = {
      status: STATUS_LABELS,
      astate: ASSIGNMENT_STATE_LABELS,
      arole: ASSIGNMENT_ROLE_LABELS,
      role: ROLE_LABELS,
      ukind: UNIT_KIND_LABELS,
      pkind: PROPOSER_KIND_LABELS,
      body: BODY_LABELS,
      dkind: DEADLINE_KIND_LABELS,
      dstatus: DEADLINE_STATUS_LABELS,
      dstage: DEADLINE_STAGE_LABELS,
      method: COMMUNICATION_METHOD_LABELS,
      rating: RATING_LABELS,
      via: FEEDBACK_VIA_LABELS,
      decision: REVIEW_DECISION_LABELS,
      reqstatus: REQUEST_STATUS_LABELS,
      nstatus: NOTIFICATION_STATUS_LABELS,
      nchannel: CHANNEL_LABELS,
      nreceipt: SMS_RECEIPT_LABELS,
      event: EVENT_LABELS,
      closeReason: CLOSE_REASON_LABELS,
      cosign: CO_SIGNING_STATE_LABELS,
      upost: UNIT_ROLE_LABELS,
      deskStage: DESK_STAGE_LABELS,
    };
    for (const [name, table] of Object.entries(tables)) this.env.addFilter(name, (code: string) => label(table, code));
    this.env.addFilter('actor', (a: string) => actorText(a ?? ''));
    this.env.addFilter('date', formatDate);
    this.env.addFilter('datetime', formatDateTime);
    this.env.addFilter('cndate', chineseDate);
    this.env.addFilter('cndatetime', chineseDateTime);
    this.env.addFilter('json', (v: unknown) => JSON.stringify(v));
    // A score or rate 0..1 as people read it: 0.248 → "25%".
    this.env.addFilter('percent', (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${Math.round(v * 100)}%` : ''));
    // Typed text inside a generated sentence: its own closing 。 dropped where the page adds one (domain sentences).
    this.env.addFilter('clause', clause);
    this.env.addGlobal('clauses', (...parts: Array<string | null | undefined>) => joinClauses(parts));
    this.env.addGlobal('countdown', countdown);
    this.env.addGlobal('stageText', stageText);
    this.env.addGlobal('proposalNo', proposalNumberText);
    this.env.addGlobal('proposersText', proposersText);
    this.env.addGlobal('isNpc', isNpcSession);
    this.env.addGlobal('fileSize', formatFileSize);
    this.env.addGlobal('qs', queryString);
    this.env.addGlobal('pageNumbers', pageNumbers);
    this.env.addGlobal('labels', tables);
  }

  render(template: string, context: Record<string, unknown>): string {
    return this.env.render(`${template}.njk`, context);
  }
}
