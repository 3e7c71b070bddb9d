// Data behind the fake backend's Predictions and Products commands. Both start from real
// engine output for the bundled sample store: fixtures/sample-predictions.json (the
// PredictionReport) and fixtures/sample-products.json (the ProductInsight at the Rust default
// parameters). The fake cannot refit models or mine rules, so:
// - per-customer forecasts (for exports and the customer page) are the fixture's own rows for
//   the customers it lists (top CLV, valuable at risk), and for everyone else deterministic
//   values that agree with the report: the same number of customers per churn-risk band
//   (`totals.churn_bands`) and CLVs spread along the report's CLV deciles;
// - other product parameters filter the fixture's rules (stricter thresholds only ever remove
//   rules; looser ones cannot add any, so they return the defaults' rules), and the category
//   level is empty, as for the real sample store, which has no categories.
import type {
  ChurnBand,
  CustomerRow,
  PredictionReport,
  ProductInsight,
  ProductInsightParams,
} from '../ipc/bindings';
import { BackendError } from './errors';
import type { ChartLang, InsightChartKind } from './types';

export interface InsightFixtures {
  predictions: PredictionReport;
  products: ProductInsight;
}

let loading: Promise<InsightFixtures> | null = null;

/** The fixtures, loaded on first use (a separate chunk, like the analysis fixtures). */
export function loadInsightFixtures(): Promise<InsightFixtures> {
  loading ??= Promise.all([import('./fixtures/sample-predictions.json'), import('./fixtures/sample-products.json')]).then(
    ([predictions, products]) => ({
      predictions: predictions.default as unknown as PredictionReport,
      products: products.default as unknown as ProductInsight,
    }),
  );
  return loading;
}

