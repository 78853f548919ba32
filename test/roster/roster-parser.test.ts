import { describe, expect, it } from 'vitest';
import { MAX_DATA_ROWS, normalizePhone, parseRosterCsv, parseRosterTable, parseYesNo, type RosterError } from '../../runtime/roster/index.ts';

const HEADER = '姓名,代表团,代表小组,手机,常委会组成人员';

/** line, column, code of every error: what a person reads in the preview. */
const where = (errors: RosterError[]) => errors.map((e) => [e.line, e.column, e.code]);

describe('parseRosterCsv: a good file', () => {
  it('maps a Chinese header and normalises every value', () => {
    const { rows, errors, columns } = parseRosterCsv(
      [HEADER, '王建国,城关镇代表团,第一小组,13800138000,是', '李秀英,,,+86 139-0013-9000,否', '阿依古丽·买买提,河西代表团,第二小组,１３７００１３７０００,'].join('\r\n'),
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual({ name: '姓名', delegation: '代表团', group: '代表小组', phone: '手机', standingCommittee: '常委会组成人员' });
    expect(rows).toEqual([
      { line: 2, name: '王建国', delegation: '城关镇代表团', group: '第一小组', phone: '13800138000', standingCommittee: true, username: '13800138000', usernameFromPhone: true },
      { line: 3, name: '李秀英', delegation: null, group: null, phone: '13900139000', standingCommittee: false, username: '13900139000', usernameFromPhone: true },
      { line: 4, name: '阿依古丽·买买提', delegation: '河西代表团', group: '第二小组', phone: '13700137000', standingCommittee: false, username: '13700137000', usernameFromPhone: true },
    ]);
  });

  it('maps English headers in any spelling, and an explicit username wins over the phone', () => {
    const { rows, errors, columns } = parseRosterCsv('Name,Delegation,Group,Phone,Standing Committee,Username\nWang Jianguo,East,G1,13800138000,Y,wangjg\n');
    expect(errors).toEqual([]);
    expect(columns.standingCommittee).toBe('Standing Committee');
    expect(rows[0]).toMatchObject({ name: 'Wang Jianguo', username: 'wangjg', usernameFromPhone: false, standingCommittee: true, phone: '13800138000' });
    for (const header of ['standing_committee', 'standingCommittee', 'STANDINGCOMMITTEE', '是否常委会组成人员']) {
      expect(parseRosterCsv(`name,phone,${header}\nA,13800138000,1`).rows[0]?.standingCommittee, header).toBe(true);
    }
    expect(parseRosterCsv('姓名*,手机号码,用户名\n张伟,,zhangwei').errors).toEqual([]);
  });

  it('skips title rows above the header and blank lines, keeping the real line numbers', () => {
    const text = ['某县第十八届人民代表大会代表名册,,', '', '姓名,手机,', '王建国,13800138000,', ',,', '', '张伟,13900139000,'].join('\n');
    const { rows, errors } = parseRosterCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [4, '王建国'],
      [7, '张伟'],
    ]);
  });

  it('reads standing-committee yes/no in every accepted spelling, blank as 否', () => {
    for (const [text, value] of [
      ['是', true], ['否', false], ['Y', true], ['n', false], ['yes', true], ['NO', false],
      ['true', true], ['FALSE', false], ['1', true], ['0', false], ['１', true], ['√', true], ['', false], [' 是 ', true],
    ] as const) {
      expect(parseYesNo(text), text).toBe(value);
    }
    expect(parseYesNo('maybe')).toBeUndefined();
    expect(parseYesNo('2')).toBeUndefined();
  });

  it('accepts mainland mobiles only', () => {
    expect(normalizePhone('13800138000')).toBe('13800138000');
    expect(normalizePhone('138 0013 8000')).toBe('13800138000');
    expect(normalizePhone('+8613800138000')).toBe('13800138000');
    expect(normalizePhone('8613800138000')).toBe('13800138000');
    for (const bad of ['1380013800', '138001380001', '12800138000', '0571-88888888', '1380013800x', '']) expect(normalizePhone(bad), bad).toBeUndefined();
  });
});

