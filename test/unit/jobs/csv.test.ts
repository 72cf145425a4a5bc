import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvTable } from '../../../jobs/csv.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'name,quote\r\n"Smith, Ann","She said ""hi"""\r\n"multi\nline",plain\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'quote'],
      ['Smith, Ann', 'She said "hi"'],
      ['multi\nline', 'plain'],
    ]);
  });

  it('accepts LF line endings, a missing final newline, empty fields and a BOM', () => {
    expect(parseCsv('\uFEFFa,b,c\n1,,3\n,"",x')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', 'x'],
    ]);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(PermanentJobError);
    expect(() => parseCsv('"closed"oops,b')).toThrow(/line 1/);
  });
});

describe('parseCsvTable', () => {
  it('splits off the header, skips blank lines and rejects ragged rows', () => {
    expect(parseCsvTable('a,b\n1,2\n\n3,4\n')).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
    expect(() => parseCsvTable('a,b\n1,2,3\n')).toThrow(/3 fields; the header has 2/);
    expect(() => parseCsvTable('')).toThrow(PermanentJobError);
  });
});
