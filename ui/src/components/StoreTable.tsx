import type { StoreSummary } from '../ipc/bindings';
import { useI18n, type I18n, type MessageKey } from '../i18n';

const PLATFORM_NAMES: Record<string, string> = {
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  ebay: 'eBay',
  etsy: 'Etsy',
  amazon: 'Amazon',
};

const TRANSLATED_PLATFORMS: Record<string, MessageKey> = {
  sample: 'platform.sample',
  generic: 'platform.generic',
  csv: 'platform.generic',
  file: 'platform.generic',
};

export function platformName(platform: string, t: I18n['t']): string {
  const key = platform.toLowerCase();
  if (key in TRANSLATED_PLATFORMS) return t(TRANSLATED_PLATFORMS[key]);
  return PLATFORM_NAMES[key] ?? platform;
}

export function StoreTable({
  stores,
  highlightId,
  currentId = null,
  onOpen,
}: {
  stores: StoreSummary[];
  highlightId: number | null;
  /** The store the analysis screens show. */
  currentId?: number | null;
  /** Opens a store in the analysis screens. */
  onOpen?(id: number): void;
}) {
  const i18n = useI18n();
  const { t, int, money, dateTime } = i18n;
  const date = (value: string | null) => (value ? dateTime(value) : t('stores.noDate'));

  return (
    <section className="panel stores-panel" aria-labelledby="stores-title">
      <h2 className="panel-title" id="stores-title">
        {t('stores.title')}
      </h2>
      <div className="table-scroll">
        <table className="stores-table" data-testid="stores">
          <caption className="visually-hidden">{t('stores.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stores.col.store')}</th>
              <th scope="col" className="num">{t('stores.col.customers')}</th>
              <th scope="col" className="num">{t('stores.col.orders')}</th>
              <th scope="col" className="num">{t('stores.col.returns')}</th>
              <th scope="col" className="num">{t('stores.col.revenue')}</th>
              <th scope="col">{t('stores.col.firstOrder')}</th>
              <th scope="col">{t('stores.col.lastOrder')}</th>
              {onOpen && (
                <th scope="col">
                  <span className="visually-hidden">{t('stores.col.open')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {stores.map((s) => (
              <tr
                key={s.id}
                data-testid="store-row"
                data-store-id={s.id}
                className={[s.id === highlightId ? 'is-new' : '', s.id === currentId ? 'is-current' : ''].join(' ').trim() || undefined}
              >
                <th scope="row" className="store-cell">
                  <span className="store-name" data-testid="store-name">
                    {s.name}
                  </span>
                  <span className="store-meta">
                    {platformName(s.platform, t)} · {s.currency} · {s.timezone}
                  </span>
                </th>
                <td className="num" data-testid="store-customers" data-value={s.customers}>
                  {int(s.customers)}
                </td>
                <td className="num" data-testid="store-orders" data-value={s.orders}>
                  {int(s.orders)}
                </td>
                <td className="num" data-testid="store-returns" data-value={s.returns}>
                  {int(s.returns)}
                </td>
                <td className="num" data-testid="store-revenue" data-value={s.revenue_minor} data-currency={s.currency}>
                  {money(s.revenue_minor, s.currency)}
                </td>
                <td className="date" data-testid="store-first-order" data-value={s.first_order ?? ''}>
                  {date(s.first_order)}
                </td>
                <td className="date" data-testid="store-last-order" data-value={s.last_order ?? ''}>
                  {date(s.last_order)}
                </td>
                {onOpen && (
                  <td className="actions-cell">
                    {s.id === currentId ? (
                      <span className="current-badge">{t('stores.current')}</span>
                    ) : (
                      <button type="button" className="button button-small" data-testid="store-open" onClick={() => onOpen(s.id)}>
                        {t('stores.open')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="note">{t('stores.timesNote')}</p>
    </section>
  );
}
