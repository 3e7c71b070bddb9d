import { Actions } from '../components/Actions';
import { ErrorPanel, type AppError } from '../components/ErrorPanel';
import { ImportProgressPanel } from '../components/ImportProgressPanel';
import { ImportReportPanel } from '../components/ImportReportPanel';
import { StoreTable } from '../components/StoreTable';
import { useI18n } from '../i18n';
import type { ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';

interface Props {
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
  return (
    <div className="screen screen-stores" data-testid="screen-stores">
      {hasStores ? (
        <Actions variant="toolbar" busy={busy} onLoadSample={p.onLoadSample} onImportFile={p.onImportFile} />
      ) : (
        <section className="panel welcome" aria-labelledby="welcome-title">
          <h2 className="welcome-title" id="welcome-title">
            {t('welcome.title')}
          </h2>
          <p className="welcome-body">{t('welcome.body')}</p>
          <Actions variant="welcome" busy={busy} onLoadSample={p.onLoadSample} onImportFile={p.onImportFile} />
        </section>
      )}
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
        <StoreTable stores={p.stores} highlightId={p.report?.store_id ?? null} currentId={p.currentId} onOpen={p.onOpen} />
      )}
    </div>
  );
}
