import {
  BadRequestException, HttpException, Injectable, PayloadTooLargeException, UseInterceptors, applyDecorators, mixin,
  type CallHandler, type ExecutionContext, type NestInterceptor, type Type,
} from '@nestjs/common';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { catchError, type Observable } from 'rxjs';
import { ATTACHMENT_CEILING_BYTES } from '#domain';

/** What multer's memory storage hands over (@types/multer is not a dependency). */
export interface UploadedFileData {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Multer's options for an attachment field: the hard ceiling (the rules' own limit is checked by the use case), names in UTF-8. */
export function attachmentLimits(files: number): Record<string, unknown> {
  return { limits: { fileSize: ATTACHMENT_CEILING_BYTES, files, fields: 50 }, defParamCharset: 'utf8' };
}

/**
 * Multer's refusals (a file over the ceiling, a file in an unexpected field, too many files) in the
 * API's error shape, naming the field: `{statusCode: 413|400, code, message, fields: [field]}`.
 */
function uploadErrors(field: string): Type<NestInterceptor> {
  @Injectable()
  class UploadErrors implements NestInterceptor {
    intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next.handle().pipe(
        catchError((e: unknown) => {
          // Multer's and busboy's own errors, as Nest wraps them (transformException keeps the original as the cause).
          const fromMulter = e instanceof HttpException && typeof (e.cause as { code?: unknown } | undefined)?.code === 'string';
          if (e instanceof PayloadTooLargeException && fromMulter) {
            throw new HttpException(
              { code: 'payload_too_large', message: `${field}: is larger than ${ATTACHMENT_CEILING_BYTES / 1024 / 1024} MB (文件过大)`, fields: [field] },
              413,
            );
          }
          if (e instanceof BadRequestException && fromMulter) {
            throw new BadRequestException({ code: 'bad_request', message: `${field}: ${e.message} (请在「${field}」中上传文件)`, fields: [field] });
          }
          throw e;
        }),
      );
    }
  }
  return mixin(UploadErrors);
}

/**
 * A multipart body's text fields are strings: before validation, the named fields become booleans
 * (`true`/`false`, and `on` of a checkbox). A JSON body is left alone.
 */
function multipartBooleans(fields: string[]): Type<NestInterceptor> {
  @Injectable()
  class MultipartBooleans implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const req = context.switchToHttp().getRequest<Request>();
      if (req.is('multipart/form-data') && req.body && typeof req.body === 'object') {
        for (const f of fields) {
          const v = (req.body as Record<string, unknown>)[f];
          if (v === 'true' || v === 'on') (req.body as Record<string, unknown>)[f] = true;
          else if (v === 'false') (req.body as Record<string, unknown>)[f] = false;
        }
      }
      return next.handle();
    }
  }
  return mixin(MultipartBooleans);
}

/** One file in `field` of a multipart body (a JSON body passes through, without a file). */
export const AttachmentUpload = (field: string, options: { booleans?: string[] } = {}) =>
  applyDecorators(UseInterceptors(uploadErrors(field), FileInterceptor(field, attachmentLimits(1) as never), multipartBooleans(options.booleans ?? [])));

/** Up to `max` files in `field`. */
export const AttachmentsUpload = (field: string, max: number) =>
  applyDecorators(UseInterceptors(uploadErrors(field), FilesInterceptor(field, max, attachmentLimits(max) as never)));

/** `Content-Disposition` for a download: the name as uploaded (RFC 6266/5987), an ASCII fallback for old clients. */
export function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
