import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { describeError } from '../backend';
import type { ChartFormat, ChartKind, ChartLang, ChartTheme } from '../backend/types';
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
  const { backend, view } = useShell();
  const id = view.analysis_id;
  return (
    <SvgChart
      testKind={kind}
      title={title}
      aspect={aspect}
      draw={(lang, theme, w, h) => backend.chartSvg(id, kind, lang, theme, w, h)}
    />
  );
}

/**
 * Any backend-drawn chart: measures its box, asks `draw` for an SVG of that size (again when the
 * size step, language, theme or analysis changes) and shows it as an <img>. `draw` may answer
 * null: nothing to draw (the figure says "empty").
 */
export function SvgChart({
  testKind,
  title,
  aspect = 0.5,
  draw,
}: {
  /** Names the chart: `data-testid="chart-<testKind>"`, and a new kind is a new drawing. */
  testKind: string;
  title: string;
  aspect?: number;
  draw(lang: ChartLang, theme: ChartTheme, width: number, height: number): Promise<string | null>;
}) {
  const { backend, version, chartTheme } = useShell();
  const { locale, t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [state, setState] = useState<{ src: string | null; empty: boolean; error: string | null }>({ src: null, empty: false, error: null });
  // `draw` is a new function on every render; `testKind` and the other dependencies name it.
  const drawRef = useRef(draw);
  drawRef.current = draw;

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
    const height = Math.max(240, Math.round(width * aspect));
    drawRef
      .current(locale, chartTheme, width, height)
      .then((svg) => {
        if (cancelled) return;
        setState(
          svg === null
            ? { src: null, empty: true, error: null }
            : { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, empty: false, error: null },
        );
      })
      .catch((e: unknown) => {
        if (!cancelled) setState({ src: null, empty: false, error: describeError(e, t) });
      });
    return () => {
      cancelled = true;
    };
  }, [backend, testKind, locale, chartTheme, width, aspect, version]);

  const { src, empty, error } = state;
  return (
    <figure
      className="chart"
      ref={box}
      data-testid={`chart-${testKind}`}
      data-state={error ? 'error' : empty ? 'empty' : src ? 'ready' : 'loading'}
    >
      {src && <img className="chart-img" src={src} alt={title} />}
      {!src && !error && !empty && <div className="chart-placeholder">{t('chart.loading')}</div>}
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
  const { backend, view } = useShell();
  const { locale } = useI18n();
  return <SaveButtons testKind={kind} save={(format) => backend.saveChart(view.analysis_id, kind, locale, format, 'dialog')} />;
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
      setState({ busy: false, error: describeError(e, t) });
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
