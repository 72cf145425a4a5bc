import { PermanentJobError } from '../src/index.ts';

/**
 * What a CSV job reads at most. Parsed, each cell is a string of its own: 16 MB of short cells is a
 * few hundred MB of heap, and the row cap bounds the arrays, so the 1,024 MB worker keeps room.
 */
export const MAX_CSV_BYTES = 16 * 1_048_576;
export const MAX_CSV_ROWS = 250_000;

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * Splits CSV text into records of fields (RFC 4180): fields may be quoted, a quoted field may hold
 * commas, line breaks and doubled quotes; records end with CRLF or LF. A malformed file throws
 * PermanentJobError, since the same bytes will fail the same way on every retry.
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    // Stops at once: the rest of a huge file is never split into fields.
    if (records.length > maxRecords) {
      throw new PermanentJobError(
        `The CSV file has more than ${maxRecords - 1} rows; the limit is ${maxRecords - 1}.`,
        {
          maxRows: maxRecords - 1,
        },
      );
    }
  };

  for (; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new PermanentJobError(`CSV line ${line}: unexpected character after a closing quote.`, {
            line,
          });
        }
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new PermanentJobError(`CSV line ${line}: a quoted field is never closed.`, { line });
  // A final line break ends the last record; it does not start an empty one.
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return records;
}

/**
 * Parses CSV with a header row and at most `maxRows` rows after it. Blank lines are skipped; a row
 * with the wrong field count is an error.
 */
export function parseCsvTable(text: string, maxRows = MAX_CSV_ROWS): CsvTable {
  const [header, ...records] = parseCsv(text, maxRows + 1);
  if (!header) throw new PermanentJobError('The CSV file is empty; it needs at least a header row.');
  const rows: string[][] = [];
  for (const [index, record] of records.entries()) {
    if (record.length === 1 && record[0] === '') continue;
    if (record.length !== header.length) {
      throw new PermanentJobError(
        `CSV record ${index + 2} has ${record.length} fields; the header has ${header.length}.`,
        { record: index + 2, fields: record.length, expected: header.length },
      );
    }
    rows.push(record);
  }
  return { header, rows };
}
