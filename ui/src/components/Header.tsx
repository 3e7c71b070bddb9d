import { LOCALE_NAMES, useI18n, type Locale } from '../i18n';

const SWITCH: { locale: Locale; testId: string }[] = [
  { locale: 'en', testId: 'lang-en' },
  { locale: 'zh-CN', testId: 'lang-zh' },
];

export function Header() {
  const { t, locale, setLocale } = useI18n();
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1 className="app-title" data-testid="app-title" id="app-title">
            {t('app.name')}
          </h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
      </div>
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
            onClick={() => setLocale(l)}
          >
            {LOCALE_NAMES[l]}
          </button>
        ))}
      </div>
    </header>
  );
}
