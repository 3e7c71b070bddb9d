import { describe, expect, it } from 'vitest';
import { FakeBackend, FAKE_DOWNLOADS, SAMPLE } from '../src/backend/fake';
import { isoWeekOf, segmentOf } from '../src/backend/fake-data';
import type { AnalysisSettings, CustomerQuery, ExportSpec, PredictionReport, ProductInsight } from '../src/ipc/bindings';
import analysisFixture from '../src/backend/fixtures/sample-analysis.json';
import predictionsFixture from '../src/backend/fixtures/sample-predictions.json';
import productsFixture from '../src/backend/fixtures/sample-products.json';

const QUERY: CustomerQuery = {
  offset: 0,
  limit: 100,
  sort: 'net_revenue',
  descending: true,
  search: '',
  segment: null,
  class8: null,
  tier: null,
  lifecycle: null,
  rf_cell: null,
};

export const EMPTY_SPEC: ExportSpec = {
  segments: [],
  classes: [],
  tiers: [],
  lifecycle: [],
  overdue_only: false,
  countries: [],
  product_bought: null,
  last_order_from: null,
  last_order_to: null,
  min_spend: null,
  churn_risk: [],
  min_clv: null,
  bought_item: null,
  not_bought_item: null,
  include_no_consent: false,
  columns: [],
  preset: 'generic',
  encoding: 'utf8',
  coupon_prefix: null,
};

async function analysed(options = {}) {
  const backend = new FakeBackend({ stepDelayMs: 0, stores: [SAMPLE.store], ...options });
  const settings = await backend.getAnalysisSettings(SAMPLE.store.id);
  const view = await backend.analyzeStore(SAMPLE.store.id, settings);
  return { backend, settings, view };
}

