import type { ReactNode } from 'react';
import { LOCALE_NAMES, useI18n, type Locale } from '../i18n';

const SWITCH: { locale: Locale; testId: string }[] = [
  { locale: 'en', testId: 'lang-en' },
  { locale: 'zh-CN', testId: 'lang-zh' },
];

/**
 * Brand, optional controls (the store switcher, as-of date and currency once a store is open)
 * and the language switch. `onLanguage` persists the choice (app settings).
 */
export function Header({
  compact = false,
  children,
  onLanguage,
}: {
  compact?: boolean;
  children?: ReactNode;
  onLanguage?(locale: Locale): void;
}) {
  const { t, locale, setLocale } = useI18n();
  return (
    <header className={compact ? 'header header-compact' : 'header'}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1 className="app-title" data-testid="app-title" id="app-title">
            {t('app.name')}
          </h1>
          {!compact && <p className="tagline">{t('app.tagline')}</p>}
        </div>
      </div>
      {children && <div className="header-controls">{children}</div>}
      <div className="lang-switch" role="group" aria-label={t('lang.label')}>
        {SWITCH.map(({ locale: l, testId }) => (
          <button
            key={l}
            type="button"
            id={testId}
            data-testid={testId}
            lang={l}
            className={l === locale ? 'lang-button is-active' : 'lang-button'}
            aria-pressed={l === locale}
            onClick={() => {
              setLocale(l);
              onLanguage?.(l);
            }}
          >
            {LOCALE_NAMES[l]}
          </button>
        ))}
      </div>
    </header>
  );
}
