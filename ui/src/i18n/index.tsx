import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  formatDecimal,
  formatInteger,
  formatLocalDate,
  formatLocalDateTime,
  formatMoney,
  formatMoneyMajor,
  formatPercent,
  formatTimestamp,
} from './format';
import {
  clearStoredLocale,
  initialLocale,
  interpolate,
  localeFromLanguage,
  LOCALES,
  storeLocale,
  type Locale,
  type MessageKey,
  type Vars,
} from './locales';

export type { Locale, MessageKey, Messages, Vars } from './locales';
export { LOCALE_NAMES, LOCALE_STORAGE_KEY, LOCALES, initialLocale, localeFromLanguage } from './locales';

export interface I18n {
  locale: Locale;
  /** Switches the language and remembers the choice. */
  setLocale(locale: Locale): void;
  /** Forgets any choice and follows the system language (navigator.language). */
  followSystem(): void;
  /** Translates a key; {placeholders} are filled from vars, numbers formatted for the locale. */
  t(key: MessageKey, vars?: Vars): string;
  int(value: number): string;
  decimal(value: number, fractionDigits?: number): string;
  money(minorUnits: number, currency: string): string;
  /** Money in major units (the analysis' amounts). */
  moneyMajor(amount: number, currency: string, fractionDigits?: number): string;
  /** A fraction as a percentage. */
  pct(fraction: number, fractionDigits?: number): string;
  dateTime(localDateTime: string): string;
  /** A calendar day "YYYY-MM-DD". */
  date(localDate: string): string;
  /** UTC seconds in a time zone. */
  timestamp(utcSeconds: number, timeZone: string): string;
}

export function createI18n(
  locale: Locale,
  setLocale: (locale: Locale) => void = () => {},
  followSystem: () => void = () => {},
): I18n {
  const messages = LOCALES[locale];
  const int = (value: number) => formatInteger(locale, value);
  return {
    locale,
    setLocale,
    followSystem,
    t: (key, vars) => interpolate(messages[key] ?? key, vars, int),
    int,
    decimal: (value, digits) => formatDecimal(locale, value, digits),
    money: (minor, currency) => formatMoney(locale, minor, currency),
    moneyMajor: (amount, currency, digits) => formatMoneyMajor(locale, amount, currency, digits),
    pct: (fraction, digits) => formatPercent(locale, fraction, digits),
    dateTime: (value) => formatLocalDateTime(locale, value),
    date: (value) => formatLocalDate(locale, value),
    timestamp: (seconds, tz) => formatTimestamp(locale, seconds, tz),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: forced }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => forced ?? initialLocale());

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    storeLocale(next);
  }, []);

  const followSystem = useCallback(() => {
    clearStoredLocale();
    setLocaleState(localeFromLanguage(typeof navigator === 'undefined' ? null : navigator.language));
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => createI18n(locale, setLocale, followSystem), [locale, setLocale, followSystem]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}
