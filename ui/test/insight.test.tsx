// The Predictions and Products screens over the fake backend (whose data are the engine's own
// results for the sample store: fixtures/sample-predictions.json and sample-products.json), and
// their way into the Export screen.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, SAMPLE } from '../src/backend/fake';
import predictionsJson from '../src/backend/fixtures/sample-predictions.json';
import productsJson from '../src/backend/fixtures/sample-products.json';
import type { AnalysisView, PredictionReport, ProductInsight } from '../src/ipc/bindings';
import { atRiskPreset } from '../src/screens/Predictions';
import { EMPTY_EXPORT_SPEC } from '../src/shell';
import { renderApp } from './render';

const predictions = predictionsJson as unknown as PredictionReport;
const products = productsJson as unknown as ProductInsight;

async function renderShell(options: Parameters<typeof renderApp>[0] = {}) {
  const backend = (options.backend as FakeBackend | undefined) ?? new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store] });
  const analyses = vi.spyOn(backend, 'analyzeStore');
  const result = await renderApp({ locale: 'en', ...options, backend });
  await screen.findByTestId('kpi-customers', {}, { timeout: 5000 });
  await waitFor(() => expect(result.root.getAttribute('data-analysing')).toBe('false'));
  /** The id of the analysis on screen (the newest one). */
  const analysisId = async () => ((await analyses.mock.results[analyses.mock.results.length - 1].value) as AnalysisView).analysis_id;
  return { ...result, backend, analysisId };
}

function nav(name: string) {
  fireEvent.click(screen.getByTestId(`nav-${name}`));
}

async function openPredictions() {
  nav('predictions');
  await waitFor(() => expect(screen.getByTestId('screen-predictions').getAttribute('data-state')).toBe('ready'));
}

async function openProducts() {
  nav('products');
  await waitFor(() => expect(screen.getByTestId('screen-products').getAttribute('data-state')).toBe('ready'));
}

