// Locale-aware formatting. Formatters are cached: Intl constructors are comparatively slow.
import type { Locale } from './locales';

/** BCP 47 tag handed to Intl for each UI language. English uses en-GB: day-month-year, 24-hour clock. */
export const INTL_TAG: Record<Locale, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], options);
    cache.set(key, f);
  }
  return f;
}

export function formatInteger(locale: Locale, value: number): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatDecimal(locale: Locale, value: number, fractionDigits = 1): string {
  return numberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/**
 * Formats an amount held as integer minor units (pence, cents…) of an ISO 4217 currency.
 * The number of minor digits comes from Intl (GBP/USD 2, JPY 0, …).
 */
export function formatMoney(locale: Locale, minorUnits: number, currency: string): string {
  let f: Intl.NumberFormat;
  try {
    f = numberFormat(locale, { style: 'currency', currency });
  } catch {
    // Unknown currency code: show the amount with two decimals and the code as given.
    return `${formatDecimal(locale, minorUnits / 100, 2)} ${currency}`;
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minorUnits / 10 ** digits);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/;

/**
 * Formats a backend timestamp "YYYY-MM-DD HH:MM" that is already in the store's local time.
 * It is formatted as wall-clock time (no time-zone conversion). Unparseable input is returned as is.
 */
export function formatLocalDateTime(locale: Locale, value: string): string {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (Number.isNaN(date.getTime())) return value;
  const key = `d|${locale}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAG[locale], {
      timeZone: 'UTC',
      year: 'numeric',
      month: locale === 'en' ? 'short' : 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    cache.set(key, f);
  }
  return f.format(date);
}

/** A fraction as a percentage: 0.1234 → "12.3%". */
export function formatPercent(locale: Locale, fraction: number, fractionDigits = 1): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(fraction);
}

/**
 * Formats an amount in major units (the analysis' money: pounds, dollars…), with the currency's
 * own number of decimals.
 */
export function formatMoneyMajor(locale: Locale, amount: number, currency: string, fractionDigits?: number): string {
  try {
    const options: Intl.NumberFormatOptions = { style: 'currency', currency };
    if (fractionDigits !== undefined) {
      options.minimumFractionDigits = fractionDigits;
      options.maximumFractionDigits = fractionDigits;
    }
    return numberFormat(locale, options).format(amount);
  } catch {
    return `${formatDecimal(locale, amount, fractionDigits ?? 2)} ${currency}`;
  }
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateFormat(locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `d|${key}|${locale}|${options.timeZone ?? 'UTC'}`;
  let f = cache.get(cacheKey) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAG[locale], options);
    cache.set(cacheKey, f);
  }
  return f;
}

/** Formats a calendar day "YYYY-MM-DD" (no time-zone conversion). Unparseable input is returned as is. */
export function formatLocalDate(locale: Locale, value: string): string {
  const m = LOCAL_DATE.exec(value);
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, 'date', {
    timeZone: 'UTC',
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'numeric',
    day: 'numeric',
  }).format(date);
}

/** Formats UTC seconds as date and time in an IANA time zone (the store's). */
export function formatTimestamp(locale: Locale, utcSeconds: number, timeZone: string): string {
  const date = new Date(utcSeconds * 1000);
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return dateFormat(locale, 'ts', options).format(date);
  } catch {
    // Unknown time zone: show UTC rather than nothing.
    return dateFormat(locale, 'ts', { ...options, timeZone: 'UTC' }).format(date);
  }
}
