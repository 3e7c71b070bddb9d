import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

export type Locale = 'en' | 'zh-CN';
export type { MessageKey, Messages };

export const LOCALES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** Language names are shown in their own language, never translated. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

export const LOCALE_STORAGE_KEY = 'repeatlens.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/** zh, zh-CN, zh-Hans, zh-TW… → zh-CN (the only Chinese we ship); everything else → en. */
export function localeFromLanguage(language: string | undefined | null): Locale {
  return language && language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage unavailable (private mode etc.): the choice just isn't remembered.
  }
}

export function clearStoredLocale(): void {
  try {
    window.localStorage.removeItem(LOCALE_STORAGE_KEY);
  } catch {
    // Nothing remembered then.
  }
}

/** The remembered choice if any, else the system language. */
export function initialLocale(): Locale {
  return readStoredLocale() ?? localeFromLanguage(typeof navigator === 'undefined' ? null : navigator.language);
}

export type Vars = Record<string, string | number>;

/** Replaces {name} placeholders. Numbers are formatted by `formatNumber`. */
export function interpolate(template: string, vars: Vars | undefined, formatNumber: (n: number) => string): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}
