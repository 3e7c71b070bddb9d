import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeError, type Backend, type ColumnMapping } from './backend';
import { toBackendError } from './backend/errors';
import { newJobId, type ChartTheme } from './backend/types';
import { ErrorPanel, type AppError } from './components/ErrorPanel';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { ImportPreviewPanel } from './components/ImportPreviewPanel';
import { Sidebar } from './components/Sidebar';
import { Spinner } from './components/Spinner';
import { TopBar } from './components/TopBar';
import { useI18n, type Locale } from './i18n';
import type {
  AnalysisSettings,
  AnalysisView,
  AppInfo,
  AppSettings,
  ExportSpec,
  ImportProgress,
  ImportReport,
  Params,
  StoreSummary,
} from './ipc/bindings';
import { ChurnScreen } from './screens/Churn';
import { CohortsScreen } from './screens/Cohorts';
import { Customer360 } from './screens/Customer360';
import { CustomersScreen } from './screens/Customers';
import { DashboardScreen } from './screens/Dashboard';
import { ExportScreen } from './screens/Export';
import { PredictionsScreen } from './screens/Predictions';
import { ProductsScreen } from './screens/Products';
import { RepurchaseScreen } from './screens/Repurchase';
import { SegmentsScreen } from './screens/Segments';
import { SettingsScreen } from './screens/Settings';
import { StoresScreen } from './screens/Stores';
import {
  DEFAULT_TABLE,
  EMPTY_EXPORT_SPEC,
  NO_FILTER,
  ShellContext,
  type CustomerFilter,
  type CustomerTableState,
  type ScreenName,
  type Shell,
} from './shell';

/** What is being imported right now: the sample store, or a file (base name shown in the UI). */
type Running = { kind: 'sample' } | { kind: 'file'; file: string };

/** What to import: the sample store, or a picked file with the column mapping confirmed in its preview. */
type ImportSource =
  | { kind: 'sample' }
  | { kind: 'file'; path: string; mapping: ColumnMapping; currency: string | null };

/** A picked file waiting on the import screen (preview and column mapping) to be confirmed. */
interface PendingFile {
  path: string;
  file: string;
}

/** A screen, or a customer's 360 page with the screen it was opened from. */
type Route = { screen: ScreenName } | { screen: 'customer'; id: string; back: ScreenName };

