import type { AnalysisSettings, AnalysisView, StoreSummary } from '../ipc/bindings';
import { useI18n } from '../i18n';

/** Currencies with ECB reference rates (the FX table the backend converts with). */
export const REPORTING_CURRENCIES = [
  'AUD', 'BGN', 'BRL', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'IDR', 'ILS', 'INR', 'ISK',
  'JPY', 'KRW', 'MXN', 'MYR', 'NOK', 'NZD', 'PHP', 'PLN', 'RON', 'SEK', 'SGD', 'THB', 'TRY', 'USD', 'ZAR',
];

interface Props {
  stores: StoreSummary[];
  storeId: number;
  onStore(id: number): void;
  settings: AnalysisSettings | null;
  view: AnalysisView | null;
  onSettings(next: AnalysisSettings): void;
}

/** Store switcher, as-of date and reporting currency. */
export function TopBar({ stores, storeId, onStore, settings, view, onSettings }: Props) {
  const { t, date } = useI18n();
  const store = stores.find((s) => s.id === storeId);
  const storeCurrency = store?.currency ?? view?.analysis.currency ?? '';
  const asOf = settings?.params.as_of ?? null;
  const effective = view?.analysis.as_of.date ?? '';
  const disabled = settings === null;

  return (
    <div className="topbar">
      <label className="topbar-field">
        <span className="topbar-label">{t('top.store')}</span>
        <select data-testid="store-switcher" value={storeId} onChange={(e) => onStore(Number(e.target.value))}>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="topbar-field">
        <span className="topbar-label">{t('top.asOf')}</span>
        <input
          type="date"
          data-testid="as-of"
          value={asOf ?? effective}
          disabled={disabled}
          title={asOf ? t('top.asOf.fixed') : t('top.asOf.auto', { date: effective ? date(effective) : '—' })}
          onChange={(e) => {
            if (!settings || !e.target.value) return;
            onSettings({ ...settings, params: { ...settings.params, as_of: e.target.value } });
          }}
        />
        {asOf && settings && (
          <button
            type="button"
            className="link-button"
            data-testid="as-of-auto"
            onClick={() => onSettings({ ...settings, params: { ...settings.params, as_of: null } })}
          >
            {t('top.asOf.reset')}
          </button>
        )}
      </label>
      <label className="topbar-field">
        <span className="topbar-label">{t('top.currency')}</span>
        <select
          data-testid="currency"
          value={settings?.reporting_currency ?? ''}
          disabled={disabled}
          onChange={(e) => settings && onSettings({ ...settings, reporting_currency: e.target.value || null })}
        >
          <option value="">{t('top.currency.store', { currency: storeCurrency })}</option>
          {REPORTING_CURRENCIES.filter((c) => c !== storeCurrency).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
