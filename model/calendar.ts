/**
 * systemd calendar expressions (`OnCalendar=`, systemd.time(7)), checked when generating so a typo
 * is reported at the user's line instead of a timer that silently never fires. The grammar is
 * systemd's `calendar_spec_from_string()`: shorthands, `@epoch`, or
 * `[weekdays] [[year-]month-day] [hour:minute[:second]] [timezone]`.
 */

const SHORTHANDS = new Set(["minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly", "semiannually", "semi-annually"]);

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** The weekday index of a full or three-letter English name (any case), or -1. */
function weekday(word: string): number {
  const w = word.toLowerCase();
  return WEEKDAYS.findIndex((d) => d === w || d.slice(0, 3) === w);
}

/** `Mon,Wed..Fri`: names, comma lists and `..` (or `-`) ranges. */
function isWeekdays(text: string): boolean {
  return text.split(",").every((item) => {
    const ends = item.split(/\.\.|-/);
    if (ends.length > 2 || ends.some((d) => weekday(d) < 0)) return false;
    return ends.length === 1 || weekday(ends[0]!) <= weekday(ends[1]!);
  });
}

interface Range {
  readonly min: number;
  readonly max: number;
  /** Seconds may carry decimals. */
  readonly fraction?: boolean;
}

// Two-digit years are 1970-2069; otherwise systemd's calendar covers 1970-2199.
const YEAR: Range = { min: 1970, max: 2199 };
const MONTH: Range = { min: 1, max: 12 };
const DAY: Range = { min: 1, max: 31 };
const HOUR: Range = { min: 0, max: 23 };
const MINUTE: Range = { min: 0, max: 59 };
const SECOND: Range = { min: 0, max: 59, fraction: true };

function number(text: string, range: Range): number | undefined {
  const pattern = range.fraction ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!pattern.test(text)) return undefined;
  const value = Number(text);
  if (range === YEAR && text.length <= 2) return value < 70 ? 2000 + value : 1900 + value;
  return value >= range.min && value <= range.max ? value : undefined;
}

/** One date or time component: `*`, or comma-separated `value`, `a..b`, each optionally `/repeat`. */
function isComponent(text: string, range: Range): boolean {
  if (text === "*") return true;
  return text.split(",").every((item) => {
    const [base = "", repeat, ...extra] = item.split("/");
    if (extra.length > 0) return false;
    if (repeat !== undefined) {
      const step = number(repeat, { min: 0, max: range.max - range.min + 1, ...(range.fraction && { fraction: true }) });
      if (step === undefined || step <= 0) return false;
    }
    // systemd takes `*` alone: `*/15` is not a repetition it understands (`0/15` is).
    if (base === "*") return false;
    const ends = base.split("..");
    if (ends.length > 2) return false;
    const values = ends.map((e) => number(e, range));
    if (values.some((v) => v === undefined)) return false;
    return values.length === 1 || values[0]! <= values[1]!;
  });
}

/** `[year-]month-day`, or with `~` before the day: counted from the month's end. */
function isDate(text: string): boolean {
  const match = /^(?:([^-~]+)-)?([^-~]+)([-~])([^-~]+)$/.exec(text);
  if (!match) return false;
  const [, year, month = "", , day = ""] = match;
  return (year === undefined || isComponent(year, YEAR)) && isComponent(month, MONTH) && isComponent(day, DAY);
}

/** `hour:minute[:second]`. */
function isTime(text: string): boolean {
  const parts = text.split(":");
  if (parts.length < 2 || parts.length > 3) return false;
  const [hour = "", minute = "", second] = parts;
  return isComponent(hour, HOUR) && isComponent(minute, MINUTE) && (second === undefined || isComponent(second, SECOND));
}

/** Whether `zone` names a time zone this machine's ICU knows (systemd checks its own tzdata). */
function isTimezone(zone: string): boolean {
  if (zone === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/**
 * Why `expr` is not a systemd calendar expression, or `undefined` when it is one.
 *
 * @example
 * calendarProblem("Mon..Fri 09:00");  // undefined
 * calendarProblem("every day");       // 'calendar expression "every day" ...'
 */
export function calendarProblem(expr: string): string | undefined {
  const invalid = `calendar expression "${expr}" is not valid for systemd (see systemd.time(7)), e.g. "daily", "Mon..Fri 09:00" or "*-*-* 03:30:00"`;
  // systemd splits on spaces only, and a unit file strips the value's ends: take neither.
  if (expr !== expr.trim()) return invalid;
  const words = expr.split(/ +/);
  if (words.length === 0) return invalid;
  if (SHORTHANDS.has(words[0]!.toLowerCase())) return words.length === 1 || (words.length === 2 && isTimezone(words[1]!)) ? undefined : invalid;
  if (/^@\d+$/.test(words[0]!)) return words.length === 1 || (words.length === 2 && isTimezone(words[1]!)) ? undefined : invalid;
  let i = 0;
  if (isWeekdays(words[i]!)) i++;
  if (i < words.length && isDate(words[i]!)) i++;
  if (i < words.length && isTime(words[i]!)) i++;
  if (i === 0) return invalid;
  if (i < words.length - 1 || (i === words.length - 1 && !isTimezone(words[i]!))) return invalid;
  return undefined;
}
