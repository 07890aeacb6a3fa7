import { REGISTER_COLUMNS, writeTable, type Column, type ExportedFile, type SupervisionExports } from './tables.js';

/** A column of a list exported as the page shows it: its header, width and the cell of each row. */
export interface ListColumn {
  header: string;
  width: number;
}

/**
 * 导出 Excel of a list as the user sees it (the register with its filters and order, the overdue
 * list, a unit's assignments): the same XLSX writer as the supervision exports (header frozen,
 * filters on, a 说明 sheet saying what the file holds).
 */
export class ListExports {
  constructor(private readonly tables: SupervisionExports) {}

  /** The register's columns (提案汇总表) for the given proposals, in the given order. */
  async register(name: string, ids: string[], notes: string[]): Promise<ExportedFile> {
    const rows = (await this.tables.registerRows(null, ids)).map((r, i) => ({ ...r, seq: i + 1 }));
    return writeTable(name, '提案汇总表', REGISTER_COLUMNS, rows, 'xlsx', [...notes, `共 ${rows.length} 件。`]);
  }

  /** Any list, its cells already written as the page shows them, with a 序号 column first. */
  async table(name: string, title: string, columns: ListColumn[], rows: Array<Array<string | number | null>>, notes: string[]): Promise<ExportedFile> {
    const all: Column<Array<string | number | null>>[] = [
      { header: '序号', width: 6, value: (r) => r[0] },
      ...columns.map((c, i) => ({ header: c.header, width: c.width, value: (r: Array<string | number | null>) => r[i + 1] })),
    ];
    return writeTable(name, title, all, rows.map((r, i) => [i + 1, ...r]), 'xlsx', [...notes, `共 ${rows.length} 条。`]);
  }
}
