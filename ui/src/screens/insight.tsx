// What the Predictions and Products screens share: backend results per analysis (through the
// query layer, so switching screens back and forth does not refetch), the Predictions charts and
// the display of SKUs with their product titles.
import { useQuery } from '@tanstack/react-query';
import { describeError, type Backend } from '../backend';
import type { InsightChartKind } from '../backend/types';
import { SaveButtons, SvgChart } from '../components/Chart';
import { useI18n } from '../i18n';
import { queryKeys } from '../queries';
import { useShell } from '../shell';

/** Small per-app state of a screen (e.g. the Products screen's parameters), kept while the app runs. */
const memos = new WeakMap<Backend, Map<string, unknown>>();

export function remembered<T>(backend: Backend, key: string, fallback: T): T {
  return (memos.get(backend)?.get(key) as T | undefined) ?? fallback;
}

export function remember<T>(backend: Backend, key: string, value: T): void {
  let memo = memos.get(backend);
  if (!memo) {
    memo = new Map();
    memos.set(backend, memo);
  }
  memo.set(key, value);
}

/** The state of a backend call for the current analysis. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T };

/**
 * A backend result for the current analysis, fetched once per analysis and `key` (a query under
 * `['analysis', analysis_id, key]`, never stale): a screen opened again shows the result of the
 * same analysis in its first render. A failure is not kept: the next visit asks again.
 */
export function useAnalysisResult<T>(key: string, load: (backend: Backend, analysisId: number) => Promise<T>): Loaded<T> {
  const { backend, view } = useShell();
  const { t } = useI18n();
  const id = view.analysis_id;
  const query = useQuery({ queryKey: queryKeys.analysisResult(id, key), queryFn: () => load(backend, id), staleTime: Infinity });
  if (query.isSuccess) return { state: 'ready', value: query.data };
  if (query.isError) return { state: 'error', message: describeError(query.error, t) };
  return { state: 'loading' };
}

/** A Predictions chart (`insight_chart_svg`); "empty" when there is nothing to draw it from. */
export function InsightChart({ kind, title, aspect = 0.5 }: { kind: InsightChartKind; title: string; aspect?: number }) {
  const { backend, view } = useShell();
  const id = view.analysis_id;
  return (
    <SvgChart
      testKind={kind}
      title={title}
      aspect={aspect}
      draw={(lang, theme, w, h) => backend.insightChartSvg(id, kind, lang, theme, w, h)}
    />
  );
}

/** "Save PNG" / "Save SVG" for a Predictions chart (`save_insight_chart`). */
export function InsightChartSave({ kind }: { kind: InsightChartKind }) {
  const { backend, view } = useShell();
  const { locale } = useI18n();
  return <SaveButtons testKind={kind} save={(format) => backend.saveInsightChart(view.analysis_id, kind, locale, format, 'dialog')} />;
}

/** Longest product title shown in full in a table cell (the rest is in the tooltip). */
const TITLE_CHARS = 28;

/** "85123A · WHITE HANGING HEART T-LIGHT HOLDER": a SKU with its title (truncated), or the item as is. */
export function ItemName({ item, titles }: { item: string; titles: Record<string, string> }) {
  const title = titles[item];
  if (!title) return <span className="mono">{item}</span>;
  const short = title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1).trimEnd()}…` : title;
  return (
    <span className="item-name" title={`${item} · ${title}`}>
      <span className="mono">{item}</span> <span className="muted">· {short}</span>
    </span>
  );
}

/** Titles of the SKUs the Products screen has shown, for the Export screen's rule chips. */
const knownTitles = new Map<string, string>();

export function rememberTitles(titles: Record<string, string>): void {
  for (const [sku, title] of Object.entries(titles)) knownTitles.set(sku, title);
}

/** "85123A · WHITE HANGING HEART T-LIGHT HOLDER" (full title), or the item as is. */
export function itemText(item: string, titles?: Record<string, string>): string {
  const title = titles?.[item] ?? knownTitles.get(item);
  return title ? `${item} · ${title}` : item;
}
