import type { MatrixExportRow } from '../store/MatrixStore';

/*
 * The posture matrix as CSV (RFC 4180: comma-separated, CRLF line ends,
 * fields with a comma, quote or line break quoted and their quotes doubled).
 */

/** The columns before one column per guardrail id. */
export const MATRIX_CSV_ACCOUNT_COLUMNS = [
  'account_id',
  'account_name',
  'ou_path',
  'owner',
  'environment',
  'compliance',
];

/**
 * One field. A spreadsheet runs a cell that starts with = + - @ (or a tab or
 * carriage return, which some strip first) as a formula, and account names,
 * owners and OU paths are whatever someone typed in AWS: such a cell is
 * prefixed with a single quote, which makes it text (OWASP's advice).
 */
export function csvField(value: string | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: (string | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function matrixCsvHeader(checks: string[]): string {
  return csvLine([...MATRIX_CSV_ACCOUNT_COLUMNS, ...checks]);
}

/** One line per row; a guardrail the account was not judged on is empty. */
export function matrixCsvRows(
  rows: MatrixExportRow[],
  checks: string[],
): string {
  return rows
    .map(({ account, statuses }) =>
      csvLine([
        account.id,
        account.name,
        account.ouPath,
        account.owner,
        account.environment,
        account.compliance,
        ...checks.map(check => statuses[check]),
      ]),
    )
    .join('');
}
