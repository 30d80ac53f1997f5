/** A time as the api writes it (ISO-8601, UTC), or null; a driver's timestamp string is read first. */
export function iso(value: Date | string): string;
export function iso(value: Date | string | null | undefined): string | null;
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
