import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDecimal, formatInteger, formatLocalDateTime, formatMoney } from './format';
import {
  initialLocale,
  interpolate,
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
  setLocale(locale: Locale): void;
  /** Translates a key; {placeholders} are filled from vars, numbers formatted for the locale. */
  t(key: MessageKey, vars?: Vars): string;
  int(value: number): string;
  decimal(value: number, fractionDigits?: number): string;
  money(minorUnits: number, currency: string): string;
  dateTime(localDateTime: string): string;
}

export function createI18n(locale: Locale, setLocale: (locale: Locale) => void = () => {}): I18n {
  const messages = LOCALES[locale];
  const int = (value: number) => formatInteger(locale, value);
  return {
    locale,
    setLocale,
    t: (key, vars) => interpolate(messages[key] ?? key, vars, int),
    int,
    decimal: (value, digits) => formatDecimal(locale, value, digits),
    money: (minor, currency) => formatMoney(locale, minor, currency),
    dateTime: (value) => formatLocalDateTime(locale, value),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: forced }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => forced ?? initialLocale());

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    storeLocale(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => createI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>');
  return value;
}
