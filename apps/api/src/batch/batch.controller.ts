import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BATCH_LIMIT, BatchActions, type BatchParams, type BatchPreview } from '#batch';
import { type Actor } from '#kernel';
import { BATCH_ITEM_ACTIONS, type BatchAction } from '#domain';
import { CurrentActor, MayTake } from '../auth/auth.decorators.js';
import { Trim } from '../platform/validation.js';
import { itemName, refusalBody, resultBody, willText } from './batch-text.js';

class BatchDto {
  @ApiProperty({ type: [String], description: `the items, at most ${BATCH_LIMIT}` })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(BATCH_LIMIT) @IsUUID('all', { each: true }) ids: string[];

  @ApiPropertyOptional({ description: 'true: only say per item what would happen, do nothing' }) @IsOptional() @IsBoolean() preview?: boolean;
}

class BatchAssignDto extends BatchDto {
  @ApiPropertyOptional({ description: '主办单位 (required unless preview)' }) @IsOptional() @IsUUID() leadUnitId?: string;
}

class BatchUrgeDto extends BatchDto {
  @ApiPropertyOptional({ description: '督办事项 (required unless preview)' }) @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(20000) content?: string;
  @ApiPropertyOptional({ description: 'the notice’s deadline in working days' }) @IsOptional() @IsInt() workdays?: number;
}

/**
 * Batch actions (批量交办, 签收, 催办, 公开): `preview: true` says per item what would happen or why it
 * cannot; otherwise each item goes through its single-item use case in its own transaction and the
 * answer lists each item done or refused, with the reason in Chinese. 200 even when some are refused.
 */
@ApiTags('batch')
@ApiBearerAuth()
@Controller('api/v1')
export class BatchController {
  constructor(@Inject(BatchActions) private readonly batch: BatchActions) {}

  private async go(actor: Actor, action: BatchAction, body: BatchDto, params: BatchParams) {
    if (body.preview) return previewBody(await this.batch.preview(actor, action, body.ids, params));
    return resultBody(await this.batch.run(actor, action, body.ids, params));
  }

  @Post('proposals/assign/batch')
  @HttpCode(200)
  @MayTake(BATCH_ITEM_ACTIONS.assign)
  assign(@CurrentActor() actor: Actor, @Body() body: BatchAssignDto) {
    return this.go(actor, 'assign', body, { leadUnitId: body.leadUnitId });
  }

  @Post('assignments/accept/batch')
  @HttpCode(200)
  @MayTake(BATCH_ITEM_ACTIONS.accept)
  accept(@CurrentActor() actor: Actor, @Body() body: BatchDto) {
    return this.go(actor, 'accept', body, {});
  }

  @Post('deadlines/urge/batch')
  @HttpCode(200)
  @MayTake(BATCH_ITEM_ACTIONS.urge)
  urge(@CurrentActor() actor: Actor, @Body() body: BatchUrgeDto) {
    return this.go(actor, 'urge', body, { content: body.content, workdays: body.workdays });
  }

  @Post('proposals/publish/batch')
  @HttpCode(200)
  @MayTake(BATCH_ITEM_ACTIONS.publish)
  publish(@CurrentActor() actor: Actor, @Body() body: BatchDto) {
    return this.go(actor, 'publish', body, {});
  }
}

function previewBody(preview: BatchPreview) {
  return {
    action: preview.action,
    preview: true,
    items: preview.items.map((i) => ({
      id: i.id,
      proposalId: i.proposalId,
      name: itemName(i),
      title: i.title,
      outcome: i.refusal ? 'refused' : 'will',
      ...(i.refusal ? refusalBody(i.refusal) : { result: willText(preview.action, i, preview.leadUnitName) }),
    })),
  };
}
