import {
  committeeName,
  footer,
  keyNotice,
  openProposal,
  proposalFacts,
  proposalUrl,
  signature,
  supervisionOffice,
  systemName,
  unitFacts,
} from './common.js';
import type { Block, Fact } from './layout.js';
import { renderDocument } from './layout.js';
import { formatChineseDate, isNpcSession, proposalKindWord, proposalLabel, ratingLabel } from './labels.js';
import type { MailContext, MailProposal, MailUnit, RatingName, RenderedMail } from './types.js';

// ---------------------------------------------------------------------------------------------
// 评价结果
// ---------------------------------------------------------------------------------------------

export interface FeedbackResultInput {
  proposal: MailProposal;
  /** The unit whose reply was rated. */
  unit: MailUnit;
  rating: RatingName;
  comment: string | null;
  /** For an unsatisfied rating: the re-handling deadline. */
  rehandlingDueOn?: string | null;
}

/** 评价结果: the proposer's rating, to the unit (and the supervision office); 不满意 means re-handling. */
export function renderFeedbackResult(ctx: MailContext, input: FeedbackResultInput): RenderedMail {
  const { proposal: p, unit, rating, comment } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const r = ratingLabel(rating);
  const office = supervisionOffice(ctx);

  const facts: Fact[] = [...proposalFacts(ctx, p), { label: '承办单位', value: unit.name }, { label: '评价结果', value: r }];
  if (input.rehandlingDueOn) facts.push({ label: '重新办理期限', value: `${formatChineseDate(input.rehandlingDueOn)}（当日24时截止）` });

  const blocks: Block[] = [{ type: 'paragraph', text: `${p.proposers}已对你单位办理的${label}作出评价，评价结果为“${r}”。` }];
  if (comment && comment.trim()) {
    blocks.push({ type: 'heading', text: '评价意见' }, { type: 'letter', content: comment });
  }
  if (rating === 'unsatisfied') {
    const by = input.rehandlingDueOn ? `于${formatChineseDate(input.rehandlingDueOn)}前` : '在规定期限内';
    blocks.push({
      type: 'notice',
      tone: 'danger',
      text:
        `根据有关规定，本${kw}需重新办理。请你单位认真研究${p.proposers}的意见，再次沟通协商，` +
        `${by}重新作出书面答复，并抄送${office}。`,
    });
  } else if (rating === 'basically_satisfied') {
    blocks.push({ type: 'paragraph', text: `请对答复中承诺的事项和${p.proposers}提出的意见继续跟踪落实。` });
  } else {
    blocks.push({ type: 'paragraph', text: '感谢你单位认真负责的办理工作。' });
  }
  blocks.push({ type: 'facts', rows: facts }, openProposal(ctx, p));

  return renderDocument({
    subject: `【评价结果】${label}（${r}）`,
    heading: `${kw}办理评价结果`,
    greeting: unit.name,
    blocks,
    signature: signature(ctx, office),
    footer: footer(ctx),
  });
}

// ---------------------------------------------------------------------------------------------
// 延期告知
// ---------------------------------------------------------------------------------------------

export interface ExtensionGrantedInput {
  proposal: MailProposal;
  /** The unit whose reply deadline was extended. */
  unit: MailUnit;
  previousDueOn: string;
  newDueOn: string;
  audience: 'proposer' | 'unit';
}

/** 延期告知: the proposer is told that the reply will come later; the unit that its request was approved. */
export function renderExtensionGranted(ctx: MailContext, input: ExtensionGrantedInput): RenderedMail {
  const { proposal: p, unit, audience } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const prev = formatChineseDate(input.previousDueOn);
  const next = formatChineseDate(input.newDueOn);
  const office = supervisionOffice(ctx);

  const facts: Fact[] = [
    ...proposalFacts(ctx, p),
    { label: '承办单位', value: unit.name },
    { label: '原答复期限', value: prev },
    { label: '延长后期限', value: `${next}（当日24时截止）` },
  ];

  const blocks: Block[] =
    audience === 'proposer'
      ? [
          {
            type: 'paragraph',
            text:
              `您提出的${label}，承办单位${unit.name}因办理工作需要申请延期答复，经审核同意，` +
              `答复期限由${prev}延至${next}。承办单位将在延长后的期限内作出书面答复，敬请理解。`,
          },
        ]
      : [
          { type: 'paragraph', text: `你单位关于${label}的延期答复申请，经审核同意，答复期限由${prev}延长至${next}。` },
          { type: 'paragraph', text: `请抓紧办理，在延长后的期限内书面答复${p.proposers}，并抄送${committeeName(ctx, p)}和${office}。` },
        ];
  blocks.push({ type: 'facts', rows: facts }, openProposal(ctx, p));

  return renderDocument({
    subject: `【延期告知】${label}（答复期限延至${next}）`,
    heading: `${kw}延期答复告知`,
    greeting: audience === 'proposer' ? p.proposers : unit.name,
    blocks,
    signature: signature(ctx, office),
    footer: footer(ctx),
  });
}

// ---------------------------------------------------------------------------------------------
// 调整申请
// ---------------------------------------------------------------------------------------------

export interface AdjustmentRequestedInput {
  proposal: MailProposal;
  /** The unit that asks to be relieved of the proposal. */
  unit: MailUnit;
  reason: string;
  suggestedUnit: string | null;
  /** The requesting lead unit asks to stay on as co-handler of the suggested unit (本单位改为协办). */
  keepAsCo?: boolean;
  /** The office decides by this date (YYYY-MM-DD). */
  decideBy?: string;
}