/** The store last opened, to reopen it on the next start. */
const STORE_KEY = 'repeatlens.store';

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function rememberedStore(): number | null {
  try {
    const value = Number(window.localStorage.getItem(STORE_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function rememberStore(id: number | null): void {
  try {
    if (id === null) window.localStorage.removeItem(STORE_KEY);
    else window.localStorage.setItem(STORE_KEY, String(id));
  } catch {
    // Not remembered then.
  }
}

function systemTheme(): ChartTheme {
  try {
    return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

export function App({ backend }: { backend: Backend }) {
  const { t, setLocale } = useI18n();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [stores, setStores] = useState<StoreSummary[] | null>(null);
  const [ready, setReady] = useState(false);
  const readyPending = useRef(false);
  // Screen switch time (navigation click → new screen committed), shown on the app root as
  // data-switch-ms for the end-to-end test's figures.
  const switchStarted = useRef<number | null>(null);
  const [switchMs, setSwitchMs] = useState<number | null>(null);
  const [running, setRunning] = useState<Running | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [pending, setPending] = useState<PendingFile | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [appSettings, setAppSettings] = useState<AppSettings>({ language: null, theme: null });

  // The open store and its analysis.
  const [storeId, setStoreId] = useState<number | null>(null);
  const [settings, setSettings] = useState<AnalysisSettings | null>(null);
  const [view, setView] = useState<AnalysisView | null>(null);
  const [version, setVersion] = useState(0);
  const [analysing, setAnalysing] = useState(false);
  const [analysisError, setAnalysisError] = useState<AppError | null>(null);
  /** Bumped when the open store's data changed (re-import), to analyse again. */
  const [dataVersion, setDataVersion] = useState(0);
  const [route, setRoute] = useState<Route>({ screen: 'stores' });
  const [table, setTable] = useState<CustomerTableState>(DEFAULT_TABLE);
  const [exportSpec, setExportSpec] = useState(EMPTY_EXPORT_SPEC);
  const [chartTheme, setChartTheme] = useState<ChartTheme>(systemTheme);

  // Synchronous guard against double clicks before React re-renders the disabled buttons.
  const busyRef = useRef(false);
  const mounted = useRef(true);
  const storeRef = useRef<number | null>(null);
  const analysisSeq = useRef(0);
  const cancelRequested = useRef(false);
  /** The running import's job id (what `cancelJob` names). */
  const jobRef = useRef<string | null>(null);

  const openStore = useCallback(
    (id: number, screen?: ScreenName) => {
      if (screen) setRoute({ screen });
      if (storeRef.current === id) return;
      storeRef.current = id;
      rememberStore(id);
      setStoreId(id);
      setSettings(null);
      setView(null);
      setAnalysisError(null);
      setTable(DEFAULT_TABLE);
      setExportSpec(EMPTY_EXPORT_SPEC);
      backend.getAnalysisSettings(id).then(
        (s) => {
          if (mounted.current && storeRef.current === id) setSettings(s);
        },
        (e: unknown) => {
          if (mounted.current && storeRef.current === id) setAnalysisError({ context: 'analysis', message: describeError(e, t) });
        },
      );
    },
    [backend],
  );

  const closeStore = useCallback(() => {
    storeRef.current = null;
    rememberStore(null);
    setStoreId(null);
    setSettings(null);
    setView(null);
    setAnalysisError(null);
    setRoute({ screen: 'stores' });
  }, []);

  useEffect(() => {
    mounted.current = true;
    let cancelled = false;
    Promise.allSettled([backend.appInfo(), backend.listStores(), backend.getAppSettings()]).then(
      ([infoResult, storesResult, settingsResult]) => {
        if (cancelled) return;
        if (infoResult.status === 'fulfilled') setInfo(infoResult.value);
        if (storesResult.status === 'fulfilled') setStores(storesResult.value);
        if (settingsResult.status === 'fulfilled') {
          setAppSettings(settingsResult.value);
          // A language saved in the app settings wins; otherwise the remembered or system one.
          if (isLocale(settingsResult.value.language)) setLocale(settingsResult.value.language);
        }
        const failed = [infoResult, storesResult].find((r) => r.status === 'rejected');
        if (failed) setError({ context: 'startup', message: describeError(failed.reason, t) });
        if (storesResult.status === 'fulfilled' && storesResult.value.length > 0) {
          const list = storesResult.value;
          const remembered = rememberedStore();
          openStore(list.some((s) => s.id === remembered) ? (remembered as number) : list[0].id, 'dashboard');
        }
        // Tests and the WebDriver suite wait for data-ready="true": the start-up calls have settled.
        setReady(true);
        // Start-up is "interactive" on the first screen, or — when a store opens — once its
        // dashboard shows the first analysis (the start-up benchmark reads this moment).
        if (storesResult.status === 'fulfilled' && storesResult.value.length > 0) {
          readyPending.current = true;
        } else {
          backend.firstScreenReady().catch(() => undefined);
        }
      },
    );
    return () => {
      cancelled = true;
      mounted.current = false;
    };
  }, [backend, openStore, setLocale]);

  // Another job changed a store's data (a sync, a second window's import): refresh the store
  // list, and analyse the open store again. Our own imports do that themselves when they end.
  useEffect(
    () =>
      backend.onStoreChanged((change) => {
        if (busyRef.current) return;
        backend.listStores().then(
          (list) => mounted.current && setStores(list),
          () => undefined,
        );
        if (change.store_id === storeRef.current) setDataVersion((v) => v + 1);
      }),
    [backend],
  );

  useEffect(() => {
    const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    if (!query?.addEventListener) return;
    const update = () => setChartTheme(query.matches ? 'dark' : 'light');
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);

  useEffect(() => {
    if (switchStarted.current === null) return;
    const started = switchStarted.current;
    switchStarted.current = null;
    // After the commit and the next paint.
    requestAnimationFrame(() => setSwitchMs(performance.now() - started));
  }, [route]);

  // Analyse whenever the store, its settings or its data change.
  useEffect(() => {
    if (storeId === null || settings === null) return;
    const seq = ++analysisSeq.current;
    setAnalysing(true);
    setAnalysisError(null);
    backend
      .analyzeStore(storeId, settings)
      .then((result) => {
        if (!mounted.current || seq !== analysisSeq.current) return;
        setView(result);
        setVersion((v) => v + 1);
      })
      .catch((e: unknown) => {
        if (mounted.current && seq === analysisSeq.current) setAnalysisError({ context: 'analysis', message: describeError(e, t) });
      })
      .finally(() => {
        if (mounted.current && seq === analysisSeq.current) setAnalysing(false);
        if (readyPending.current) {
          readyPending.current = false;
          // After the browser has painted the dashboard.
          requestAnimationFrame(() => {
            setTimeout(() => backend.firstScreenReady().catch(() => undefined), 0);
          });
        }
      });
  }, [backend, storeId, settings, dataVersion]);

  const runImport = useCallback(
    async (source: ImportSource) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setError(null);
      setCancelled(false);
      setReport(null);
      setProgress(null);
      setCancelling(false);
      setRunning(source.kind === 'sample' ? { kind: 'sample' } : { kind: 'file', file: baseName(source.path) });
      const onProgress = (p: ImportProgress) => {
        if (mounted.current) setProgress(p);
      };
      const job = newJobId('import');
      jobRef.current = job;
      try {
        const result =
          source.kind === 'sample'
            ? await backend.loadSampleStore(job, onProgress)
            : await backend.importFile(job, source.path, source.mapping, source.currency, onProgress);
        const list = await backend.listStores();
        if (!mounted.current) return;
        setReport(result);
        setStores(list);
        // The imported store becomes the open one; if it already was, its analysis is redone.
        if (storeRef.current === result.store_id) setDataVersion((v) => v + 1);
        else openStore(result.store_id);
      } catch (e) {
        if (!mounted.current) return;
        const code = toBackendError(e).code;
        if (code === 'import.cancelled' || (cancelRequested.current && code === null)) setCancelled(true);
        else setError({ context: source.kind === 'sample' ? 'sample' : 'import', message: describeError(e, t) });
      } finally {
        busyRef.current = false;
        cancelRequested.current = false;
        jobRef.current = null;
        if (mounted.current) {
          setRunning(null);
          setProgress(null);
          setCancelling(false);
        }
      }
    },
    [backend, openStore, t],
  );

  /** "Import a file": the native dialog, then the import screen (nothing is imported yet). */
  const chooseFile = useCallback(async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    try {
      const path = await backend.pickFile({ title: t('dialog.title'), filterName: t('dialog.filterName') });
      if (path === null || !mounted.current) return; // the user cancelled the dialog
      setError(null);
      setReport(null);
      setCancelled(false);
      setPending({ path, file: baseName(path) });
    } catch (e) {
      if (mounted.current) setError({ context: 'pick', message: describeError(e, t) });
    } finally {
      busyRef.current = false;
    }
  }, [backend, t]);

  const confirmImport = useCallback(
    (mapping: ColumnMapping, currency: string | null) => {
      if (!pending) return;
      setPending(null);
      void runImport({ kind: 'file', path: pending.path, mapping, currency });
    },
    [pending, runImport],
  );

  const cancelImport = useCallback(() => {
    cancelRequested.current = true;
    setCancelling(true);
    const job = jobRef.current;
    const notCancelled = () => {
      cancelRequested.current = false;
      setCancelling(false);
    };
    if (job === null) return notCancelled();
    backend.cancelJob(job).then(
      // False: the job had already ended (its own result decides what is shown).
      (cancelling) => cancelling || notCancelled(),
      (e: unknown) => {
        notCancelled();
        setError({ context: 'import', message: describeError(e, t) });
      },
    );
  }, [backend, t]);

  const saveAppSettings = useCallback(
    async (next: AppSettings) => {
      setAppSettings(next);
      try {
        await backend.saveAppSettings(next);
      } catch (e) {
        if (mounted.current) setAnalysisError({ context: 'settings', message: describeError(e, t) });
      }
    },
    [backend],
  );

  const onLanguage = useCallback(
    (locale: Locale) => void saveAppSettings({ ...appSettings, language: locale }),
    [appSettings, saveAppSettings],
  );

  const deleteStore = useCallback(
    async (id: number) => {
      try {
        await backend.deleteStore(id);
        const list = await backend.listStores();
        if (!mounted.current) return;
        setStores(list);
        setReport(null);
        if (storeRef.current === id) {
          if (list.length > 0) {
            storeRef.current = null;
            openStore(list[0].id, 'stores');
          } else closeStore();
        }
      } catch (e) {
        if (mounted.current) setAnalysisError({ context: 'delete', message: describeError(e, t) });
      }
    },
    [backend, openStore, closeStore],
  );

  const updateSettings = useCallback((next: AnalysisSettings) => setSettings(next), []);
  const updateParams = useCallback(
    (patch: Partial<Params>) => setSettings((s) => (s ? { ...s, params: { ...s.params, ...patch } } : s)),
    [],
  );
  const openCustomers = useCallback((filter: Partial<CustomerFilter>) => {
    setTable({ ...DEFAULT_TABLE, filter: { ...NO_FILTER, ...filter } });
    setRoute({ screen: 'customers' });
  }, []);
  const openScreen = useCallback((screen: ScreenName) => setRoute({ screen }), []);
  const openExport = useCallback((preset: Partial<ExportSpec>) => {
    setExportSpec({ ...EMPTY_EXPORT_SPEC, ...preset });
    setRoute({ screen: 'export' });
  }, []);
  const openCustomer = useCallback(
    (customer: string) =>
      setRoute((r) => ({ screen: 'customer', id: customer, back: r.screen === 'customer' ? r.back : r.screen })),
    [],
  );

  const shell: Shell | null = useMemo(
    () =>
      view && settings
        ? {
            backend,
            view,
            version,
            settings,
            analysing,
            chartTheme,
            updateParams,
            updateSettings,
            openCustomers,
            openScreen,
            openCustomer,
            table,
            setTable,
            exportSpec,
            setExportSpec,
            openExport,
          }
        : null,
    [backend, view, version, settings, analysing, chartTheme, updateParams, updateSettings, openCustomers, openScreen, openCustomer, table, exportSpec, openExport],
  );

  const busy = running !== null;
  const shellMode = ready && storeId !== null && stores !== null && stores.length > 0;
  const current = route.screen === 'customer' ? route.back : route.screen;

  const storesScreen = pending ? (
    <ImportPreviewPanel
      key={pending.path}
      backend={backend}
      path={pending.path}
      file={pending.file}
      stores={stores}
      onConfirm={confirmImport}
      onBack={() => setPending(null)}
    />
  ) : (
    <StoresScreen
      stores={stores}
      currentId={storeId}
      running={running ? { file: running.kind === 'file' ? running.file : null } : null}
      progress={progress}
      cancelling={cancelling}
      cancelled={cancelled}
      error={error}
      report={report}
      onLoadSample={() => void runImport({ kind: 'sample' })}
      onImportFile={() => void chooseFile()}
      onCancel={cancelImport}
      onOpen={(id) => openStore(id, 'dashboard')}
      onOpenDashboard={() => setRoute({ screen: 'dashboard' })}
      onDismissError={() => setError(null)}
      onDismissReport={() => setReport(null)}
      onDismissCancelled={() => setCancelled(false)}
    />
  );

  const analysisScreen = () => {
    if (!shell) {
      if (analysisError) return null;
      return <Spinner label={t('analysis.running')} testId="analysis-spinner" />;
    }
    switch (route.screen) {
      case 'dashboard':
        return <DashboardScreen />;
      case 'segments':
        return <SegmentsScreen />;
      case 'cohorts':
        return <CohortsScreen />;
      case 'churn':
        return <ChurnScreen />;
      case 'repurchase':
        return <RepurchaseScreen />;
      case 'predictions':
        return <PredictionsScreen />;
      case 'products':
        return <ProductsScreen />;
      case 'customers':
        return <CustomersScreen />;
      case 'customer':
        return <Customer360 customer={route.id} back={route.back} onBack={() => setRoute({ screen: route.back })} />;
      case 'export':
        return <ExportScreen />;
      default:
        return null;
    }
  };

  const screen = () => {
    if (route.screen === 'stores') return storesScreen;
    if (route.screen === 'settings') {
      return (
        <SettingsScreen
          backend={backend}
          info={info}
          store={stores?.find((s) => s.id === storeId) ?? null}
          settings={settings}
          view={view}
          appSettings={appSettings}
          onAppSettings={(next) => void saveAppSettings(next)}
          onApply={updateSettings}
          onDelete={(id) => deleteStore(id)}
        />
      );
    }
    return analysisScreen();
  };

  return (
    <div
      className={shellMode ? 'app app-shell' : 'app'}
      id="app"
      data-ready={ready ? 'true' : 'false'}
      data-busy={busy ? 'true' : 'false'}
      data-analysing={analysing ? 'true' : 'false'}
      data-switch-ms={switchMs === null ? undefined : switchMs.toFixed(1)}
    >
      <Header compact={shellMode} onLanguage={onLanguage}>
        {shellMode && storeId !== null && stores && (
          <TopBar
            stores={stores}
            storeId={storeId}
            onStore={(id) => openStore(id)}
            settings={settings}
            view={view}
            onSettings={updateSettings}
          />
        )}
      </Header>
      {!ready ? (
        <main className="main">
          <p className="loading" aria-busy="true">
            {t('app.loading')}
          </p>
        </main>
      ) : shellMode ? (
        <div className="shell">
          <Sidebar
            current={current}
            onNavigate={(s) => {
              switchStarted.current = performance.now();
              setSwitchMs(null);
              setRoute({ screen: s });
            }}
            storeName={view?.store_name ?? null}
            seconds={view?.seconds ?? null}
          />
          <main className={analysing && view ? 'screen-area is-updating' : 'screen-area'} aria-busy={analysing}>
            {analysing && view && (
              <div className="updating-bar" role="status">
                <span className="spinner spinner-small" aria-hidden="true" />
                {t('analysis.updating')}
              </div>
            )}
            {analysisError && route.screen !== 'stores' && (
              <ErrorPanel error={analysisError} onDismiss={view ? () => setAnalysisError(null) : undefined} />
            )}
            <ShellContext.Provider value={shell}>{screen()}</ShellContext.Provider>
            <Footer info={info} preview={backend.kind === 'fake'} />
          </main>
        </div>
      ) : (
        <>
          <main className="main">{storesScreen}</main>
          <Footer info={info} preview={backend.kind === 'fake'} />
        </>
      )}
    </div>
  );
}