describe('predictions screen', () => {
  it('shows the fixture’s totals, how churn risk is computed (heuristic, with the notes) and the backtest verdict', async () => {
    await renderShell();
    await openPredictions();
    const p = predictions.predictions;
    expect(screen.getByTestId('pred-high-risk').getAttribute('data-value')).toBe(String(p.totals.churn_bands.high));
    expect(screen.getByTestId('pred-high-risk').textContent).toContain(p.totals.churn_bands.high.toLocaleString('en-GB'));
    expect(screen.getByTestId('pred-customers').getAttribute('data-value')).toBe(String(p.customers));
    expect(screen.getByTestId('pred-repeat').getAttribute('data-value')).toBe(String(p.repeat_customers));
    for (const band of ['low', 'medium', 'high'] as const) {
      expect(screen.getByTestId(`pred-band-${band}`).getAttribute('data-value')).toBe(String(p.totals.churn_bands[band]));
    }

    // The sample store's churn risk is the gap-based heuristic: badge, the backend's note, and why.
    expect(p.churn_method).toBe('heuristic');
    const method = screen.getByTestId('pred-method');
    expect(method.getAttribute('data-method')).toBe('heuristic');
    expect(method.textContent).toMatch(/usual gap between purchases/);
    expect(screen.getByTestId('pred-note').getAttribute('data-code')).toBe(p.notes[0].code);
    expect(screen.getByTestId('pred-notes').textContent).toMatch(/usual gap between purchases/);
    const reasons = screen.getAllByTestId('pred-reason').map((r) => r.getAttribute('data-reason'));
    expect(reasons).toContain('no_dropout');
    expect(screen.getAllByTestId('pred-reason').find((r) => r.getAttribute('data-reason') === 'no_dropout')!.textContent).toMatch(
      /almost no customer leaving/,
    );

    // The model parameters, α per day.
    expect(screen.getByTestId('param-alpha').textContent).toContain('per day');
    expect(screen.getByTestId('param-r').textContent).toContain(p.bgnbd!.params.r.toFixed(3));

    // Backtest: verdict from the result, and one table row per bucket.
    const result = predictions.backtest!.result;
    const verdict = screen.getByTestId('backtest-verdict');
    expect(verdict.getAttribute('data-verdict')).toBe(result.verdict);
    expect(result.verdict).toBe('fair');
    expect(verdict.textContent).toBe(
      `Predicted ${Math.round(result.predicted_total).toLocaleString('en-GB')} repeat purchases, actual ${result.actual_total.toLocaleString('en-GB')} (−${Math.abs(result.relative_error! * 100).toFixed(1)}%): fair.`,
    );
    expect(within(screen.getByTestId('backtest-table')).getAllByTestId('backtest-bucket')).toHaveLength(result.buckets.length);

    // Both charts come from the backend as SVG images.
    for (const kind of ['churn-risk', 'backtest']) {
      await waitFor(() => expect(screen.getByTestId(`chart-${kind}`).getAttribute('data-state')).toBe('ready'));
      const img = screen.getByTestId(`chart-${kind}`).querySelector('img')!;
      expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
      expect(decodeURIComponent(img.getAttribute('src')!)).toContain(`data-kind="${kind}"`);
    }

    // The two lists, with the fixture's rows.
    expect(within(screen.getByTestId('pred-at-risk')).getAllByTestId('pred-row')).toHaveLength(predictions.valuable_at_risk.length);
    expect(within(screen.getByTestId('pred-top-clv')).getAllByTestId('pred-row')).toHaveLength(predictions.top_clv.length);
    expect(screen.getByTestId('pred-at-risk-total').getAttribute('data-value')).toBe(String(predictions.valuable_at_risk_total));
  });

  it('fetches once per analysis: switching back is instant', async () => {
    const { backend } = await renderShell();
    await openPredictions();
    nav('dashboard');
    nav('predictions');
    // Ready at once, from the cache.
    expect(screen.getByTestId('screen-predictions').getAttribute('data-state')).toBe('ready');
    expect(backend.calls.filter((c) => c === 'predictionReport')).toHaveLength(1);
  });

  it('shows the verdict in Chinese', async () => {
    await renderShell({ locale: 'zh-CN' });
    expect(screen.getByTestId('nav-predictions').textContent).toBe('预测');
    await openPredictions();
    expect(screen.getByTestId('backtest-verdict').textContent).toMatch(/：一般。$/);
    expect(screen.getByTestId('pred-method').textContent).toContain('经验规则');
  });

  it('a list row opens the customer page, which links back to the predictions', async () => {
    await renderShell();
    await openPredictions();
    const row = within(screen.getByTestId('pred-at-risk')).getAllByTestId('pred-row')[0];
    const id = predictions.valuable_at_risk[0].customer;
    expect(row.getAttribute('data-customer')).toBe(id);
    fireEvent.click(row.querySelector('td')!);
    const c360 = await screen.findByTestId('screen-customer');
    expect(c360.getAttribute('data-customer')).toBe(id);
    fireEvent.click(await screen.findByTestId('c360-predictions-link'));
    expect(await screen.findByTestId('screen-predictions')).toBeTruthy();
  });

  it('"Export high-risk valuable customers" opens the Export screen with the high band and the 80th-percentile CLV', async () => {
    const { backend, analysisId } = await renderShell();
    await openPredictions();
    fireEvent.click(screen.getByTestId('pred-export-at-risk'));
    expect(await screen.findByTestId('screen-export')).toBeTruthy();
    expect((screen.getByTestId('export-churn-high') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('export-churn-low') as HTMLInputElement).checked).toBe(false);
    const minClv = Math.floor(predictions.clv_deciles[7] * 100) / 100;
    expect(Number((screen.getByTestId('export-min-clv') as HTMLInputElement).value)).toBe(minClv);
    const spec = { ...EMPTY_EXPORT_SPEC, ...atRiskPreset(predictions) };
    expect(spec.min_clv).toBe(minClv);
    const expected = await backend.exportPreview(await analysisId(), spec);
    expect(expected.rows).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('export-preview-count').getAttribute('data-value')).toBe(String(expected.rows)));
    expect(screen.getByTestId('export-matched').getAttribute('data-value')).toBe(String(expected.matched));
    const header = within(screen.getByTestId('export-preview-table')).getAllByRole('columnheader').map((h) => h.textContent);
    expect(header.slice(-3)).toEqual(['Churn Risk', 'Churn Risk Band', 'Predicted CLV']);
    expect((screen.getByTestId('export-column-clv') as HTMLInputElement).checked).toBe(true);
  });

  it('shows an empty state when nobody has bought yet', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store] });
    vi.spyOn(backend, 'predictionReport').mockResolvedValue(null);
    await renderShell({ backend });
    await openPredictions();
    expect(screen.getByTestId('pred-empty').textContent).toBe('No purchases yet: there is nothing to predict.');
    expect(screen.queryByTestId('pred-high-risk')).toBeNull();
  });
});

