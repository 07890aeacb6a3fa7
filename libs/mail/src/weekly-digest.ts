import { daysLeftOf, daysOverdueOf, footer, proposalUrl, signature, supervisionOffice, systemName, today } from './common.js';
import type { Block, Cell } from './layout.js';
import { renderDocument } from './layout.js';
import { deadlineKindLabel, formatChineseDate, proposalLabel } from './labels.js';
import type { MailContext, MailDeadline, MailProposal, RenderedMail } from './types.js';

export interface DigestItem {
  proposal: MailProposal;
  deadline: MailDeadline;
}

export interface DigestUnit {
  unitName: string;
  overdue: DigestItem[];
  /** Falling due within seven days. */
  dueSoon: DigestItem[];
}

export interface WeeklyDigestInput {
  /** e.g. '2026年第48周' */
  weekLabel: string;
  units: DigestUnit[];
}

function titleCell(ctx: MailContext, p: MailProposal): Cell {
  return { text: `${p.key ? '【重点】' : ''}${proposalLabel(p)}`, href: proposalUrl(ctx, p.id) };
}

/**
 * 督办周报 to the supervision office: per unit, what is overdue (longest first) and what falls
 * due within seven days (soonest first). Units with nothing to report are left out; a week with
 * nothing at all says so.
 */
export function renderWeeklyDigest(ctx: MailContext, input: WeeklyDigestInput): RenderedMail {
  const units = input.units
    .map((u) => ({
      unitName: u.unitName,
      overdue: [...u.overdue].sort((a, b) => daysOverdueOf(ctx, b.deadline) - daysOverdueOf(ctx, a.deadline)),
      dueSoon: [...u.dueSoon].sort((a, b) => a.deadline.dueOn.localeCompare(b.deadline.dueOn)),
    }))
    .filter((u) => u.overdue.length + u.dueSoon.length > 0);
  const overdueCount = units.reduce((n, u) => n + u.overdue.length, 0);
  const dueSoonCount = units.reduce((n, u) => n + u.dueSoon.length, 0);
  const asOf = formatChineseDate(today(ctx));

  const blocks: Block[] = [];
  if (units.length === 0) {
    blocks.push({ type: 'notice', tone: 'success', text: `截至${asOf}，各承办单位无超期事项，七日内亦无到期事项。` });
  } else {
    blocks.push({
      type: 'paragraph',
      text: `截至${asOf}，${units.length}个承办单位共有${overdueCount}件事项已超期、${dueSoonCount}件事项将于七日内到期，具体情况如下。`,
    });
    for (const u of units) {
      blocks.push({ type: 'heading', text: `${u.unitName}（超期${u.overdue.length}件，七日内到期${u.dueSoon.length}件）` });
      if (u.overdue.length) {
        blocks.push(
          { type: 'paragraph', strong: true, text: `已超期（${u.overdue.length}件）：` },
          {
            type: 'table',
            columns: ['提案（建议）', '期限', '截止日期', '超期'],
            rows: u.overdue.map(({ proposal, deadline }) => [
              titleCell(ctx, proposal),
              { text: deadlineKindLabel(deadline.kind) },
              { text: formatChineseDate(deadline.dueOn) },
              { text: `${daysOverdueOf(ctx, deadline)}天` },
            ]),
          },
        );
      }
      if (u.dueSoon.length) {
        blocks.push(
          { type: 'paragraph', strong: true, text: `七日内到期（${u.dueSoon.length}件）：` },
          {
            type: 'table',
            columns: ['提案（建议）', '期限', '截止日期', '剩余'],
            rows: u.dueSoon.map(({ proposal, deadline }) => {
              const left = daysLeftOf(ctx, deadline);
              return [
                titleCell(ctx, proposal),
                { text: deadlineKindLabel(deadline.kind) },
                { text: formatChineseDate(deadline.dueOn) },
                { text: left > 0 ? `${left}天` : left === 0 ? '今天截止' : `已超期${-left}天` },
              ];
            }),
          },
        );
      }
    }
    blocks.push({ type: 'paragraph', text: '请对超期事项督促承办单位限期办结，对即将到期事项提前提醒。' });
  }

  return renderDocument({
    subject:
      units.length === 0
        ? `【督办周报】${input.weekLabel}：无超期及七日内到期事项`
        : `【督办周报】${input.weekLabel}：超期${overdueCount}件，七日内到期${dueSoonCount}件`,
    heading: `督办周报 ${input.weekLabel}`,
    greeting: supervisionOffice(ctx),
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}
