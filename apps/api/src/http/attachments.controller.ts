import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, type ApiBodyOptions, ApiConsumes, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { AttachmentQueries, UploadAttachment, attachmentView, type AttachmentView, type OwnerRef } from '#handling';
import { type Actor } from '#kernel';
import { ATTACHMENT_PURPOSES, type AttachmentPurpose } from '#domain';
import { CurrentActor, Public } from '../auth/auth.decorators.js';
import { AttachmentUpload, contentDisposition, type UploadedFileData } from '../platform/uploads.js';

const id = new ParseUUIDPipe();

export class AttachmentUploadDto {
  @ApiPropertyOptional({ enum: ATTACHMENT_PURPOSES, description: 'letter: the reply\'s signed letter (答复函, a PDF, one per reply); file (default): any other file' })
  @IsOptional()
  @IsIn(ATTACHMENT_PURPOSES as unknown as string[])
  purpose?: AttachmentPurpose;
}

const UPLOAD_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['attachment'],
    properties: {
      attachment: { type: 'string', format: 'binary', description: 'PDF, JPEG, PNG, DOCX, XLSX or OFD, judged by the content; size and count limits from the rules (attachments)' },
      purpose: { type: 'string', enum: [...ATTACHMENT_PURPOSES] },
    },
  },
};

/** Sends a stored file: its sniffed type, its name as uploaded, its SHA-256 as the ETag. */
export function sendAttachment(res: Response, file: { attachment: AttachmentView; data: Buffer }, inline = false): void {
  const a = file.attachment;
  res.setHeader('Content-Type', a.mediaType);
  res.setHeader('Content-Length', String(file.data.length));
  res.setHeader('Content-Disposition', contentDisposition(a.filename, inline));
  res.setHeader('ETag', `"sha256-${a.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.data);
}

/**
 * 附件 (docs/ui.md#附件): files of proposals, replies, communications and supervision notices.
 * Multipart uploads (field `attachment`), checked by content (not by name), scanned when clamd is
 * configured, stored on disk or in S3; every upload and download is an audit event. Access is that
 * of the thing a file belongs to: 404 otherwise.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1')
export class AttachmentsController {
  constructor(
    @Inject(UploadAttachment) private readonly upload: UploadAttachment,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
  ) {}

  private async add(actor: Actor, owner: OwnerRef, file: UploadedFileData | undefined, purpose?: AttachmentPurpose) {
    return attachmentView(await this.upload.execute(actor, owner, file, { purpose }));
  }

  /** A proposal's material (附件材料): the committee, and its proposers until filing review is done. */
  @Post('proposals/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @AttachmentUpload('attachment')
  addToProposal(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string, @UploadedFile() file?: UploadedFileData) {
    return this.add(actor, { type: 'proposal', id: ownerId }, file);
  }

  /** Every file of the proposal the caller may see (its material, its replies', communications' and notices'). */
  @Get('proposals/:id/attachments')
  listOfProposal(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.attachments.listForProposal(actor, proposalId);
  }

  /** A reply's letter (`purpose=letter`, a PDF) or other files: the unit that replied. */
  @Post('replies/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @AttachmentUpload('attachment')
  addToReply(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string, @Body() body: AttachmentUploadDto, @UploadedFile() file?: UploadedFileData) {
    return this.add(actor, { type: 'reply', id: ownerId }, file, body.purpose);
  }

  @Get('replies/:id/attachments')
  listOfReply(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string) {
    return this.attachments.listFor(actor, { type: 'reply', id: ownerId });
  }

  /** A communication's minutes and photos (见面沟通纪要、照片): the unit that recorded it. */
  @Post('communications/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @AttachmentUpload('attachment')
  addToCommunication(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string, @UploadedFile() file?: UploadedFileData) {
    return this.add(actor, { type: 'communication', id: ownerId }, file);
  }

  @Get('communications/:id/attachments')
  listOfCommunication(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string) {
    return this.attachments.listFor(actor, { type: 'communication', id: ownerId });
  }

  /** A supervision notice's files: the supervision office, and the unit it was sent to (with its response). */
  @Post('supervision/notices/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @AttachmentUpload('attachment')
  addToNotice(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string, @UploadedFile() file?: UploadedFileData) {
    return this.add(actor, { type: 'supervision_notice', id: ownerId }, file);
  }

  @Get('supervision/notices/:id/attachments')
  listOfNotice(@CurrentActor() actor: Actor, @Param('id', id) ownerId: string) {
    return this.attachments.listFor(actor, { type: 'supervision_notice', id: ownerId });
  }

  @Get('attachments/:id')
  get(@CurrentActor() actor: Actor, @Param('id', id) attachmentId: string) {
    return this.attachments.get(actor, attachmentId);
  }

  /** The file itself (recorded as a download). */
  @Get('attachments/:id/content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with the sniffed Content-Type and the name as uploaded' })
  async content(@CurrentActor() actor: Actor, @Param('id', id) attachmentId: string, @Res() res: Response): Promise<void> {
    sendAttachment(res, await this.attachments.open(actor, attachmentId, 'api'));
  }
}

/** The letter of a published reply (公开答复), for anyone: nothing else is reachable here. */
@ApiTags('public')
@Controller('api/v1/public/attachments')
export class PublicAttachmentsController {
  constructor(@Inject(AttachmentQueries) private readonly attachments: AttachmentQueries) {}

  @Get(':id/content')
  @Public()
  @ApiProduces('application/pdf')
  async content(@Param('id', id) attachmentId: string, @Res() res: Response): Promise<void> {
    sendAttachment(res, await this.attachments.openPublicLetter(attachmentId), true);
  }
}
