/**
 * TOML's dates and times as `fromTOML` gives them with Nix's
 * parse-toml-timestamps feature: `{ _type = "timestamp"; value = …; }`,
 * the value written as Nix's TOML library writes it: a date as it is, a
 * time as HH:MM:SS with its fraction in groups of three digits (a
 * millisecond, then micro- and nanosecond groups only while digits remain
 * that are not zero, nothing past nanoseconds), a date and time joined by
 * "T", a zero offset as "Z".
 */

/** A date, time or both at the cursor: offset date-time, local date-time, local date, or local time. */
const DATE_TIME = /(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?|(\d{2}:\d{2}:\d{2})(?:\.(\d+))?/y;

/** What a TOML value that is a date or a time becomes. */
export interface TomlTimestamp {
  readonly timestamp: string;
}

export const isTimestamp = (v: unknown): v is TomlTimestamp => typeof v === "object" && v !== null && "timestamp" in v;

/** HH:MM:SS and the fraction's groups of three digits. */
function time(hms: string, fraction: string | undefined): string {
  const digits = (fraction ?? "").slice(0, 9).padEnd(9, "0");
  const [ms, us, ns] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 9)];
  if (digits === "000000000") return hms;
  if (us === "000" && ns === "000") return `${hms}.${ms}`;
  return ns === "000" ? `${hms}.${ms}${us}` : `${hms}.${ms}${us}${ns}`;
}

function offset(o: string | undefined): string {
  if (o === undefined) return "";
  return o === "Z" || o === "z" || o.slice(1) === "00:00" ? "Z" : o;
}

/** The date or time that starts at `at` in `text`, with where it ends; undefined when none does. */
export function readTimestamp(text: string, at: number): { readonly value: TomlTimestamp; readonly end: number } | undefined {
  DATE_TIME.lastIndex = at;
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [whole, date, hms, fraction, zone, localTime, localFraction] = m;
  let value: string;
  if (date === undefined) value = time(localTime as string, localFraction);
  else if (hms === undefined) value = date;
  else value = `${date}T${time(hms, fraction)}${offset(zone)}`;
  return { value: { timestamp: value }, end: at + whole.length };
}
