import { describe, expect, it } from 'vitest';
import { AppError } from '../../runtime/errors.ts';
import { httpStatus } from '../../server/errors.ts';
import { cellText, decodeBase64, decodeCsvBytes, readRoster, readXlsxRows } from '../../runtime/roster-files.ts';
import { xlsxBase64, xlsxBytes } from './xlsx-fixture.ts';

const HEADER = ['姓名', '代表团', '代表小组', '手机', '常委会组成人员'];

async function appError(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('XLSX rosters (exceljs)', () => {
  it('reads cells as text: numbers typed as phones, rich text, formulas, booleans, merged cells', async () => {
    const bytes = await xlsxBytes(
      [
        HEADER,
        ['王建国', '城关镇代表团', '第一小组', 13800138000, '是'],
        ['李秀英', null, { richText: [{ text: '第一' }, { text: '小组' }] }, { formula: '"139"&"00139000"', result: '13900139000' }, true],
      ],
      { title: '示范县第十八届人民代表大会代表名册' },
    );
    const rows = await readXlsxRows(bytes);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(rows[2]?.cells).toEqual(['王建国', '城关镇代表团', '第一小组', '13800138000', '是']);
    expect(rows[3]?.cells).toEqual(['李秀英', '', '第一小组', '13900139000', 'true']);

    const parsed = await readRoster({ format: 'xlsx', base64: bytes.toString('base64') });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.name, r.phone, r.standingCommittee, r.group])).toEqual([
      [3, '王建国', '13800138000', true, '第一小组'],
      [4, '李秀英', '13900139000', true, '第一小组'],
    ]);
  });

  it('reports row errors with the sheet row as line and the header as written', async () => {
    const base64 = await xlsxBase64([HEADER, ['王建国', '', '', 13800138000, '否'], ['', '', '', 1380013800, '也许']]);
    const { errors } = await readRoster({ format: 'xlsx', base64 });
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, '姓名', 'NAME_REQUIRED'],
      [3, '手机', 'PHONE_INVALID'],
      [3, '常委会组成人员', 'STANDING_COMMITTEE_INVALID'],
    ]);
  });

  it('takes the first sheet that has rows', async () => {
    const base64 = await xlsxBase64([['姓名', '手机'], ['张伟', '13700137000']], { emptySheetsBefore: 2 });
    expect((await readRoster({ format: 'xlsx', base64 })).rows.map((r) => r.name)).toEqual(['张伟']);
  });

  it('reads a 2 MB workbook (300 deputies and a photo)', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`代表${i}`, `第${i % 12}代表团`, `第${i % 30}小组`, `138${String(i).padStart(8, '0')}`, i < 30 ? '是' : '否']);
    const bytes = await xlsxBytes([HEADER, ...rows], { pictureBytes: 2 * 1024 * 1024 - 30_000 });
    expect(bytes.length).toBeGreaterThan(2_000_000);
    const parsed = await readRoster({ format: 'xlsx', base64: bytes.toString('base64') });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(300);
    expect(parsed.rows.filter((r) => r.standingCommittee)).toHaveLength(30);
  });

  it('refuses what is not an .xlsx workbook with 400 INVALID_XLSX', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const xlsErr = await appError(readXlsxRows(xls));
    expect([httpStatus(xlsErr), xlsErr.code]).toEqual([400, 'INVALID_XLSX']);
    expect(xlsErr.message).toContain('.xls');
    for (const bytes of [Buffer.from('姓名,手机\n'), Buffer.from('PK\u0003\u0004 not really a zip')]) {
      const err = await appError(readRoster({ format: 'xlsx', base64: bytes.toString('base64') }));
      expect([httpStatus(err), err.code]).toEqual([400, 'INVALID_XLSX']);
    }
  });

  it('gives a person\'s view of each kind of cell value', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-02');
    expect(cellText({ text: '链接', hyperlink: 'https://example.org' })).toBe('链接');
    expect(cellText({ formula: 'A1', result: 5 })).toBe('5');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
  });
});

describe('CSV bytes and base64', () => {
  it('decodes UTF-8, GB18030 (Excel on a Chinese Windows) and UTF-16 with a BOM', async () => {
    const text = '姓名,代表团,手机\r\n王建国,城关镇代表团,13800138000\r\n';
    const gb18030 = Buffer.from('d0d5c3fb2cb4fab1edcdc52ccad6bbfa0d0acdf5bda8b9fa2cb3c7b9d8d5f2b4fab1edcdc52c31333830303133383030300d0a', 'hex');
    expect(decodeCsvBytes(gb18030)).toBe(text);
    expect(decodeCsvBytes(Buffer.from(text))).toBe(text);
    expect(decodeCsvBytes(Buffer.from(`\ufeff${text}`, 'utf16le'))).toBe(text);
    const swapped = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    expect(decodeCsvBytes(swapped)).toBe(text);

    const parsed = await readRoster({ format: 'csv', base64: gb18030.toString('base64') });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ name: '王建国', delegation: '城关镇代表团', phone: '13800138000' });
  });

  it('accepts padded base64 with whitespace or a data: URL prefix, and refuses anything else with 400', async () => {
    const csv = Buffer.from('姓名,手机\n王建国,13800138000\n');
    const b64 = csv.toString('base64');
    expect(decodeBase64(b64)).toEqual(csv);
    expect(decodeBase64(`data:text/csv;base64,${b64.slice(0, 8)}\n${b64.slice(8)}`)).toEqual(csv);
    for (const bad of ['not base64!', '%%%%', 'abcde', 'ab=c']) {
      const err = await appError(() => decodeBase64(bad));
      expect([httpStatus(err), err.code], bad).toEqual([400, 'INVALID_BASE64']);
    }
    const empty = await appError(() => decodeBase64('  '));
    expect([httpStatus(empty), empty.code]).toEqual([400, 'INVALID_FILE']);
  });
});
