import { useState } from 'react';
import { describeError, type Backend } from '../backend';
import { Actions } from '../components/Actions';
import { LinkStorePanel } from '../components/LinkStorePanel';
import { SyncProgressPanel } from '../components/SyncProgressPanel';
import { ErrorPanel, type AppError } from '../components/ErrorPanel';
import { ImportProgressPanel } from '../components/ImportProgressPanel';
import { ImportReportPanel } from '../components/ImportReportPanel';
import { StoreTable } from '../components/StoreTable';
import { useI18n } from '../i18n';
import type { ImportProgress, ImportReport, StoreSummary, StoreSyncState } from '../ipc/bindings';
import type { StoreSync, SyncOutcome } from '../sync';

interface Props {
  backend: Backend;
  /** Linked stores' states and the syncs this window runs. */
  sync: StoreSync;
  /** A store was linked: the app starts its first sync. */
  onLinked(state: StoreSyncState): void;
  stores: StoreSummary[] | null;
  currentId: number | null;
  /** What is being imported right now (null: nothing); `file` is the base name of a file import. */
  running: { file: string | null } | null;
  progress: ImportProgress | null;
  cancelling: boolean;
  cancelled: boolean;
  error: AppError | null;
  report: ImportReport | null;
  onLoadSample(): void;
  onImportFile(): void;
  onCancel(): void;
  onOpen(id: number): void;
  onOpenDashboard(): void;
  onDismissError(): void;
  onDismissReport(): void;
  onDismissCancelled(): void;
}

/** The first screen (welcome, load sample, import) and, once stores exist, the store list. */
export function StoresScreen(p: Props) {
  const { t } = useI18n();
  const busy = p.running !== null;
  const hasStores = p.stores !== null && p.stores.length > 0;
  const [linking, setLinking] = useState(false);
  const toggleLink = () => setLinking((open) => !open);
  const storeName = (id: number) => p.stores?.find((s) => s.id === id)?.name ?? `#${id}`;
  const syncing = (id: number) =>
    p.sync.runs.some((r) => r.storeId === id) || p.sync.states.some((s) => s.store_id === id && s.state.state === 'syncing');
  return (
    <div className="screen screen-stores" data-testid="screen-stores">
      {hasStores ? (
        <Actions
          variant="toolbar"
          busy={busy}
          onLoadSample={p.onLoadSample}
          onImportFile={p.onImportFile}
          onLinkStore={toggleLink}
          linkOpen={linking}
        />
      ) : (
        <section className="panel welcome" aria-labelledby="welcome-title">
          <h2 className="welcome-title" id="welcome-title">
            {t('welcome.title')}
          </h2>
          <p className="welcome-body">{t('welcome.body')}</p>
          <Actions
            variant="welcome"
            busy={busy}
            onLoadSample={p.onLoadSample}
            onImportFile={p.onImportFile}
            onLinkStore={toggleLink}
            linkOpen={linking}
          />
        </section>
      )}
      {linking && (
        <LinkStorePanel
          backend={p.backend}
          onClose={() => setLinking(false)}
          onLinked={(state) => {
            setLinking(false);
            p.onLinked(state);
          }}
        />
      )}
      {p.sync.runs.map((run) => (
        <SyncProgressPanel
          key={run.job}
          store={storeName(run.storeId)}
          first={run.first}
          progress={run.progress}
          cancelling={run.cancelling}
          onCancel={() => p.sync.cancel(run.storeId)}
        />
      ))}
      {p.sync.outcomes.filter((o) => p.stores?.some((s) => s.id === o.storeId)).map((outcome) => (
        <SyncOutcomePanel key={outcome.storeId} outcome={outcome} store={storeName(outcome.storeId)} onDismiss={() => p.sync.dismiss(outcome.storeId)} />
      ))}
      {p.running && (
        <ImportProgressPanel file={p.running.file} progress={p.progress} onCancel={p.onCancel} cancelling={p.cancelling} />
      )}
      {p.cancelled && !p.running && (
        <section className="panel notice-panel" data-testid="import-cancelled" role="status">
          <div className="panel-head">
            <p>{t('progress.cancelled')}</p>
            <button type="button" className="link-button" onClick={p.onDismissCancelled}>
              {t('report.dismiss')}
            </button>
          </div>
        </section>
      )}
      {p.error && <ErrorPanel error={p.error} onDismiss={p.onDismissError} />}
      {p.report && !p.running && (
        <ImportReportPanel
          report={p.report}
          onDismiss={p.onDismissReport}
          onOpen={p.currentId === p.report.store_id ? p.onOpenDashboard : undefined}
        />
      )}
      {hasStores && p.stores && (
        <StoreTable
          stores={p.stores}
          highlightId={p.report?.store_id ?? null}
          currentId={p.currentId}
          onOpen={p.onOpen}
          sync={{ states: p.sync.states, syncing, onSync: (id) => p.sync.start(id) }}
        />
      )}
    </div>
  );
}

/** How a sync this window started ended: what it read, that it was cancelled, or why it failed. */
function SyncOutcomePanel({ outcome, store, onDismiss }: { outcome: SyncOutcome; store: string; onDismiss(): void }) {
  const { t, decimal } = useI18n();
  const close = (
    <button type="button" className="link-button" data-testid="sync-outcome-dismiss" onClick={onDismiss}>
      {t('report.dismiss')}
    </button>
  );
  if (outcome.kind === 'failed') {
    return (
      <section className="panel error-panel" data-testid="sync-outcome" data-kind="failed" role="alert">
        <div className="panel-head">
          <h2 className="panel-title">{t('sync.failed', { store })}</h2>
          {close}
        </div>
        <p className="error-message" data-testid="sync-outcome-message">
          {describeError(outcome.error, t)}
        </p>
      </section>
    );
  }
  if (outcome.kind === 'cancelled') {
    return (
      <section className="panel notice-panel" data-testid="sync-outcome" data-kind="cancelled" role="status">
        <div className="panel-head">
          <p data-testid="sync-outcome-message">{t('sync.cancelled', { store })}</p>
          {close}
        </div>
      </section>
    );
  }
  const r = outcome.report;
  const seconds = decimal(r.seconds, 1);
  return (
    <section className="panel report-panel" data-testid="sync-outcome" data-kind="done" role="status">
      <div className="panel-head">
        <h2 className="panel-title">{t(outcome.first ? 'sync.report.title.first' : 'sync.report.title', { store })}</h2>
        {close}
      </div>
      <p data-testid="sync-outcome-message">
        {t('sync.report.summary', {
          customers: r.customers_new,
          customersUpdated: r.customers_updated,
          orders: r.orders_new,
          ordersUpdated: r.orders_updated,
          refunds: r.refunds_written,
          seconds,
        })}
      </p>
    </section>
  );
}