describe('products screen', () => {
  it('shows the fixture’s rules, first products and paths with SKU titles', async () => {
    await renderShell();
    await openProducts();
    expect(screen.getAllByTestId('basket-rule')).toHaveLength(products.basket_rules.length);
    expect(screen.getByTestId('basket-total').getAttribute('data-total')).toBe(String(products.basket_rules_total));
    expect(screen.getByTestId('basket-total').textContent).toBe(`Showing 50 of ${products.basket_rules_total.toLocaleString('en-GB')}.`);
    expect(screen.getAllByTestId('sequence-rule')).toHaveLength(products.sequence_rules.length);
    expect(screen.getAllByTestId('first-product')).toHaveLength(products.first_products.items.length);
    expect(screen.getAllByTestId('product-path')).toHaveLength(products.first_products.paths.length);
    const first = screen.getAllByTestId('first-product')[0];
    expect(first.querySelector('[title]')!.getAttribute('title')).toBe(`85123A · ${products.item_titles['85123A']}`);
    // Multi-item antecedents get no "buyers of A without B".
    const multi = products.basket_rules.findIndex((r) => r.antecedent.length > 1);
    expect(within(screen.getAllByTestId('basket-rule')[multi]).queryByTestId('rule-export')).toBeNull();
  });

  it('raising the minimum confidence leaves fewer rules; the category level is empty', async () => {
    const { backend, analysisId } = await renderShell();
    await openProducts();
    const spy = vi.spyOn(backend, 'productInsight');
    fireEvent.change(screen.getByTestId('prod-min-confidence'), { target: { value: '80' } });
    fireEvent.click(screen.getByTestId('prod-apply'));
    const id = await analysisId();
    await waitFor(() =>
      expect(spy).toHaveBeenCalledWith(id, expect.objectContaining({ min_confidence: 0.8, level: 'sku', within_days: 60 })),
    );
    await waitFor(() => expect(screen.getByTestId('screen-products').getAttribute('data-state')).toBe('ready'));
    const kept = products.basket_rules.filter((r) => r.confidence >= 0.8).length;
    expect(kept).toBeLessThan(products.basket_rules.length);
    expect(screen.getAllByTestId('basket-rule')).toHaveLength(kept);
    expect(screen.queryAllByTestId('sequence-rule').length).toBeLessThan(products.sequence_rules.length);
    for (const row of screen.getAllByTestId('basket-rule')) expect(Number(row.getAttribute('data-confidence'))).toBeGreaterThanOrEqual(0.8);

    fireEvent.click(screen.getByTestId('prod-level-category'));
    await waitFor(() => expect(screen.getByTestId('products-empty')).toBeTruthy());
    expect(spy).toHaveBeenLastCalledWith(id, expect.objectContaining({ level: 'category' }));
    expect(screen.queryByTestId('basket-rule')).toBeNull();
  });

  it('"Buyers of A without B" opens the Export screen with both items', async () => {
    const { backend, analysisId } = await renderShell();
    await openProducts();
    const rule = products.sequence_rules[0];
    fireEvent.click(within(screen.getAllByTestId('sequence-rule')[0]).getByTestId('rule-export'));
    expect(await screen.findByTestId('screen-export')).toBeTruthy();
    const bought = screen.getByTestId('export-bought-item');
    const notBought = screen.getByTestId('export-not-bought-item');
    expect(bought.getAttribute('data-name')).toBe(rule.antecedent);
    expect(notBought.getAttribute('data-name')).toBe(rule.consequent);
    expect(bought.getAttribute('data-level')).toBe('sku');
    expect(bought.textContent).toContain(`Bought: ${rule.antecedent} · ${products.item_titles[rule.antecedent]}`);
    expect(notBought.textContent).toContain(`Not bought: ${rule.consequent}`);
    const spec = {
      ...EMPTY_EXPORT_SPEC,
      bought_item: { level: 'sku' as const, name: rule.antecedent },
      not_bought_item: { level: 'sku' as const, name: rule.consequent },
    };
    const expected = await backend.exportPreview(await analysisId(), spec);
    expect(expected.matched).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('export-matched').getAttribute('data-value')).toBe(String(expected.matched)));
    // Removing the "not bought" chip widens the list.
    fireEvent.click(within(notBought).getByRole('button'));
    expect(screen.queryByTestId('export-not-bought-item')).toBeNull();
    const wider = await backend.exportPreview(await analysisId(), { ...spec, not_bought_item: null });
    expect(wider.matched).toBeGreaterThan(expected.matched);
    await waitFor(() => expect(screen.getByTestId('export-matched').getAttribute('data-value')).toBe(String(wider.matched)));
  });

  it('a first product row exports everyone who bought that product', async () => {
    const { backend, analysisId } = await renderShell();
    await openProducts();
    const first = products.first_products.items[0];
    fireEvent.click(within(screen.getAllByTestId('first-product')[0]).getByTestId('first-product-export'));
    expect(await screen.findByTestId('screen-export')).toBeTruthy();
    expect(screen.getByTestId('export-bought-item').getAttribute('data-name')).toBe(first.item);
    expect(screen.queryByTestId('export-not-bought-item')).toBeNull();
    const expected = await backend.exportPreview(await analysisId(), { ...EMPTY_EXPORT_SPEC, bought_item: { level: 'sku', name: first.item } });
    expect(expected.matched).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('export-matched').getAttribute('data-value')).toBe(String(expected.matched)));
  });
});
