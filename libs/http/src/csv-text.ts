/** What a spreadsheet takes for the start of a formula (OWASP's CSV injection list), tab and carriage return included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell of a CSV download, safe to open in a spreadsheet: text that would start a formula
 * (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`, so it shows as the text it is.
 * Only for text: numbers (negative ones too) are written as numbers and never come here. Use as
 * `csv-stringify`'s `cast.string`.
 */
export function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
