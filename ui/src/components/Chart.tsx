import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorText } from '../backend';
import type { ChartFormat, ChartKind } from '../backend/types';
import type { Saved } from '../ipc/bindings';
import { useI18n } from '../i18n';
import { useShell } from '../shell';

/** Chart widths are requested in steps, so small resizes don't redraw. */
const STEP = 80;

function chartWidth(measured: number): number {
  if (!measured || !Number.isFinite(measured)) return 720;
  return Math.max(320, Math.min(1600, Math.floor(measured / STEP) * STEP));
}

/**
 * A chart of the current analysis, drawn by the backend as SVG and shown as an <img> with a
 * data: URL: the markup never enters the page's DOM, so nothing in it can run (CSP: img-src data:).
 */
export function Chart({ kind, title, aspect = 0.5 }: { kind: ChartKind; title: string; aspect?: number }) {
  const { backend, version, chartTheme } = useShell();
  const { locale, t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(chartWidth(el.clientWidth));
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(chartWidth(el.clientWidth)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (width === 0) return;
    let cancelled = false;
    setError(null);
    const height = Math.max(240, Math.round(width * aspect));
    backend
      .chartSvg(kind, locale, chartTheme, width, height)
      .then((svg) => {
        if (!cancelled) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(errorText(e));
      });
    return () => {
      cancelled = true;
    };
  }, [backend, kind, locale, chartTheme, width, aspect, version]);

  return (
    <figure className="chart" ref={box} data-testid={`chart-${kind}`} data-state={error ? 'error' : src ? 'ready' : 'loading'}>
      {src && <img className="chart-img" src={src} alt={title} />}
      {!src && !error && <div className="chart-placeholder">{t('chart.loading')}</div>}
      {error && (
        <p className="chart-error" role="alert">
          {t('chart.error')} {error}
        </p>
      )}
    </figure>
  );
}

/** "Save PNG" / "Save SVG" for a chart; the saved path is shown beside the buttons. */
export function ChartSave({ kind }: { kind: ChartKind }) {
  const { backend } = useShell();
  const { locale } = useI18n();
  return <SaveButtons testKind={kind} save={(format) => backend.saveChart(kind, locale, format, 'dialog')} />;
}

/** The save buttons of any chart: `save` writes the file (None when the dialog is cancelled). */
export function SaveButtons({ testKind, save }: { testKind: string; save(format: ChartFormat): Promise<Saved | null> }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ busy: boolean; path?: string; error?: string }>({ busy: false });

  const run = async (format: ChartFormat) => {
    setState({ busy: true });
    try {
      const saved = await save(format);
      setState({ busy: false, path: saved?.path });
    } catch (e) {
      setState({ busy: false, error: errorText(e) });
    }
  };

  return (
    <div className="chart-save" data-testid={`chart-save-${testKind}`}>
      <button type="button" className="button button-small" disabled={state.busy} onClick={() => void run('png')}>
        {t('chart.savePng')}
      </button>
      <button type="button" className="button button-small" disabled={state.busy} onClick={() => void run('svg')}>
        {t('chart.saveSvg')}
      </button>
      {state.path && (
        <span className="saved-note" data-testid="chart-saved" data-path={state.path}>
          {t('chart.saved', { path: state.path })}
        </span>
      )}
      {state.error && (
        <span className="inline-error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}
