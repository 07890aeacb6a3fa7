import { applyDecorators, Controller, NotFoundException, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UiExceptionFilter } from './ui-exception.filter.js';

/** A controller of HTML pages: errors become pages, and it stays out of the OpenAPI document. */
export const UiController = (prefix = '') => applyDecorators(Controller(prefix), UseFilters(UiExceptionFilter), ApiExcludeController());

/** An id in a page's URL: anything but a UUID is a page that does not exist (404), not a bad request. */
export const PageId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() });
