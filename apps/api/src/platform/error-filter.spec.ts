import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AdjustmentRefusedError } from '#handling';
import { ConflictError, InvalidInputError, NotFoundError } from '#kernel';
import { InvalidTransitionError, RuleViolationError } from '#domain';
import { describeError } from '../ui/errors.js';
import { toErrorBody } from './error-filter.js';

describe('the API error body and the UI: one code, one zh-CN message', () => {
  it('keeps code and message, adds errorCode and messageZh', () => {
    expect(toErrorBody(new InvalidTransitionError('proposal', 'submitted', 'assign'))).toEqual({
      statusCode: 409,
      code: 'invalid_transition',
      errorCode: 'TRANSITION_NOT_ALLOWED',
      message: 'Cannot assign: proposal is in state "submitted"',
      messageZh: '提案当前为「待审查」，不能交办。',
      currentState: 'submitted',
    });
    expect(toErrorBody(new InvalidInputError('title', 'is required', 'FIELD_REQUIRED'))).toMatchObject({
      statusCode: 400, code: 'invalid_input', errorCode: 'FIELD_REQUIRED', message: 'title: is required', messageZh: '「标题」为必填项', fields: ['title'],
    });
    expect(toErrorBody(new NotFoundError('proposal', 'x'))).toMatchObject({ statusCode: 404, code: 'not_found', errorCode: 'PROPOSAL_NOT_FOUND' });
    expect(toErrorBody(new RuleViolationError('urge_kind', 'a reply deadline is not…'))).toMatchObject({ code: 'rule_violation', errorCode: 'URGE_KIND', messageZh: '该期限不由承办单位办理，不能催办' });
    expect(toErrorBody(new BadRequestException({ code: 'validation_failed', message: 'x', fields: ['title'] }))).toMatchObject({ code: 'validation_failed', errorCode: 'VALIDATION_FAILED', fields: ['title'] });
    expect(toErrorBody(new Error('boom'))).toMatchObject({ statusCode: 500, code: 'internal_error', errorCode: 'INTERNAL_ERROR', message: 'Internal server error' });
  });

  it('gives the UI the same words as the API (no translation of English messages)', () => {
    const errors = [
      new ConflictError('proposal was changed by someone else; reload and try again', undefined, 'CHANGED_BY_SOMEONE_ELSE'),
      new ConflictError('something new and unforeseen'),
      new AdjustmentRefusedError('newUnitId', 'already_assigned', '市住建局', 'co'),
      new ForbiddenException({ code: 'csrf_invalid', message: 'Missing CSRF token' }),
    ];
    for (const e of errors) {
      const body = toErrorBody(e);
      expect(describeError(e)).toEqual({ status: body.statusCode, message: body.messageZh, code: body.errorCode });
    }
    expect(describeError(errors[0]).message).toBe('数据已被他人修改，请刷新页面后重试');
    expect(describeError(errors[1]).message).toBe('操作冲突：something new and unforeseen');
    expect(describeError(errors[2]).message).toContain('「新承办单位」：市住建局已是本件的协办单位');
    expect(describeError(errors[3])).toMatchObject({ status: 403, code: 'CSRF_INVALID' });
  });
});
