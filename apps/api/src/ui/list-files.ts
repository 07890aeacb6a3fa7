import type { Response } from 'express';
import type { ExportedFile } from '#supervision';
import { formatDateTime } from './format.js';
import type { Sort } from './sorting.js';

/** Sends an exported file as a download (the Chinese file name encoded for every browser). */
export function sendFile(res: Response, file: ExportedFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.setHeader('X-Row-Count', String(file.rows));
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.body);
}

/**
 * The 说明 of an exported list: which filters it holds (each as the page names it), its order, and
 * when it was exported, in Beijing time.
 */
export function exportNotes(filters: Array<[string, string | null | undefined]>, sort: Sort, sortLabels: Record<string, string>, now: Date): string[] {
  const chosen = filters.filter(([, v]) => v).map(([k, v]) => `${k}：${v}`);
  return [
    `筛选条件：${chosen.length ? chosen.join('；') : '无（全部）'}`,
    `排序：按${sortLabels[sort.key] ?? sort.key}${sort.dir === 'asc' ? '升序' : '降序'}`,
    `导出时间：${formatDateTime(now)}（北京时间）`,
  ];
}