describe('parseRosterCsv: row errors', () => {
  it('requires a name of at most 20 characters (counted as characters, not UTF-16 units)', () => {
    const twenty = '张'.repeat(20);
    const { errors, rows } = parseRosterCsv(['姓名,手机', `,13800138000`, `${twenty},13800138001`, `${twenty}张,13800138002`, `${'𠀀'.repeat(20)},13800138003`].join('\n'));
    expect(where(errors)).toEqual([
      [2, '姓名', 'NAME_REQUIRED'],
      [4, '姓名', 'NAME_TOO_LONG'],
    ]);
    expect(errors[0]).toEqual({ line: 2, column: '姓名', code: 'NAME_REQUIRED', message: '姓名必填', message_en: 'is required' });
    expect(rows).toHaveLength(4);
  });

  it('refuses a phone that is not an 11-digit mobile and keeps it as written', () => {
    const { errors, rows } = parseRosterCsv('姓名,手机\n王建国,1380013800\n');
    expect(where(errors)).toEqual([[2, '手机', 'PHONE_INVALID']]);
    expect(errors[0]?.message).toBe('“1380013800”不是11位手机号码');
    expect(errors[0]?.message_en).toContain('11-digit');
    // No username could be derived, but the phone error already says why: no second error.
    expect(rows[0]).toMatchObject({ phone: '1380013800', username: null });
  });

  it('refuses a standing-committee value it cannot read', () => {
    const { errors, rows } = parseRosterCsv(`${HEADER}\n王建国,,,13800138000,可能\n`);
    expect(where(errors)).toEqual([[2, '常委会组成人员', 'STANDING_COMMITTEE_INVALID']]);
    expect(rows[0]?.standingCommittee).toBeNull();
  });

  it('needs a phone or a username on every row, and a valid username', () => {
    const { errors } = parseRosterCsv('姓名,手机,用户名\n王建国,,\n李秀英,,x\n张伟,,ok.name_1\n刘芳,,-bad\n');
    expect(where(errors)).toEqual([
      [2, '用户名', 'USERNAME_REQUIRED'],
      [3, '用户名', 'USERNAME_INVALID'],
      [5, '用户名', 'USERNAME_INVALID'],
    ]);
    expect(where(parseRosterCsv('姓名,手机\n王建国,\n').errors)).toEqual([[2, '手机', 'USERNAME_REQUIRED']]);
  });

  it('limits delegation and group to 50 characters', () => {
    const { errors } = parseRosterCsv(`姓名,代表团,代表小组,手机\n王建国,${'团'.repeat(51)},${'组'.repeat(50)},13800138000`);
    expect(where(errors)).toEqual([[2, '代表团', 'TEXT_TOO_LONG']]);
  });

  it('marks every line of a repeated phone, naming the other lines', () => {
    const { errors } = parseRosterCsv('姓名,手机\n甲,13800138000\n乙,13900139000\n丙,138 0013 8000\n丁,13800138000\n');
    expect(where(errors)).toEqual([
      [2, '手机', 'DUPLICATE_PHONE'],
      [4, '手机', 'DUPLICATE_PHONE'],
      [5, '手机', 'DUPLICATE_PHONE'],
    ]);
    expect(errors[0]?.message).toBe('手机号13800138000与第4、5行重复');
    expect(errors[2]?.message_en).toBe('phone 13800138000 repeats line 2, 4');
  });

  it('marks every line of a repeated username, also one that equals another row\'s phone', () => {
    const { errors } = parseRosterCsv('姓名,手机,用户名\n甲,,wang\n乙,13900139000,wang\n丙,13800138000,\n丁,,13800138000\n戊,13700137000,zhang\n');
    expect(where(errors)).toEqual([
      [2, '用户名', 'DUPLICATE_USERNAME'],
      [3, '用户名', 'DUPLICATE_USERNAME'],
      [4, '用户名', 'DUPLICATE_USERNAME'],
      [5, '用户名', 'DUPLICATE_USERNAME'],
    ]);
    expect(errors[0]?.message).toBe('用户名“wang”与第3行重复');
  });

  it('reports a repeated phone used as username once per line (as a phone)', () => {
    const { errors } = parseRosterCsv('姓名,手机\n甲,13800138000\n乙,13800138000\n');
    expect(where(errors)).toEqual([
      [2, '手机', 'DUPLICATE_PHONE'],
      [3, '手机', 'DUPLICATE_PHONE'],
    ]);
  });

  it('lists all errors sorted by line, then column order', () => {
    const { errors } = parseRosterCsv(`${HEADER}\n,,,123,?\n王建国,,,13800138000,是\n`);
    expect(where(errors)).toEqual([
      [2, '姓名', 'NAME_REQUIRED'],
      [2, '手机', 'PHONE_INVALID'],
      [2, '常委会组成人员', 'STANDING_COMMITTEE_INVALID'],
    ]);
  });
});

