import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
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
import { createQueryClient, queryKeys, reanalyse, storesQuery } from './queries';
import { useStoreSync, type SyncOutcome } from './sync';
import type {
  AnalysisSettings,
  AnalysisView,
  AppInfo,
  AppSettings,
  ExportSpec,
  ImportProgress,
  ImportReport,
  Params,
  StoreSyncState,
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

/** The open store, with the customer table and export filters chosen for it. */
interface OpenStore {
  id: number;
  table: CustomerTableState;
  exportSpec: ExportSpec;
}

/** The analysis on screen and how many analysis results the app has shown (`Shell.version`). */
interface Shown {
  view: AnalysisView | null;
  version: number;
}

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

/** The app over `backend`, with its own query client (cache) for that backend. */
export function App({ backend }: { backend: Backend }) {
  const client = useMemo(() => createQueryClient(), [backend]);
  return (
    <QueryClientProvider client={client}>
      <AppShell backend={backend} />
    </QueryClientProvider>
  );
}

function AppShell({ backend }: { backend: Backend }) {
  const { t, setLocale } = useI18n();
  const queryClient = useQueryClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [ready, setReady] = useState(false);
  /** Start-up waits for the first analysis of the store it opened to report `firstScreenReady`. */
  const [readyPending, setReadyPending] = useState(false);
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

  // The open store; its settings and analysis are queries keyed on it.
  const [open, setOpen] = useState<OpenStore | null>(null);
  const storeId = open?.id ?? null;
  /** An error of something the user did (saving the app settings, deleting a store). */
  const [actionError, setActionError] = useState<AppError | null>(null);
  /** The settings or analysis error the user dismissed (shown again only if another one comes). */
  const [dismissed, setDismissed] = useState<unknown>(null);
  const [shown, setShown] = useState<Shown>({ view: null, version: 0 });
  const [route, setRoute] = useState<Route>({ screen: 'stores' });
  const [chartTheme, setChartTheme] = useState<ChartTheme>(systemTheme);

  // Synchronous guard against double clicks before React re-renders the disabled buttons.
  const busyRef = useRef(false);
  /** False once unmounted: an import, a dialog or a delete may end after that (nothing to show). */
  const mounted = useRef(true);
  const cancelRequested = useRef(false);
  /** The running import's job id (what `cancelJob` names). */
  const jobRef = useRef<string | null>(null);

  const storesResult = useQuery(storesQuery(backend));
  const stores = storesResult.data ?? null;
  const settingsQuery = useQuery({
    queryKey: queryKeys.settings(storeId),
    queryFn: () => backend.getAnalysisSettings(storeId as number),
    enabled: storeId !== null,
    // Asked again each time the store is opened.
    gcTime: 0,
  });
  const settings = settingsQuery.data ?? null;
  // The analysis of the open store with its settings: a new store or new settings is a new key,
  // so the result of an older request never shows once a newer one was asked for; a change of
  // the store's data invalidates it (`reanalyse`). Not kept once left: the backend keeps only
  // the newest analyses.
  const analysis = useQuery({
    queryKey: queryKeys.analysis(storeId, settings),
    queryFn: () => backend.analyzeStore(storeId as number, settings as AnalysisSettings),
    enabled: storeId !== null && settings !== null,
    gcTime: 0,
    structuralSharing: false,
  });
  // The newest result stays on screen while the next analysis runs (or fails).
  if (analysis.data && analysis.data !== shown.view) setShown({ view: analysis.data, version: shown.version + 1 });
  const view = shown.view;
  const version = shown.version;
  const analysing = analysis.isFetching;
  const queryError = settingsQuery.error ?? analysis.error ?? null;
  const analysisError: AppError | null =
    actionError ?? (queryError !== null && queryError !== dismissed ? { context: 'analysis', message: describeError(queryError, t) } : null);
  const dismissAnalysisError = useCallback(() => {
    setActionError(null);
    setDismissed(queryError);
  }, [queryError]);

  const openStore = useCallback((id: number, screen?: ScreenName) => {
    if (screen) setRoute({ screen });
    rememberStore(id);
    setActionError(null);
    // Another store: its own table and export filters, and no analysis until its own is done.
    setOpen((prev) => (prev?.id === id ? prev : { id, table: DEFAULT_TABLE, exportSpec: EMPTY_EXPORT_SPEC }));
    setShown((prev) => (prev.view !== null && prev.view.store_id !== id ? { ...prev, view: null } : prev));
  }, []);

  const closeStore = useCallback(() => {
    rememberStore(null);
    setOpen(null);
    setShown((prev) => ({ ...prev, view: null }));
    setActionError(null);
    setRoute({ screen: 'stores' });
  }, []);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    Promise.allSettled([backend.appInfo(), queryClient.fetchQuery(storesQuery(backend)), backend.getAppSettings()]).then(
      ([infoResult, storesResult, settingsResult]) => {
        if (cancelled) return;
        if (infoResult.status === 'fulfilled') setInfo(infoResult.value);
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
          setReadyPending(true);
        } else {
          backend.firstScreenReady().catch(() => undefined);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, queryClient, openStore, setLocale]);

  // The first analysis after start-up has settled (shown, or failed).
  const firstAnalysisSettled = readyPending && !analysis.isFetching && (analysis.isSuccess || analysis.isError);
  useEffect(() => {
    if (!firstAnalysisSettled) return;
    setReadyPending(false);
    // After the browser has painted the dashboard.
    requestAnimationFrame(() => {
      setTimeout(() => backend.firstScreenReady().catch(() => undefined), 0);
    });
  }, [backend, firstAnalysisSettled]);

  // A job changed a store's data (an import, a sync, a merge, a delete, a second window): refresh
  // the store list, and analyse the store again if it is open and still there. Our own imports
  // do that themselves when they end.
  useEffect(
    () =>
      backend.onStoreChanged((change) => {
        // A sync began or ended, a store was linked or deleted: the sync states may differ.
        void queryClient.invalidateQueries({ queryKey: queryKeys.syncStates });
        if (busyRef.current) return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.stores }).then(() => {
          const list = queryClient.getQueryData(storesQuery(backend).queryKey);
          if (list?.some((s) => s.id === change.store_id)) return reanalyse(queryClient, change.store_id);
        });
      }),
    [backend, queryClient],
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

  /** The store list as it is now (refetched; shown by the stores query). */
  const refreshStores = useCallback(() => queryClient.fetchQuery({ ...storesQuery(backend), staleTime: 0 }), [backend, queryClient]);

  // Syncs of linked stores: when one ends the store list shows its new counts; after the first
  // sync of a newly linked store, that store becomes the open one (as after an import).
  const onSyncEnded = useCallback(
    async (id: number, outcome: SyncOutcome) => {
      await refreshStores();
      if (mounted.current && outcome.kind === 'done' && outcome.first) openStore(id);
    },
    [refreshStores, openStore],
  );
  const sync = useStoreSync(backend, onSyncEnded);
  const startSync = sync.start;
  const onLinked = useCallback(
    (state: StoreSyncState) => {
      setError(null);
      setReport(null);
      startSync(state.store_id, true);
      void refreshStores().catch(() => undefined);
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncStates });
    },
    [startSync, refreshStores, queryClient],
  );

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
        await refreshStores();
        if (!mounted.current) return;
        setReport(result);
        // The imported store becomes the open one; if it already was, its analysis is redone.
        void reanalyse(queryClient, result.store_id);
        openStore(result.store_id);
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
    [backend, queryClient, refreshStores, openStore, t],
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
        if (mounted.current) setActionError({ context: 'settings', message: describeError(e, t) });
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
        const list = await refreshStores();
        if (!mounted.current) return;
        setReport(null);
        if (storeId === id) {
          if (list.length > 0) openStore(list[0].id, 'stores');
          else closeStore();
        }
      } catch (e) {
        if (mounted.current) setActionError({ context: 'delete', message: describeError(e, t) });
      }
    },
    [backend, refreshStores, storeId, openStore, closeStore],
  );

  // New settings are a new analysis key: the analysis query runs with them.
  const updateSettings = useCallback(
    (next: AnalysisSettings) => {
      setActionError(null);
      queryClient.setQueryData(queryKeys.settings(storeId), next);
    },
    [queryClient, storeId],
  );
  const updateParams = useCallback(
    (patch: Partial<Params>) => {
      setActionError(null);
      queryClient.setQueryData(queryKeys.settings(storeId), (s: AnalysisSettings | undefined) =>
        s ? { ...s, params: { ...s.params, ...patch } } : s,
      );
    },
    [queryClient, storeId],
  );
  const table = open?.table ?? DEFAULT_TABLE;
  const exportSpec = open?.exportSpec ?? EMPTY_EXPORT_SPEC;
  const setTable = useCallback((next: CustomerTableState) => setOpen((prev) => prev && { ...prev, table: next }), []);
  const setExportSpec = useCallback((next: ExportSpec) => setOpen((prev) => prev && { ...prev, exportSpec: next }), []);
  const openCustomers = useCallback(
    (filter: Partial<CustomerFilter>) => {
      setTable({ ...DEFAULT_TABLE, filter: { ...NO_FILTER, ...filter } });
      setRoute({ screen: 'customers' });
    },
    [setTable],
  );
  const openScreen = useCallback((screen: ScreenName) => setRoute({ screen }), []);
  const openExport = useCallback(
    (preset: Partial<ExportSpec>) => {
      setExportSpec({ ...EMPTY_EXPORT_SPEC, ...preset });
      setRoute({ screen: 'export' });
    },
    [setExportSpec],
  );
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
    [backend, view, version, settings, analysing, chartTheme, updateParams, updateSettings, openCustomers, openScreen, openCustomer, table, setTable, exportSpec, setExportSpec, openExport],
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
      backend={backend}
      sync={sync}
      onLinked={onLinked}
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
              <ErrorPanel error={analysisError} onDismiss={view ? dismissAnalysisError : undefined} />
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
