import type { StoreSummary, StoreSyncState } from '../ipc/bindings';
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

/** A linked store's state in plain words: what `sync.state.*` says. */
export type ShownSyncState = 'ok' | 'never' | 'syncing' | 'relink_needed' | 'error' | 'cancelled';

export function shownSyncState(state: StoreSyncState, syncing: boolean): ShownSyncState {
  if (syncing || state.state.state === 'syncing') return 'syncing';
  switch (state.state.state) {
    case 'relink_needed':
      return 'relink_needed';
    case 'error':
      return state.state.error_code === 'cancelled' ? 'cancelled' : 'error';
    default:
      return state.state.last_success === null ? 'never' : 'ok';
  }
}

const SYNC_STATE_KEYS: Record<ShownSyncState, MessageKey> = {
  ok: 'sync.state.ok',
  never: 'sync.state.never',
  syncing: 'sync.state.syncing',
  relink_needed: 'sync.state.relink_needed',
  error: 'sync.state.error',
  cancelled: 'sync.state.cancelled',
};

/** The computer's own time zone (last syncs are shown in local time). */
function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Linked stores' sync states and "Sync now", for the store table's sync column. */
export interface StoreTableSync {
  states: StoreSyncState[];
  /** This window runs a sync of the store. */
  syncing(storeId: number): boolean;
  onSync(storeId: number): void;
}

function SyncCell({ state, syncing, onSync }: { state: StoreSyncState; syncing: boolean; onSync(): void }) {
  const { t, timestamp } = useI18n();
  const shown = shownSyncState(state, syncing);
  const last = state.state.last_success;
  const message = shown === 'error' || shown === 'relink_needed' ? state.state.message : null;
  return (
    <>
      <span className={`sync-state sync-state-${shown}`} data-testid="store-sync-state" data-state={shown}>
        {t(SYNC_STATE_KEYS[shown])}
      </span>
      <span className="store-meta" data-testid="store-last-sync" data-value={last ?? ''}>
        {last === null ? t('sync.lastSuccess.never') : t('sync.lastSuccess', { time: timestamp(last, localTimeZone()) })}
      </span>
      {message && (
        <span className="store-meta sync-message" data-testid="store-sync-message">
          {message}
        </span>
      )}
      {shown === 'relink_needed' && <span className="store-meta sync-message">{t('sync.relinkHint')}</span>}
      <button type="button" className="button button-small" data-testid="store-sync-now" disabled={shown === 'syncing'} onClick={onSync}>
        {t('sync.now')}
      </button>
    </>
  );
}

export function StoreTable({
  stores,
  highlightId,
  currentId = null,
  onOpen,
  sync,
}: {
  stores: StoreSummary[];
  highlightId: number | null;
  /** The store the analysis screens show. */
  currentId?: number | null;
  /** Opens a store in the analysis screens. */
  onOpen?(id: number): void;
  /** Sync states and "Sync now"; the sync column shows once a store is linked. */
  sync?: StoreTableSync;
}) {
  const i18n = useI18n();
  const { t, int, money, dateTime } = i18n;
  const date = (value: string | null) => (value ? dateTime(value) : t('stores.noDate'));
  const linked = new Map((sync?.states ?? []).map((s) => [s.store_id, s]));
  const showSync = sync !== undefined && stores.some((s) => linked.has(s.id));

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
              {showSync && <th scope="col">{t('stores.col.sync')}</th>}
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
                  <span className="store-meta" data-testid="store-platform">
                    {platformName(s.platform, t)} · {s.currency} · {s.timezone}
                  </span>
                  {linked.has(s.id) && (
                    <span className="store-meta" data-testid="store-site">
                      {linked.get(s.id)?.external_id}
                    </span>
                  )}
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
                {showSync && sync && (
                  <td className="sync-cell" data-testid="store-sync">
                    {linked.has(s.id) ? (
                      <SyncCell state={linked.get(s.id) as StoreSyncState} syncing={sync.syncing(s.id)} onSync={() => sync.onSync(s.id)} />
                    ) : (
                      <span className="muted">{t('sync.notLinked')}</span>
                    )}
                  </td>
                )}
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
      <p className="note">{showSync ? t('stores.timesNote.sync') : t('stores.timesNote')}</p>
    </section>
  );
}