describe('parseRosterCsv: header and file errors', () => {
  it('refuses unknown and repeated columns, naming them as written', () => {
    const { errors } = parseRosterCsv('姓名,性别,手机,Name,备注\n王建国,男,13800138000,王,\n');
    expect(where(errors)).toEqual([
      [1, '性别', 'UNKNOWN_COLUMN'],
      [1, 'Name', 'DUPLICATE_COLUMN'],
      [1, '备注', 'UNKNOWN_COLUMN'],
    ]);
    expect(errors[0]?.message).toContain('未知的列“性别”');
    expect(errors[0]?.message_en).toContain('unknown column "性别"');
    expect(errors[1]?.message).toBe('列“Name”与第1列“姓名”重复');
  });

  it('ignores nameless empty columns but refuses a nameless column holding data', () => {
    expect(parseRosterCsv('姓名,手机,,\n王建国,13800138000,,\n').errors).toEqual([]);
    const { errors } = parseRosterCsv('姓名,,手机\n王建国,x,13800138000,extra\n');
    expect(where(errors)).toEqual([
      [1, '', 'UNNAMED_COLUMN'],
      [1, '', 'UNNAMED_COLUMN'],
    ]);
    expect(errors.map((e) => e.message)).toEqual(['第2列有数据但没有列名', '第4列有数据但没有列名']);
  });

  it('names a missing name column, and a missing phone-or-username column', () => {
    const { errors } = parseRosterCsv('代表团,常委会组成人员\n城关镇,是\n');
    expect(where(errors)).toEqual([
      [1, '姓名', 'MISSING_COLUMN'],
      [1, '手机', 'MISSING_COLUMN'],
    ]);
    // Rows are not also blamed for the columns that do not exist.
    expect(errors).toHaveLength(2);
  });

  it('refuses a file with no data rows, and an empty file', () => {
    expect(parseRosterCsv(`${HEADER}\n\n,,,,\n`).errors).toEqual([
      { line: 1, column: '', code: 'NO_DATA_ROWS', message: '只有表头，没有代表数据', message_en: 'the file has a header but no data rows' },
    ]);
    for (const text of ['', '\n\n', '\uFEFF', ' , \n']) expect(where(parseRosterCsv(text).errors), JSON.stringify(text)).toEqual([[1, '', 'EMPTY_FILE']]);
  });

  it('refuses an unterminated quote at the line it opened', () => {
    expect(where(parseRosterCsv('姓名,手机\n"王建国,13800138000\n').errors)).toEqual([[2, '', 'CSV_UNTERMINATED_QUOTE']]);
  });

  it(`refuses more than ${MAX_DATA_ROWS} data rows, pointing at the first one too many`, () => {
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, i) => ({ line: i + 2, cells: [`代表${i}`, `u${i}x`] }));
    const ok = parseRosterTable([{ line: 1, cells: ['姓名', '用户名'] }, ...rows.slice(0, MAX_DATA_ROWS)]);
    expect(ok.errors).toEqual([]);
    const tooMany = parseRosterTable([{ line: 1, cells: ['姓名', '用户名'] }, ...rows]);
    expect(where(tooMany.errors)).toEqual([[MAX_DATA_ROWS + 2, '', 'TOO_MANY_ROWS']]);
  });
});

describe('parseRosterCsv: characters the database cannot keep', () => {
  it('refuses a NUL or another control character in a cell with its line and column, and imports nothing', () => {
    const { errors } = parseRosterCsv([HEADER, '王建\u0000国,城关镇代表团,第一小组,13800138000,是', '李秀英,河西\u0007代表团,,13900139000,否'].join('\n'));
    expect(where(errors)).toEqual([
      [2, '姓名', 'INVALID_CHARACTER'],
      [3, '代表团', 'INVALID_CHARACTER'],
    ]);
  });
});