/** 调整申请: a unit asks the supervision office to give the proposal to another unit. */
export function renderAdjustmentRequested(ctx: MailContext, input: AdjustmentRequestedInput): RenderedMail {
  const { proposal: p, unit, reason, suggestedUnit } = input;
  const kw = proposalKindWord(p);
  const label = proposalLabel(p);
  const office = supervisionOffice(ctx);

  const facts: Fact[] = [
    ...proposalFacts(ctx, p),
    ...unitFacts(unit, '申请单位'),
    { label: '建议承办单位', value: suggestedUnit || '未提出' },
  ];
  if (input.keepAsCo && suggestedUnit) facts.push({ label: '申请单位意见', value: '改为协办' });
  if (input.decideBy) facts.push({ label: '审核期限', value: `${formatChineseDate(input.decideBy)}前` });

  const by = input.decideBy ? `请于${formatChineseDate(input.decideBy)}前` : '请及时';
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text:
        `${unit.name}申请调整${label}的承办单位` +
        (suggestedUnit ? (input.keepAsCo ? `，建议改由${suggestedUnit}主办、本单位协办` : `，建议改由${suggestedUnit}办理`) : '') +
        '。申请理由如下：',
    },
    { type: 'letter', content: reason },
    ...keyNotice(p),
    { type: 'facts', rows: facts },
    {
      type: 'paragraph',
      text: `${by}审核并作出决定：同意调整的，请指定新的承办单位；不同意调整的，请说明理由，由${unit.name}继续办理。`,
    },
    { type: 'action', label: '登录督办系统审核调整申请', url: proposalUrl(ctx, p.id) },
  ];

  return renderDocument({
    subject: `【调整申请】${label}（${unit.name}申请调整承办单位）`,
    heading: `${kw}承办单位调整申请`,
    greeting: office,
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}

// ---------------------------------------------------------------------------------------------
// 新提案
// ---------------------------------------------------------------------------------------------

export interface NewProposalInput {
  proposal: MailProposal;
  /** Theme tags found by the intake worker, e.g. ['营商环境', '数字政府']. */
  themes: string[];
}

/** 新提案: a proposal was submitted; the committee reviews it (立案审查). */
export function renderNewProposal(ctx: MailContext, input: NewProposalInput): RenderedMail {
  const { proposal: p } = input;
  const kw = proposalKindWord(p);
  const npc = isNpcSession(p.sessionName);
  const label = proposalLabel(p);
  const themes = (input.themes.length ? input.themes : p.themes).filter((t) => t.trim() !== '');

  const blocks: Block[] = [
    { type: 'paragraph', text: `督办系统收到${p.proposers}提出的${label}，请${npc ? '及时审查并提出交办意见' : '审查立案'}。` },
    { type: 'facts', rows: [...proposalFacts(ctx, p, { themes: [] }), { label: '主题标签', value: themes.length ? themes.join('、') : '未识别' }] },
    {
      type: 'paragraph',
      text: themes.length
        ? `系统根据内容识别的主题标签为${themes.map((t) => `“${t}”`).join('、')}，供审查和交办时参考。`
        : '系统未能从内容中识别主题标签，请审查时人工确定类别。',
    },
  ];
  if (!npc) {
    blocks.push({ type: 'paragraph', text: '审查意见可为：立案、不予立案、并案处理、转为意见建议或退回修改。' });
  }
  blocks.push(openProposal(ctx, p, `登录督办系统审查${kw}`));

  return renderDocument({
    subject: `【新${kw}】${label}`,
    heading: `新${kw}待审查`,
    greeting: committeeName(ctx, p),
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}

// ---------------------------------------------------------------------------------------------
// 邮件投递失败
// ---------------------------------------------------------------------------------------------

export interface DeliveryFailureInput {
  failed: { subject: string; recipient: string; attempts: number; lastError: string };
  proposal: MailProposal | null;
}

/** 邮件投递失败: a notification could not be delivered after its last retry. */
export function renderDeliveryFailure(ctx: MailContext, input: DeliveryFailureInput): RenderedMail {
  const { failed, proposal: p } = input;
  const facts: Fact[] = [
    { label: '邮件主题', value: failed.subject },
    { label: '收件人', value: failed.recipient },
    { label: '尝试次数', value: `${failed.attempts}次` },
    { label: '最后错误', value: failed.lastError },
  ];
  if (p) facts.push({ label: `相关${proposalKindWord(p)}`, value: proposalLabel(p), href: proposalUrl(ctx, p.id) });

  const blocks: Block[] = [
    { type: 'paragraph', text: `以下通知邮件经${failed.attempts}次尝试仍未能投递，系统已停止重试。` },
    { type: 'facts', rows: facts },
    {
      type: 'paragraph',
      text: '请核实收件人邮箱地址是否正确，并通过电话等方式另行通知收件人；如邮箱地址有误，请在系统中更新有关单位或提案者信息。',
    },
  ];
  if (p) blocks.push(openProposal(ctx, p));

  return renderDocument({
    subject: `【邮件投递失败】致${failed.recipient}：${failed.subject}`,
    heading: '邮件投递失败',
    greeting: supervisionOffice(ctx),
    blocks,
    signature: signature(ctx, systemName(ctx)),
    footer: footer(ctx),
  });
}
