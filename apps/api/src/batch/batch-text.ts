import { noticeNumberLabel } from '#supervision';
import { type BatchItem, type BatchItemResult, type BatchResult } from '#batch';
import type { BatchAction } from '#domain';
import { describeError } from '../ui/errors.js';
import { labelOf } from '#contracts';
import { DEADLINE_KIND_LABELS } from '../ui/labels.js';
import { proposalNumberText } from '../ui/format.js';

/** The Chinese names of the batch actions (按钮、标题). */
export const BATCH_LABELS: Record<BatchAction, string> = { assign: '批量交办', accept: '批量签收', urge: '批量催办', publish: '批量公开' };

/** Why an item cannot be done or was refused, in Chinese: the same messages (the one error catalogue) as the single-item forms. */
export const refusalText = (e: Error): string => describeError(e).message;

/** A refused item in the API's answer: the error's class `code`, its stable `errorCode` and the Chinese `reason` of that code. */
export function refusalBody(e: Error): { code: string; errorCode: string; reason: string } {
  const { code, message } = describeError(e);
  return { code: (e as { code?: string }).code ?? 'error', errorCode: code, reason: message };
}

/** What the preview says will happen to an item. */
export function willText(action: BatchAction, item: BatchItem, leadUnitName: string | null): string {
  switch (action) {
    case 'assign':
      return leadUnitName ? `将交办${leadUnitName}主办` : '将交办（请在下方选择主办单位）';
    case 'accept':
      return '将签收，开始办理';
    case 'publish':
      return '将公开答复（索引号自动生成）';
    case 'urge': {
      const kind = item.deadlineKind ? labelOf(DEADLINE_KIND_LABELS, item.deadlineKind) : '办理';
      const open = item.openNotice ? `；该单位已有未回复的督办通知 ${noticeNumberLabel(item.openNotice)}` : '';
      return `将向${item.unitName ?? '承办单位'}发出督办通知（${kind}期限 ${item.dueOn ?? ''}）${open}`;
    }
  }
}

/** What was done to an item. */
export function doneText(action: BatchAction, item: BatchItemResult, leadUnitName: string | null): string {
  switch (action) {
    case 'assign':
      return `已交办${leadUnitName ?? ''}主办`;
    case 'accept':
      return '已签收';
    case 'publish':
      return `已公开，索引号 ${item.publicationIndex ?? ''}`;
    case 'urge':
      return item.notice ? `已向${item.unitName ?? '承办单位'}发出督办通知 ${noticeNumberLabel(item.notice)}` : '已发出督办通知';
  }
}

/** An item's name as a user reads it: 市政协十届二次会议第196号提案. */
export const itemName = (item: BatchItem): string => (item.proposalId ? proposalNumberText(item.sessionName, item.number) : '（找不到该记录，或您无权查看）');

/** A batch's result as the API returns it: per item, done or refused with the reason in Chinese. */
export function resultBody(result: BatchResult) {
  return {
    action: result.action,
    done: result.done,
    refused: result.refused,
    items: result.items.map((i) => ({
      id: i.id,
      proposalId: i.proposalId,
      name: itemName(i),
      title: i.title,
      outcome: i.outcome,
      ...(i.error ? refusalBody(i.error) : { result: doneText(result.action, i, result.leadUnitName) }),
      ...(i.publicationIndex ? { publicationIndex: i.publicationIndex } : {}),
      ...(i.notice ? { notice: noticeNumberLabel(i.notice) } : {}),
    })),
  };
}
