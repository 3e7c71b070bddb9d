import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText, type Backend } from './backend';
import { Actions } from './components/Actions';
import { ErrorPanel, type AppError } from './components/ErrorPanel';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { ImportProgressPanel } from './components/ImportProgressPanel';
import { ImportReportPanel } from './components/ImportReportPanel';
import { StoreTable } from './components/StoreTable';
import { useI18n } from './i18n';
import type { AppInfo, ImportProgress, ImportReport, StoreSummary } from './ipc/bindings';

/** What is being imported right now: the sample store, or a file (base name shown in the UI). */
type Running = { kind: 'sample' } | { kind: 'file'; file: string };

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function App({ backend }: { backend: Backend }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [stores, setStores] = useState<StoreSummary[] | null>(null);
  const [ready, setReady] = useState(false);
  const [running, setRunning] = useState<Running | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Synchronous guard against double clicks before React re-renders the disabled buttons.
  const busyRef = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    let cancelled = false;
    Promise.allSettled([backend.appInfo(), backend.listStores()]).then(([infoResult, storesResult]) => {
      if (cancelled) return;
      if (infoResult.status === 'fulfilled') setInfo(infoResult.value);
      if (storesResult.status === 'fulfilled') setStores(storesResult.value);
      const failed = [infoResult, storesResult].find((r) => r.status === 'rejected');
      if (failed) setError({ context: 'startup', message: errorText(failed.reason) });
      // Tests and the WebDriver suite wait for data-ready="true": both calls have settled.
      setReady(true);
      backend.firstScreenReady().catch(() => undefined);
    });
    return () => {
      cancelled = true;
      mounted.current = false;
    };
  }, [backend]);

  const runImport = useCallback(
    async (kind: Running['kind']) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setError(null);
      try {
        let path: string | null = null;
        if (kind === 'file') {
          try {
            path = await backend.pickFile({ title: t('dialog.title'), filterName: t('dialog.filterName') });
          } catch (e) {
            if (mounted.current) setError({ context: 'pick', message: errorText(e) });
            return;
          }
          if (path === null) return; // user cancelled the dialog
        }

        setReport(null);
        setProgress(null);
        setRunning(path === null ? { kind: 'sample' } : { kind: 'file', file: baseName(path) });
        const onProgress = (p: ImportProgress) => {
          if (mounted.current) setProgress(p);
        };
        try {
          const result =
            path === null ? await backend.loadSampleStore(onProgress) : await backend.importFile(path, onProgress);
          const list = await backend.listStores();
          if (!mounted.current) return;
          setReport(result);
          setStores(list);
        } catch (e) {
          if (mounted.current) setError({ context: kind === 'sample' ? 'sample' : 'import', message: errorText(e) });
        }
      } finally {
        busyRef.current = false;
        if (mounted.current) {
          setRunning(null);
          setProgress(null);
        }
      }
    },
    [backend, t],
  );

  const busy = running !== null;
  const hasStores = stores !== null && stores.length > 0;

  return (
    <div className="app" id="app" data-ready={ready ? 'true' : 'false'} data-busy={busy ? 'true' : 'false'}>
      <Header />
      <main className="main">
        {!ready ? (
          <p className="loading" aria-busy="true">
            {t('app.loading')}
          </p>
        ) : (
          <>
            {hasStores ? (
              <Actions
                variant="toolbar"
                busy={busy}
                onLoadSample={() => void runImport('sample')}
                onImportFile={() => void runImport('file')}
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
                  onLoadSample={() => void runImport('sample')}
                  onImportFile={() => void runImport('file')}
                />
              </section>
            )}
            {running && <ImportProgressPanel file={running.kind === 'file' ? running.file : null} progress={progress} />}
            {error && <ErrorPanel error={error} onDismiss={() => setError(null)} />}
            {report && !running && <ImportReportPanel report={report} onDismiss={() => setReport(null)} />}
            {hasStores && <StoreTable stores={stores} highlightId={report?.store_id ?? null} />}
          </>
        )}
      </main>
      <Footer info={info} preview={backend.kind === 'fake'} />
    </div>
  );
}