describe('fake analysis', () => {
  it('returns the fixture analysis for the store, without per-customer rows', async () => {
    const { view } = await analysed();
    expect(view.store_id).toBe(SAMPLE.store.id);
    expect(view.store_name).toBe(SAMPLE.store.name);
    expect(view.analysis.kpis.current.customers).toBe(analysisFixture.analysis.kpis.current.customers);
    expect(view.analysis.customers).toEqual([]);
  });

  it('refuses customer pages before any analysis', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0, stores: [SAMPLE.store] });
    await expect(backend.customersPage(1, QUERY)).rejects.toMatchObject({ code: 'analysis.gone', params: { analysis_id: 1 } });
  });

  it('keeps the newest three analyses by id, like the backend', async () => {
    const { backend, settings, view: first } = await analysed();
    const second = await backend.analyzeStore(SAMPLE.store.id, settings);
    expect(second.analysis_id).not.toBe(first.analysis_id);
    expect((await backend.customersPage(first.analysis_id, { ...QUERY, limit: 1 })).rows).toHaveLength(1);
    const third = await backend.analyzeStore(SAMPLE.store.id, settings);
    expect((await backend.customersPage(first.analysis_id, { ...QUERY, limit: 1 })).rows).toHaveLength(1);
    await backend.analyzeStore(SAMPLE.store.id, settings);
    await expect(backend.customersPage(first.analysis_id, QUERY)).rejects.toMatchObject({ code: 'analysis.gone' });
    await expect(backend.chartSvg(first.analysis_id, 'km', 'en', 'light', 640, 320)).rejects.toMatchObject({ code: 'analysis.gone' });
    expect((await backend.customersPage(second.analysis_id, { ...QUERY, limit: 1 })).rows).toHaveLength(1);
    expect((await backend.customersPage(third.analysis_id, { ...QUERY, limit: 1 })).rows).toHaveLength(1);
  });

  it('has a customer population that agrees with the analysis counts', async () => {
    const { backend, view } = await analysed();
    const a = view.analysis;
    const all = await backend.customersPage(view.analysis_id, { ...QUERY, limit: 1 });
    expect(all.total).toBe(a.lifecycle.stages.reduce((s, x) => s + x.customers, 0));
    for (const seg of a.segments) {
      const page = await backend.customersPage(view.analysis_id, { ...QUERY, segment: seg.segment, limit: 1000 });
      expect(page.total, seg.segment).toBe(seg.customers);
      expect(page.rows.every((r) => r.segment === seg.segment && r.r !== null && segmentOf(r.r, r.f!) === seg.segment)).toBe(true);
    }
    for (const c of a.eight_class.classes) {
      expect((await backend.customersPage(view.analysis_id, { ...QUERY, class8: c.class })).total, c.class).toBe(c.customers);
    }
    for (const t of a.tiers) expect((await backend.customersPage(view.analysis_id, { ...QUERY, tier: t.tier })).total).toBe(t.customers);
    for (const s of a.lifecycle.stages) {
      expect((await backend.customersPage(view.analysis_id, { ...QUERY, lifecycle: s.stage })).total).toBe(s.customers);
    }
    expect((await backend.customersPage(view.analysis_id, { ...QUERY, rf_cell: [5, 5] })).total).toBe(a.rfm.rf_grid[4][4]);
  });

  it('sorts, searches and pages like the backend (stable, ties by id)', async () => {
    const { backend, view } = await analysed();
    const first = await backend.customersPage(view.analysis_id, QUERY);
    expect(first.rows).toHaveLength(100);
    expect(first.rows[0].customer).toBe('14646'); // the sample's biggest spender
    for (let i = 1; i < first.rows.length; i++) {
      expect(first.rows[i - 1].net_revenue).toBeGreaterThanOrEqual(first.rows[i].net_revenue);
    }
    const second = await backend.customersPage(view.analysis_id, { ...QUERY, offset: 100 });
    expect(second.offset).toBe(100);
    expect(second.rows[0].net_revenue).toBeLessThanOrEqual(first.rows[99].net_revenue);
    const ids = new Set([...first.rows, ...second.rows].map((r) => r.customer));
    expect(ids.size).toBe(200);

    const byRecency = await backend.customersPage(view.analysis_id, { ...QUERY, sort: 'recency', descending: false });
    expect(byRecency.rows[0].recency_days).toBe(0);
    const search = await backend.customersPage(view.analysis_id, { ...QUERY, search: '1464' });
    expect(search.rows.every((r) => r.customer.includes('1464'))).toBe(true);
    expect(search.total).toBeGreaterThan(0);
    const beyond = await backend.customersPage(view.analysis_id, { ...QUERY, offset: 1_000_000 });
    expect(beyond.rows).toEqual([]);
  });

  it('applies settings: fixed churn threshold, reporting currency, weekly cohorts, as-of date', async () => {
    const { backend, settings } = await analysed();
    const next: AnalysisSettings = {
      reporting_currency: 'USD',
      params: { ...settings.params, churn: { rule: 'fixed', days: 60 }, cohort_period: 'iso_week', as_of: '2011-12-01' },
    };
    const view = await backend.analyzeStore(SAMPLE.store.id, next);
    expect(view.analysis.churn.threshold_days).toBe(60);
    expect(view.analysis.churn.rate!).toBeGreaterThan(analysisFixture.analysis.churn.rate);
    expect(view.analysis.currency).toBe('USD');
    expect(view.analysis.kpis.current.net_revenue).toBeGreaterThan(analysisFixture.analysis.kpis.current.net_revenue);
    expect(view.analysis.cohorts.period).toBe('iso_week');
    expect(view.analysis.cohorts.rows[0].cohort).toMatch(/^\d{4}-W\d{2}$/);
    expect(view.analysis.as_of).toMatchObject({ date: '2011-12-01', rule: 'given', note: null });
    // Saved per store, like the backend.
    expect(await backend.getAnalysisSettings(SAMPLE.store.id)).toEqual(next);
    expect(isoWeekOf('2011-01-03')).toBe('2011-W01');
    expect(isoWeekOf('2010-12-01')).toBe('2010-W48');
  });

  it('draws a small valid SVG naming the chart and language', async () => {
    const { backend, view } = await analysed();
    for (const lang of ['en', 'zh-CN'] as const) {
      const svg = await backend.chartSvg(view.analysis_id, 'churn-trend', lang, 'light', 640, 320);
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
      const root = doc.documentElement;
      expect(root.tagName).toBe('svg');
      expect(root.getAttribute('data-kind')).toBe('churn-trend');
      expect(root.getAttribute('data-lang')).toBe(lang);
      expect(root.getAttribute('viewBox')).toBe('0 0 640 320');
      expect(svg).toContain(lang === 'en' ? 'Churn rate by month' : '每月流失率');
      expect(svg.length).toBeLessThan(20_000);
    }
    await expect(backend.chartSvg(view.analysis_id, 'km', 'en', 'dark', 100, 100)).rejects.toThrow(/out of range/);
    const saved = await backend.saveChart(view.analysis_id, 'rf-heatmap', 'zh-CN', 'png', 'downloads');
    expect(saved?.path).toBe(`${FAKE_DOWNLOADS}/repeatlens-rf-heatmap-2011-12-10.png`);
  });

  it('previews and saves coupon target lists from the customer rows', async () => {
    const { backend, view } = await analysed();
    const champions = view.analysis.segments.find((s) => s.segment === 'Champions')!.customers;
    const spec: ExportSpec = { ...EMPTY_SPEC, segments: ['Champions'] };
    const preview = await backend.exportPreview(view.analysis_id, spec);
    expect(preview.matched).toBe(champions);
    expect(preview.excluded_no_consent).toBeGreaterThan(0);
    expect(preview.rows).toBe(preview.matched - preview.excluded_no_consent - preview.excluded_no_email);
    expect(preview.header[0]).toBe('Customer ID');
    expect(preview.first_rows.length).toBe(20);
    expect(preview.first_rows.every((r) => r.length === preview.header.length)).toBe(true);

    const all = await backend.exportPreview(view.analysis_id, { ...spec, include_no_consent: true });
    expect(all.excluded_no_consent).toBe(0);
    expect(all.rows).toBe(champions);

    const klaviyo = await backend.exportPreview(view.analysis_id, { ...spec, preset: 'klaviyo', coupon_prefix: 'VIP' });
    expect(klaviyo.header).toEqual(['Email', 'First Name', 'Last Name', 'Phone Number', 'Country', 'Coupon Code']);
    expect(klaviyo.excluded_no_email).toBeGreaterThan(0);
    expect(klaviyo.first_rows[0][5]).toMatch(/^VIP-[2-9A-HJ-NP-Z]{8}$/);

    await expect(backend.exportPreview(view.analysis_id, { ...spec, coupon_prefix: 'no spaces' })).rejects.toThrow(/coupon prefix/);
    await expect(backend.exportPreview(view.analysis_id, { ...spec, last_order_from: '2011-12-01', last_order_to: '2011-01-01' })).rejects.toThrow(
      /after last order to/,
    );

    const saved = await backend.exportSave(view.analysis_id, { spec, target: 'downloads' });
    expect(saved).toEqual({ path: `${FAKE_DOWNLOADS}/repeatlens-targets-2011-12-10.csv`, rows: preview.rows });
    const again = await backend.exportSave(view.analysis_id, { spec, target: 'downloads' });
    expect(again?.path).toBe(`${FAKE_DOWNLOADS}/repeatlens-targets-2011-12-10-2.csv`);
    const cancelled = new FakeBackend({ stepDelayMs: 0, stores: [SAMPLE.store], saveDialogPath: null });
    const cancelledView = await cancelled.analyzeStore(SAMPLE.store.id, await cancelled.getAnalysisSettings(SAMPLE.store.id));
    expect(await cancelled.exportSave(cancelledView.analysis_id, { spec, target: 'dialog' })).toBeNull();
  });

  it('filters exports by predicted churn band and CLV, with the forecast columns, like the engine’s report', async () => {
    const { backend, view } = await analysed();
    const report = predictionsFixture as unknown as PredictionReport;
    const bands = report.predictions.totals.churn_bands;
    const columns: ExportSpec['columns'] = ['customer_id', 'churn_risk', 'churn_band', 'clv', 'next_purchase'];
    // Every band has the report's number of customers (consent aside: matched counts them all).
    for (const band of ['low', 'medium', 'high'] as const) {
      const p = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, churn_risk: [band], columns, include_no_consent: true });
      expect(p.matched, band).toBe(bands[band]);
      expect(p.header).toEqual(['Customer ID', 'Churn Risk', 'Churn Risk Band', 'Predicted CLV', 'Expected Next Purchase']);
      expect(p.first_rows.every((r) => r[2] === band)).toBe(true);
      expect(p.first_rows.every((r) => /^0\.\d{3}$/.test(r[1]))).toBe(true);
    }
    const both = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, churn_risk: ['medium', 'high'], include_no_consent: true });
    expect(both.matched).toBe(bands.medium + bands.high);

    // The fixture's own customers keep their forecast: the top CLV customer heads the list.
    const top = report.top_clv[0];
    const minClv = Math.floor(report.clv_deciles[8] * 100) / 100;
    const rich = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, min_clv: minClv, columns, include_no_consent: true });
    expect(rich.first_rows.every((r) => Number(r[3]) >= minClv)).toBe(true);
    expect(rich.first_rows.find((r) => r[0] === top.customer)?.[3]).toBe(top.clv!.toFixed(2));
    // About a tenth of the buyers are above the 90th percentile.
    const buyers = bands.low + bands.medium + bands.high;
    expect(rich.matched).toBeGreaterThan(buyers * 0.08);
    expect(rich.matched).toBeLessThan(buyers * 0.12);
    const richAtRisk = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, min_clv: minClv, churn_risk: ['high'], include_no_consent: true });
    expect(richAtRisk.matched).toBeGreaterThan(0);
    expect(richAtRisk.matched).toBeLessThan(rich.matched);

    // The Customer 360 forecast is the same one.
    const detail = await backend.customerDetail(view.analysis_id, top.customer);
    expect(detail.prediction).toMatchObject({ clv: top.clv, churn_band: top.churn_band, churn_method: 'heuristic' });
  });

  it('filters exports to buyers of one item who never bought another', async () => {
    const { backend, view } = await analysed();
    const rule = (productsFixture as unknown as ProductInsight).sequence_rules[0];
    const a = { level: 'sku' as const, name: rule.antecedent };
    const b = { level: 'sku' as const, name: rule.consequent };
    const bought = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, bought_item: a, include_no_consent: true });
    const without = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, bought_item: a, not_bought_item: b, include_no_consent: true });
    const boughtB = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, bought_item: b, include_no_consent: true });
    const neither = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, not_bought_item: a, include_no_consent: true });
    const all = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, include_no_consent: true });
    expect(bought.matched).toBeGreaterThan(0);
    expect(without.matched).toBeGreaterThan(0);
    expect(without.matched).toBeLessThan(bought.matched);
    expect(boughtB.matched).toBeGreaterThan(0);
    // Bought A and not bought A split everyone.
    expect(bought.matched + neither.matched).toBe(all.matched);
    // The sample store has no categories: nobody bought one.
    const category = await backend.exportPreview(view.analysis_id, { ...EMPTY_SPEC, bought_item: { level: 'category', name: rule.antecedent } });
    expect(category.matched).toBe(0);
  });

  it('serves the engine’s prediction report and product insight, filtered by stricter parameters', async () => {
    const { backend, view } = await analysed();
    expect(await backend.predictionReport(view.analysis_id)).toEqual(predictionsFixture);
    const base = productsFixture as unknown as ProductInsight;
    const defaults = await backend.productInsight(view.analysis_id, base.params);
    expect(defaults.basket_rules).toEqual(base.basket_rules);
    expect(defaults.basket_rules_total).toBe(base.basket_rules_total);
    const strict = await backend.productInsight(view.analysis_id, { ...base.params, min_support: 0.015, min_confidence: 0.5, limit: 10 });
    expect(strict.basket_rules.length).toBeLessThanOrEqual(10);
    expect(strict.basket_rules.every((r) => r.support >= 0.015 && r.confidence >= 0.5)).toBe(true);
    expect(strict.basket_rules_total).toBe(base.basket_rules.filter((r) => r.support >= 0.015 && r.confidence >= 0.5).length);
    const category = await backend.productInsight(view.analysis_id, { ...base.params, level: 'category' });
    expect(category).toMatchObject({ baskets: 0, basket_rules: [], sequence_rules: [], item_titles: {} });
    expect(category.first_products.items).toEqual([]);
    const bad = await backend.productInsight(view.analysis_id, { ...base.params, min_support: 0 });
    expect(bad.basket_note).toMatch(/minimum support 0 must be in/);
    // Charts: the histogram always, the backtest when there is one.
    const svg = await backend.insightChartSvg(view.analysis_id, 'churn-risk', 'zh-CN', 'light', 640, 320);
    expect(svg).toContain('客户流失风险分布');
    expect(await backend.insightChartSvg(view.analysis_id, 'backtest', 'en', 'dark', 640, 320)).toContain('data-kind="backtest"');
    const saved = await backend.saveInsightChart(view.analysis_id, 'backtest', 'en', 'png', 'downloads');
    expect(saved?.path).toBe(`${FAKE_DOWNLOADS}/repeatlens-backtest-${predictionsFixture.as_of}.png`);
  });

  it('keeps app settings, deletes stores and cancels a running import', async () => {
    const backend = new FakeBackend({ stepDelayMs: 2 });
    expect(await backend.getAppSettings()).toEqual({ language: null, theme: null });
    await backend.saveAppSettings({ language: 'zh-CN', theme: null });
    expect(await backend.getAppSettings()).toEqual({ language: 'zh-CN', theme: null });

    const running = backend.loadSampleStore('sample-1', () => {});
    await new Promise((r) => setTimeout(r, 5));
    expect(await backend.cancelJob('another-job')).toBe(false); // only the named job is cancelled
    expect(await backend.cancelJob('sample-1')).toBe(true);
    await expect(running).rejects.toThrow(/cancelled; nothing was imported/);
    await expect(running).rejects.toMatchObject({ code: 'import.cancelled' });
    expect(await backend.listStores()).toEqual([]);
    expect(await backend.cancelJob('sample-1')).toBe(false); // no longer running

    const report = await backend.loadSampleStore('sample-2', () => {});
    expect(await backend.deleteStore(report.store_id)).toBe(true);
    expect(await backend.deleteStore(report.store_id)).toBe(false);
    expect(await backend.listStores()).toEqual([]);
  });
});
