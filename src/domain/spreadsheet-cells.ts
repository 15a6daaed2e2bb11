// A cell of an .xlsx delivery as the text a CSV cell would hold, so that it is checked exactly as a
// CSV row is (normalizeValue, src/domain/delivery-rows.ts). A spreadsheet keeps numbers and dates
// as numbers: a date cell is a serial day count shown through a date format (the reader hands it
// over as a Date, its wall-clock time in UTC fields), a number cell a binary double. What the item's
// national type code expects decides the text:
// - D (date): YYYY-MM-DD — of a date cell, or of a number read as the spreadsheet's day serial;
// - T (date-time): YYYY-MM-DD HH:MM:SS, the sheet's wall-clock time, read as Beijing time like a CSV's;
// - numbers: at most 15 significant digits, as the spreadsheet shows them (0.1 + 0.2 → 0.3,
//   1234.5599999999999 → 1234.56), never an artifact of the binary double;
// - L (logical): true / false of a TRUE/FALSE cell;
// - text of rich text, a hyperlink's text, a formula's cached result, an error cell's code (#N/A).

/** Days from the spreadsheet's day 0 (1899-12-30 in the 1900 system) to 1970-01-01. */
const SERIAL_OF_EPOCH = 25569;
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01: 1462 days later. */
const DAYS_1904 = 1462;
const DAY_MS = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dateText(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function dateTimeText(d: Date): string {
  return `${dateText(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A spreadsheet day serial as the wall-clock instant it shows (in UTC fields), to the second. */
export function serialToDate(serial: number, date1904 = false): Date {
  const ms = (serial - SERIAL_OF_EPOCH + (date1904 ? DAYS_1904 : 0)) * DAY_MS;
  return new Date(Math.round(ms / 1000) * 1000);
}

/** A number as a spreadsheet shows it in general format: 15 significant digits, no trailing zeros. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isSafeInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** The text of a cell's value (as exceljs reads it) for an item of `dataType`. */
export function spreadsheetCellText(value: unknown, dataType: string, date1904 = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (dataType === 'D' || dataType === 'T') {
      const d = serialToDate(value, date1904);
      if (Number.isNaN(d.getTime())) return numberText(value);
      return dataType === 'D' ? dateText(d) : dateTimeText(d);
    }
    return numberText(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // Rounded to the second: a serial's fraction of a day rarely lands on a whole millisecond.
    const d = new Date(Math.round(value.getTime() / 1000) * 1000);
    if (dataType === 'D') return dateText(d);
    if (dataType === 'T') return dateTimeText(d);
    return d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? dateTimeText(d) : dateText(d);
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text?: string }>; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('result' in v) return spreadsheetCellText(v.result, dataType, date1904);
    if ('text' in v) return spreadsheetCellText(v.text, dataType, date1904);
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}
