import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../runtime/roster/index.ts';

const cells = (text: string) => parseCsv(text).rows.map((r) => r.cells);
const lines = (text: string) => parseCsv(text).rows.map((r) => r.line);

describe('parseCsv', () => {
  it('splits plain rows and numbers their lines', () => {
    expect(parseCsv('姓名,手机\n王建国,13800138000\n')).toEqual({
      rows: [
        { line: 1, cells: ['姓名', '手机'] },
        { line: 2, cells: ['王建国', '13800138000'] },
      ],
    });
  });

  it('drops a UTF-8 BOM so the first header is not "\\uFEFF姓名"', () => {
    expect(cells('\uFEFF姓名,手机\r\n王建国,1')).toEqual([
      ['姓名', '手机'],
      ['王建国', '1'],
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends alike', () => {
    expect(cells('a,b\r\nc,d\re,f\ng,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(lines('a\r\nb\rc\nd')).toEqual([1, 2, 3, 4]);
  });

  it('adds no empty record for a final line break but keeps blank lines (callers skip them)', () => {
    expect(cells('a\n')).toEqual([['a']]);
    expect(parseCsv('a\n\nb').rows).toEqual([
      { line: 1, cells: ['a'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['b'] },
    ]);
    expect(cells('')).toEqual([]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted cells', () => {
    expect(cells('"张三,李四","说""是""",x')).toEqual([['张三,李四', '说"是"', 'x']]);
    expect(cells('"line one\r\nline two",b')).toEqual([['line one\nline two', 'b']]);
    expect(cells('"",""""')).toEqual([['', '"']]);
  });

  it('numbers a record by the line it starts on, after a multi-line cell too', () => {
    const rows = parseCsv('h1,h2\n"a\nb\nc",x\nnext,y\n').rows;
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[2]?.cells).toEqual(['next', 'y']);
  });

  it('keeps empty cells, leading and trailing', () => {
    expect(cells(',a,,\n')).toEqual([['', 'a', '', '']]);
  });

  it('treats a quote inside an unquoted cell, or text after a closing quote, literally', () => {
    expect(cells('5"3,a')).toEqual([['5"3', 'a']]);
    expect(cells('"ab"c,d')).toEqual([['abc', 'd']]);
  });

  it('reports an unterminated quote with the line it opened on', () => {
    expect(parseCsv('a,b\nc,"open\nmore\n')).toEqual({ rows: [{ line: 1, cells: ['a', 'b'] }], unterminatedQuoteLine: 2 });
  });

  it('reads tab-separated text pasted from a spreadsheet', () => {
    expect(cells('姓名\t手机\n王建国\t13800138000')).toEqual([
      ['姓名', '手机'],
      ['王建国', '13800138000'],
    ]);
    // A comma in the first line decides for commas even when tabs appear.
    expect(cells('a\tb,c')).toEqual([['a\tb', 'c']]);
    // Tabs inside a quoted header cell do not count.
    expect(cells('"a\tb",c')).toEqual([['a\tb', 'c']]);
  });
});