/** One customer's forecast, as the export and the customer page use it. */
export interface FakeForecast {
  p_alive: number | null;
  churn_risk: number | null;
  churn_band: ChurnBand | null;
  expected_purchases: number | null;
  next_purchase: string | null;
  expected_order_value: number | null;
  clv: number | null;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const DAY_MS = 86_400_000;
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** CLV at quantile u ∈ [0, 1] along the deciles (10th … 90th percentile), extended at both ends. */
function clvAt(deciles: number[], u: number): number {
  if (deciles.length === 0) return 0;
  const points: [number, number][] = [[0, deciles[0] * 0.3], ...deciles.map((v, i) => [(i + 1) / 10, v] as [number, number])];
  points.push([1, deciles[deciles.length - 1] * 2]);
  for (let i = 1; i < points.length; i++) {
    const [u0, v0] = points[i - 1];
    const [u1, v1] = points[i];
    if (u <= u1) return v0 + ((v1 - v0) * (u - u0)) / (u1 - u0);
  }
  return points[points.length - 1][1];
}

/** The inverse of `clvAt`: the quantile of a CLV along the deciles. */
function quantileOf(deciles: number[], clv: number): number {
  const n = 200;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < n && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (clvAt(deciles, mid) < clv) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Risk range of each band (the report's band limits). */
function bandRange(report: PredictionReport, band: ChurnBand): [number, number] {
  const { medium_from, high_from } = report.predictions.config.churn_bands;
  return band === 'high' ? [high_from, 0.995] : band === 'medium' ? [medium_from, high_from] : [0.005, medium_from];
}

/** Every buyer's forecast (see the file comment). */
export function buildForecasts(report: PredictionReport, population: CustomerRow[]): Map<string, FakeForecast> {
  const out = new Map<string, FakeForecast>();
  const buyers = population.filter((c) => c.purchases > 0);
  const byId = new Set(buyers.map((c) => c.customer));
  const model = report.predictions.churn_method === 'model';
  const quota: Record<ChurnBand, number> = { ...report.predictions.totals.churn_bands };
  for (const p of [...report.top_clv, ...report.valuable_at_risk]) {
    if (!byId.has(p.customer) || out.has(p.customer)) continue;
    out.set(p.customer, {
      p_alive: p.p_alive,
      churn_risk: p.churn_risk,
      churn_band: p.churn_band,
      expected_purchases: p.expected_purchases,
      next_purchase: p.next_purchase,
      expected_order_value: p.expected_order_value,
      clv: p.clv,
    });
    if (p.churn_band) quota[p.churn_band] -= 1;
  }
  const rest = buyers.filter((c) => !out.has(c.customer));
  // Bands: the longest since the last purchase are the riskiest; quotas as in the report.
  const byRisk = [...rest].sort(
    (x, y) => (y.recency_days ?? 0) - (x.recency_days ?? 0) || hash(x.customer) - hash(y.customer),
  );
  const risk = new Map<string, [ChurnBand, number]>();
  const high = Math.max(0, quota.high);
  const medium = Math.max(0, quota.medium);
  byRisk.forEach((c, i) => {
    const band: ChurnBand = i < high ? 'high' : i < high + medium ? 'medium' : 'low';
    const [start, size] = band === 'high' ? [0, high] : band === 'medium' ? [high, medium] : [high + medium, byRisk.length - high - medium];
    const [lo, hi] = bandRange(report, band);
    const within = size > 1 ? (i - start) / (size - 1) : 0.5;
    risk.set(c.customer, [band, hi - (hi - lo) * within]);
  });
  // CLV: by net revenue along the report's deciles, in the quantile slots the fixture's own
  // customers leave free (so the deciles of all buyers stay the report's).
  const byValue = [...rest].sort((x, y) => x.net_revenue - y.net_revenue || (x.customer < y.customer ? -1 : 1));
  const slots = buyers.length;
  const taken = new Uint8Array(slots);
  if (report.clv_deciles.length > 0) {
    for (const f of out.values()) {
      if (f.clv === null) continue;
      let k = Math.min(slots - 1, Math.max(0, Math.round(quantileOf(report.clv_deciles, f.clv) * slots - 0.5)));
      for (let d = 0; taken[k] && d < slots; d++) {
        const up = k + d;
        const down = k - d;
        if (up < slots && !taken[up]) k = up;
        else if (down >= 0 && !taken[down]) k = down;
      }
      taken[k] = 1;
    }
  }
  const free: number[] = [];
  for (let k = 0; k < slots; k++) if (!taken[k]) free.push(k);
  const { horizon_days: horizon, next_purchase_horizon_days: nextHorizon, clv_months: months } = report.predictions.config;
  const hasClv = report.clv_deciles.length > 0;
  byValue.forEach((c, i) => {
    const [band, r] = risk.get(c.customer) ?? ['low', 0.1];
    const aov = Math.max(1, c.net_revenue / Math.max(1, c.purchases));
    const clv = hasClv ? clvAt(report.clv_deciles, ((free[i] ?? i) + 0.5) / slots) : null;
    // Purchases a year implied by the CLV and the order value, thinned by the risk.
    const perYear = Math.max(0.05, ((clv ?? aov) / aov) * (12 / months) * (1 - r * 0.8));
    const expected = (perYear * horizon) / 365;
    const daysToNext = 365 / perYear;
    out.set(c.customer, {
      p_alive: model ? 1 - r : null,
      churn_risk: r,
      churn_band: band,
      expected_purchases: expected,
      next_purchase: daysToNext <= nextHorizon ? addDays(report.as_of, Math.max(1, Math.round(daysToNext))) : null,
      expected_order_value: aov,
      clv: clv === null ? null : Math.round(clv * 100) / 100,
    });
  });
  return out;
}

/** Like `product_insight`: the fixture's rules filtered by `params` (see the file comment). */
export function productInsightFor(base: ProductInsight, params: ProductInsightParams): ProductInsight {
  if (params.level !== 'sku' && params.level !== 'category') {
    throw new BackendError(`unknown item level '${params.level}': use sku or category`);
  }
  const limit = Math.max(0, Math.floor(params.limit));
  const badSupport = !(params.min_support > 0 && params.min_support <= 1);
  const badConfidence = !(params.min_confidence >= 0 && params.min_confidence <= 1);
  const thresholdNote = badSupport
    ? `minimum support ${params.min_support} must be in (0, 1]`
    : badConfidence
      ? `minimum confidence ${params.min_confidence} must be in [0, 1]`
      : null;
  if (params.level === 'category') {
    // The sample store has no categories: no baskets, no customers, nothing to rank.
    return {
      params: { ...params },
      baskets: 0,
      basket_rules: [],
      basket_rules_total: 0,
      basket_note: thresholdNote,
      sequence_customers: 0,
      sequence_rules: [],
      sequence_rules_total: 0,
      sequence_note: thresholdNote,
      first_products: {
        ...base.first_products,
        level: 'category',
        customers: 0,
        repeat_customers: 0,
        matured_customers: 0,
        mean_net_revenue_12m: null,
        items: [],
        items_total: 0,
        paths: [],
        paths_total: 0,
      },
      item_titles: {},
    };
  }
  const keep = <T extends { support: number; confidence: number }>(rules: T[], total: number) => {
    const kept = rules.filter((r) => r.support >= params.min_support && r.confidence >= params.min_confidence);
    // Nothing removed: the fixture's total stands; otherwise only the kept rules are known.
    return { rows: kept.slice(0, limit), total: kept.length === rules.length ? total : kept.length };
  };
  const basket = thresholdNote ? { rows: [], total: 0 } : keep(base.basket_rules, base.basket_rules_total);
  const sequence = thresholdNote ? { rows: [], total: 0 } : keep(base.sequence_rules, base.sequence_rules_total);
  const fp = base.first_products;
  const shown = new Set<string>();
  const rows = {
    basket: basket.rows.map((r) => ({ ...r, antecedent: [...r.antecedent], consequent: [...r.consequent] })),
    sequence: sequence.rows.map((r) => ({ ...r })),
    items: fp.items.slice(0, limit).map((r) => ({ ...r })),
    paths: fp.paths.slice(0, limit).map((r) => ({ ...r })),
  };
  for (const r of rows.basket) [...r.antecedent, ...r.consequent].forEach((i) => shown.add(i));
  for (const r of rows.sequence) [r.antecedent, r.consequent].forEach((i) => shown.add(i));
  for (const r of rows.items) shown.add(r.item);
  for (const r of rows.paths) [r.first, r.second].forEach((i) => shown.add(i));
  const titles: Record<string, string> = {};
  for (const [sku, title] of Object.entries(base.item_titles)) if (shown.has(sku)) titles[sku] = title;
  return {
    params: { ...params },
    baskets: base.baskets,
    basket_rules: rows.basket,
    basket_rules_total: basket.total,
    basket_note: thresholdNote,
    sequence_customers: thresholdNote ? 0 : base.sequence_customers,
    sequence_rules: rows.sequence,
    sequence_rules_total: sequence.total,
    sequence_note: thresholdNote,
    first_products: { ...fp, items: rows.items, paths: rows.paths },
    item_titles: titles,
  };
}

const INSIGHT_TITLES: Record<InsightChartKind, [string, string]> = {
  backtest: ['Backtest: actual vs predicted purchases', '回测：实际与预测购买次数'],
  'churn-risk': ['Customers by churn risk', '客户流失风险分布'],
};

/** The values a fake Predictions chart draws; null when the backend would have nothing to draw. */
export function insightChartValues(kind: InsightChartKind, report: PredictionReport | null): number[] | null {
  if (!report) return null;
  if (kind === 'churn-risk') return report.risk_histogram;
  if (kind === 'backtest') return report.backtest ? report.backtest.result.buckets.flatMap((b) => [b.actual_mean, b.predicted_mean]) : null;
  throw new BackendError(`unknown prediction chart '${String(kind)}': use backtest or churn-risk`);
}

export function insightChartTitle(kind: InsightChartKind, lang: ChartLang): string {
  return INSIGHT_TITLES[kind][lang === 'en' ? 0 : 1];
}

