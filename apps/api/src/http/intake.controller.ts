import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ImportQueries, IntakeQueries, MAX_IMPORT_BYTES, RequestImport } from '#intake';
import { type Actor } from '#kernel';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { IsPage, IsPageSize, MAX_PAGE } from '../platform/validation.js';

const id = new ParseUUIDPipe();

export class ImportRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The session (届次会议) the proposals belong to' }) @IsUUID() sessionId: string;
}

export class ListImportsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() sessionId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE }) @IsOptional() @IsPage() page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100 }) @IsOptional() @IsPageSize(100) pageSize?: number;
}

export class ImportReportQuery {
  @ApiPropertyOptional({ enum: ['all'], description: 'rows=all adds every row with its outcome' }) @IsOptional() @IsIn(['all']) rows?: 'all';
}

/** What multer hands over (the type is not installed: @types/multer is not a dependency). */
interface UploadedFileData {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * Smart intake over HTTP (docs/intake.md): bulk import of XLSX/CSV files as an intake job with
 * progress and a row report; a proposal's similar earlier proposals (并案建议) and routing
 * suggestions (承办单位建议).
 */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('api/v1')
export class IntakeController {
  constructor(
    @Inject(RequestImport) private readonly requestImport: RequestImport,
    @Inject(ImportQueries) private readonly imports: ImportQueries,
    @Inject(IntakeQueries) private readonly intake: IntakeQueries,
  ) {}

  /** Multipart upload: field `file` (.xlsx, or .csv in UTF-8 or GB18030) and field `sessionId`. 202: the import is queued. */
  @Post('imports')
  @HttpCode(202)
  @Roles('admin', 'committee')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'sessionId'],
      properties: { file: { type: 'string', format: 'binary' }, sessionId: { type: 'string', format: 'uuid' } },
    },
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 }, defParamCharset: 'utf8' } as Record<string, unknown>))
  async create(@CurrentActor() actor: Actor, @Body() body: ImportRequestDto, @UploadedFile() file?: UploadedFileData) {
    const created = await this.requestImport.execute(actor, { sessionId: body.sessionId, filename: file?.originalname ?? '', data: file?.buffer ?? Buffer.alloc(0) });
    return this.imports.get(actor, created.id);
  }

  @Get('imports')
  @Roles('admin', 'committee', 'supervisor')
  list(@CurrentActor() actor: Actor, @Query() query: ListImportsQuery) {
    return this.imports.list(actor, query);
  }

  /** Progress, counts and the report: every problem of every invalid row (row, column, message), and the rows skipped. */
  @Get('imports/:id')
  @Roles('admin', 'committee', 'supervisor')
  get(@CurrentActor() actor: Actor, @Param('id', id) importId: string, @Query() query: ImportReportQuery) {
    return this.imports.get(actor, importId, { allRows: query.rows === 'all' });
  }

  /** The proposal's most similar earlier proposals with scores; `duplicate` ones are merge (并案) candidates. */
  @Get('proposals/:id/similar')
  @Roles('admin', 'committee', 'supervisor')
  similar(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.intake.similar(actor, proposalId);
  }

  /** Units ranked to handle the proposal, each with its reasons (keyword rules, category, similar past proposals). */
  @Get('proposals/:id/routing-suggestions')
  @Roles('admin', 'committee', 'supervisor')
  routingSuggestions(@CurrentActor() actor: Actor, @Param('id', id) proposalId: string) {
    return this.intake.routingSuggestions(actor, proposalId);
  }
}
