import { GoneException } from '@nestjs/common';
import { ApplicationError } from '#kernel';

/**
 * An expired signed link (回执链接, 联名邀请链接: code `link_expired`) is 410 Gone: it was genuine, but
 * its time is over (a forged or malformed one is 404).
 */
export async function goneWhenExpired<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApplicationError && e.code === 'link_expired') throw new GoneException({ code: e.code, errorCode: e.errorCode, message: e.message });
    throw e;
  }
}
