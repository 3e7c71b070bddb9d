import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, SAMPLE } from '../src/backend/fake';
import analysisFixture from '../src/backend/fixtures/sample-analysis.json';
import predictionsJson from '../src/backend/fixtures/sample-predictions.json';
import type { AnalysisView, CustomerQuery, PredictionReport } from '../src/ipc/bindings';
import { PAGE_SIZE, ROW_HEIGHT } from '../src/screens/Customers';
import { renderApp } from './render';

const fixture = analysisFixture as unknown as AnalysisView;
const predictionsFixture = predictionsJson as unknown as PredictionReport;
const NAV = ['dashboard', 'segments', 'cohorts', 'churn', 'repurchase', 'predictions', 'products', 'customers', 'export', 'settings', 'stores'];

/** The app with the sample store present: it opens on the dashboard once analysed. */
async function renderShell(options: Parameters<typeof renderApp>[0] = {}) {
  const backend = (options.backend as FakeBackend | undefined) ?? new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store], ...options });
  const result = await renderApp({ locale: 'en', ...options, backend });
  await screen.findByTestId('kpi-customers', {}, { timeout: 5000 });
  await waitFor(() => expect(result.root.getAttribute('data-analysing')).toBe('false'));
  return { ...result, backend };
}

function nav(name: string) {
  fireEvent.click(screen.getByTestId(`nav-${name}`));
}

async function waitForCount(value: number) {
  await waitFor(() => expect(screen.getByTestId('customer-count').getAttribute('data-value')).toBe(String(value)));
}

describe('app shell', () => {
  it('opens the store’s dashboard and reaches every screen from the sidebar', async () => {
    const { root, backend } = await renderShell();
    expect(root.getAttribute('data-ready')).toBe('true');
    expect(screen.getByTestId('screen-dashboard')).toBeTruthy();
    expect(backend.calls).toContain('getAnalysisSettings');
    expect(backend.calls.filter((c) => c === 'analyzeStore')).toHaveLength(1);
    for (const name of NAV) {
      nav(name);
      expect(await screen.findByTestId(`screen-${name}`)).toBeTruthy();
      expect(screen.getByTestId(`nav-${name}`).getAttribute('aria-current')).toBe('page');
    }
    // The first screen's content is the Stores screen, with the open store marked.
    expect(screen.getByTestId('store-row').className).toContain('is-current');
    expect(screen.getByTestId('load-sample')).toBeTruthy();
  });

  it('marks the app root while an analysis runs and re-analyses when the currency changes', async () => {
    const { root, backend } = await renderShell({ analysisDelayMs: 30 });
    const analyse = vi.spyOn(backend, 'analyzeStore');
    fireEvent.change(screen.getByTestId('currency'), { target: { value: 'USD' } });
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('true'));
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('false'));
    expect(analyse).toHaveBeenCalledWith(SAMPLE.store.id, expect.objectContaining({ reporting_currency: 'USD' }));
    expect(screen.getByTestId('kpi-net-revenue').textContent).toContain('US$');
  });

  it('shows analysis errors in the error panel', async () => {
    await renderApp({ locale: 'en', stores: [SAMPLE.store], fail: { analyzeStore: 'store 1: no exchange rate for XXX' } });
    const panel = await screen.findByTestId('error');
    expect(panel.getAttribute('data-context')).toBe('analysis');
    expect(panel.textContent).toContain('Couldn’t analyse the store');
    expect(screen.getByTestId('error-message').textContent).toBe('store 1: no exchange rate for XXX');
    expect(screen.getByTestId('nav-settings')).toBeTruthy();
  });

  it('opens a freshly loaded sample store in the shell and offers its dashboard', async () => {
    await renderApp({ locale: 'en', stepDelayMs: 1 });
    fireEvent.click(screen.getByTestId('load-sample'));
    await screen.findByTestId('store-row');
    expect(await screen.findByTestId('nav-dashboard')).toBeTruthy();
    fireEvent.click(await screen.findByTestId('report-open-dashboard'));
    const kpi = await screen.findByTestId('kpi-customers');
    expect(kpi.getAttribute('data-value')).toBe(String(fixture.analysis.kpis.current.customers));
  });

  it('cancels a running import: nothing imported, no error', async () => {
    const backend = new FakeBackend({ stepDelayMs: 10 });
    const load = vi.spyOn(backend, 'loadSampleStore');
    const cancel = vi.spyOn(backend, 'cancelJob');
    await renderApp({ locale: 'en', backend });
    fireEvent.click(screen.getByTestId('load-sample'));
    fireEvent.click(await screen.findByTestId('import-cancel'));
    expect(await screen.findByTestId('import-cancelled')).toBeTruthy();
    expect(cancel).toHaveBeenCalledTimes(1);
    // The job cancelled is the one the import runs as.
    expect(cancel).toHaveBeenCalledWith(load.mock.calls[0][0]);
    expect(await cancel.mock.results[0].value).toBe(true);
    expect(screen.queryByTestId('error')).toBeNull();
    expect(screen.queryByTestId('progress')).toBeNull();
    expect(screen.queryAllByTestId('store-row')).toHaveLength(0);
  });
});

describe('store changes', () => {
  it('re-analyses the open store when the backend reports its data changed (an import not made through the UI)', async () => {
    const { root, backend } = await renderShell({ analysisDelayMs: 30 });
    const analyse = vi.spyOn(backend, 'analyzeStore');
    const list = vi.spyOn(backend, 'listStores');
    const report = vi.spyOn(backend, 'predictionReport');
    // Straight through the backend (a sync, a second window): only its store-changed event tells the UI.
    await act(async () => {
      await backend.loadSampleStore('outside-import', () => undefined);
    });
    await waitFor(() => expect(analyse).toHaveBeenCalledTimes(1));
    expect(analyse).toHaveBeenCalledWith(SAMPLE.store.id, expect.objectContaining({ params: expect.anything() }));
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('true'));
    // The dashboard stays on screen while it is redone.
    expect(screen.getByTestId('kpi-customers')).toBeTruthy();
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('false'));
    expect(list).toHaveBeenCalled();
    expect(screen.queryByTestId('error')).toBeNull();
    // The screens now work on the new analysis.
    const fresh = ((await analyse.mock.results[0].value) as AnalysisView).analysis_id;
    nav('predictions');
    await waitFor(() => expect(screen.getByTestId('screen-predictions').getAttribute('data-state')).toBe('ready'));
    expect(report).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledWith(fresh);
  });

  it('a change to another store refreshes the store list without re-analysing the open one', async () => {
    const { backend } = await renderShell();
    const analyse = vi.spyOn(backend, 'analyzeStore');
    await act(async () => {
      await backend.importFile('outside-import', '/tmp/orders_export_shopify.csv', null, null, () => undefined);
    });
    await waitFor(() => expect(within(screen.getByTestId('store-switcher')).getAllByRole('option')).toHaveLength(2));
    expect(analyse).not.toHaveBeenCalled();
  });

  it('a late result of an older analysis never replaces a newer one', async () => {
    const { root, backend } = await renderShell();
    const real = backend.analyzeStore.bind(backend);
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const analyse = vi.spyOn(backend, 'analyzeStore').mockImplementation(async (id, settings) => {
      const view = await real(id, settings);
      if (settings.reporting_currency === 'USD') await slow;
      return view;
    });
    fireEvent.change(screen.getByTestId('currency'), { target: { value: 'USD' } });
    await waitFor(() => expect(analyse).toHaveBeenCalledTimes(1));
    fireEvent.change(screen.getByTestId('currency'), { target: { value: 'EUR' } });
    await waitFor(() => expect(screen.getByTestId('kpi-net-revenue').textContent).toContain('€'));
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('false'));
    // The USD analysis ends last: it is not shown.
    await act(async () => {
      releaseSlow();
      await analyse.mock.results[0].value;
    });
    expect(screen.getByTestId('kpi-net-revenue').textContent).toContain('€');
    expect((screen.getByTestId('currency') as HTMLSelectElement).value).toBe('EUR');
  });

  it('Predictions opened twice for one analysis asks the backend once', async () => {
    const { backend } = await renderShell();
    const report = vi.spyOn(backend, 'predictionReport');
    nav('predictions');
    await waitFor(() => expect(screen.getByTestId('screen-predictions').getAttribute('data-state')).toBe('ready'));
    nav('segments');
    expect(await screen.findByTestId('screen-segments')).toBeTruthy();
    nav('predictions');
    // From the query cache, in the first render.
    expect(screen.getByTestId('screen-predictions').getAttribute('data-state')).toBe('ready');
    expect(report).toHaveBeenCalledTimes(1);
  });
});

describe('dashboard', () => {
  it('shows the fixture’s KPIs with changes against the previous period', async () => {
    await renderShell();
    const k = fixture.analysis.kpis;
    const customers = screen.getByTestId('kpi-customers');
    expect(customers.getAttribute('data-value')).toBe(String(k.current.customers));
    expect(within(customers).getByText('4,258')).toBeTruthy();
    // 613 → 4,258 customers: up.
    const delta = within(customers).getByTestId('kpi-delta');
    expect(delta.getAttribute('data-direction')).toBe('up');
    expect(delta.textContent).toContain('594.6%');
    expect(screen.getByTestId('kpi-net-revenue').textContent).toContain('£9,334,978.69');
    // Both repeat rates, each with its look-back in the label.
    expect(screen.getByTestId('kpi-repeat-all-time').textContent).toContain('Repeat customers (all time)');
    expect(screen.getByTestId('kpi-repeat-recent').textContent).toContain('Repeat customers (last 365 days)');
    expect(screen.getByTestId('kpi-repeat-recent').textContent).toContain('64.8%');
    // Churn went up from 0 %: shown in points, and as bad news.
    const churn = within(screen.getByTestId('kpi-churn')).getByTestId('kpi-delta');
    expect(churn.textContent).toContain('29.7 pts');
    expect(churn.className).toContain('is-bad');
    expect(screen.getByTestId('kpi-median-gap').textContent).toContain('28 days');
    expect(screen.getByTestId('as-of-note').textContent).toContain('so everything is shown as of the day after it: 10 Dec 2011');
  });

  it('shows the backend’s charts as SVG images (data URLs, never markup in the page)', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store] });
    const analyse = vi.spyOn(backend, 'analyzeStore');
    const draw = vi.spyOn(backend, 'chartSvg');
    await renderShell({ backend });
    for (const kind of ['revenue', 'customers', 'segments', 'tiers', 'churn-trend']) {
      const figure = screen.getByTestId(`chart-${kind}`);
      await waitFor(() => expect(figure.getAttribute('data-state')).toBe('ready'));
      const img = figure.querySelector('img')!;
      expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
      expect(decodeURIComponent(img.getAttribute('src')!)).toContain(`data-kind="${kind}"`);
      expect(figure.querySelector('svg')).toBeNull();
    }
    // Drawn for the analysis shown, in whole pixels (Chart rounds the measured size).
    const { analysis_id } = await analyse.mock.results[analyse.mock.results.length - 1].value;
    expect(draw.mock.calls.length).toBeGreaterThan(0);
    for (const [id, , , , width, height] of draw.mock.calls) {
      expect(id).toBe(analysis_id);
      expect(Number.isInteger(width) && Number.isInteger(height)).toBe(true);
    }
  });
});

describe('segments', () => {
  it('clicking a segment opens the customers filtered to exactly that segment', async () => {
    await renderShell();
    nav('segments');
    const rows = await screen.findAllByTestId('segment-row');
    expect(rows).toHaveLength(10);
    const champions = rows.find((r) => r.getAttribute('data-segment') === 'Champions')!;
    expect(champions.getAttribute('data-count')).toBe('604');
    fireEvent.click(champions);
    expect(await screen.findByTestId('screen-customers')).toBeTruthy();
    expect((screen.getByTestId('filter-segment') as HTMLSelectElement).value).toBe('Champions');
    await waitForCount(604);
    await waitFor(() => expect(screen.getAllByTestId('customer-row').length).toBeGreaterThan(0));
  });

  it('shows the 5×5 R×F grid (R 5..1 down, F 1..5 across); a cell filters the customers', async () => {
    await renderShell();
    nav('segments');
    const cells = await screen.findAllByTestId('rf-cell');
    expect(cells).toHaveLength(25);
    expect([cells[0].getAttribute('data-r'), cells[0].getAttribute('data-f')]).toEqual(['5', '1']);
    expect([cells[24].getAttribute('data-r'), cells[24].getAttribute('data-f')]).toEqual(['1', '5']);
    const r5f5 = cells.find((c) => c.getAttribute('data-r') === '5' && c.getAttribute('data-f') === '5')!;
    expect(r5f5.getAttribute('data-count')).toBe(String(fixture.analysis.rfm.rf_grid[4][4]));
    fireEvent.click(r5f5);
    expect(await screen.findByTestId('filter-rf')).toBeTruthy();
    await waitForCount(fixture.analysis.rfm.rf_grid[4][4]);
  });

  it('switches to the 8-class map; a class row filters the customers', async () => {
    await renderShell();
    nav('segments');
    fireEvent.click(await screen.findByTestId('map-8'));
    const rows = await screen.findAllByTestId('class-row');
    expect(rows.map((r) => r.getAttribute('data-class'))).toEqual(fixture.analysis.eight_class.classes.map((c) => c.class));
    // English mode: the Chinese name with its English gloss.
    expect(rows[0].textContent).toContain('重要价值客户');
    expect(rows[0].textContent).toContain('Important value');
    fireEvent.click(rows[0]);
    await waitForCount(710);
  });
});

describe('cohorts', () => {
  it('leaves cells of periods not yet observable blank, never 0', async () => {
    await renderShell();
    nav('cohorts');
    const table = await screen.findByTestId('cohort-retention');
    const rows = within(table).getAllByTestId('cohort-row');
    const cohorts = fixture.analysis.cohorts.rows;
    expect(rows).toHaveLength(cohorts.length);
    const periods = Math.max(...cohorts.map((c) => c.customer_retention.length));
    rows.forEach((row, i) => {
      const cells = within(row).getAllByTestId('cohort-cell');
      expect(cells).toHaveLength(periods);
      const observed = cohorts[i].customer_retention.length;
      cells.forEach((cell, k) => {
        if (k < observed) {
          expect(cell.getAttribute('data-absent')).toBeNull();
          expect(cell.textContent).toMatch(/%$/);
        } else {
          expect(cell.getAttribute('data-absent')).toBe('true');
          expect(cell.textContent).toBe('');
        }
      });
    });
    // The youngest cohort (the as-of month) has only its first period.
    const last = rows[rows.length - 1];
    expect(within(last).getAllByTestId('cohort-cell').filter((c) => c.getAttribute('data-absent') === 'true')).toHaveLength(periods - 1);
    expect(within(screen.getByTestId('cohort-revenue')).getAllByTestId('cohort-row')).toHaveLength(cohorts.length);
    expect(screen.getByTestId('chart-ltv')).toBeTruthy();
  });

  it('splits by country and switches the period to ISO weeks (re-analysis)', async () => {
    const { backend } = await renderShell();
    const analyse = vi.spyOn(backend, 'analyzeStore');
    nav('cohorts');
    fireEvent.change(await screen.findByTestId('cohort-split'), { target: { value: 'first_order_country' } });
    const group = screen.getByTestId('cohort-group') as HTMLSelectElement;
    expect(group.options[0].textContent).toContain('United Kingdom');
    fireEvent.change(group, { target: { value: '1' } });
    const firstCountry = fixture.analysis.cohorts.splits.first_order_country[1];
    expect(within(screen.getByTestId('cohort-retention')).getAllByTestId('cohort-row')).toHaveLength(firstCountry.rows.length);

    fireEvent.click(screen.getByTestId('cohort-period-iso_week'));
    await waitFor(() => expect(analyse).toHaveBeenCalled());
    expect(analyse.mock.calls[0][1].params.cohort_period).toBe('iso_week');
    await waitFor(() => expect(screen.getAllByTestId('cohort-row')[0].getAttribute('data-cohort')).toMatch(/-W\d\d$/));
  });
});

describe('churn', () => {
  it('states the top findings in plain language', async () => {
    await renderShell();
    nav('churn');
    const findings = await screen.findAllByTestId('churn-finding');
    expect(findings).toHaveLength(3);
    expect(findings[0].textContent).toContain('Customers whose last order was for product 22423 churn 1.7× as often as average.');
    const rows = screen.getAllByTestId('breakdown-row');
    const lifts = rows.map((r) => Number(r.getAttribute('data-lift')));
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    expect(screen.getByTestId('chart-km')).toBeTruthy();
    expect(screen.getByTestId('chart-churn-trend')).toBeTruthy();
  });

  it('recomputes live when the threshold changes to fixed days', async () => {
    const { backend, root } = await renderShell();
    const analyse = vi.spyOn(backend, 'analyzeStore');
    nav('churn');
    const days = await screen.findByTestId('churn-days');
    fireEvent.change(days, { target: { value: '60' } });
    fireEvent.keyDown(days, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('churn-summary').getAttribute('data-threshold')).toBe('60'));
    expect(analyse).toHaveBeenCalledTimes(1);
    expect(analyse.mock.calls[0][1].params.churn).toEqual({ rule: 'fixed', days: 60 });
    await waitFor(() => expect(root.getAttribute('data-analysing')).toBe('false'));
    expect((screen.getByTestId('churn-fixed') as HTMLInputElement).checked).toBe(true);
    const rate = Number(screen.getByTestId('churn-rate').getAttribute('data-value'));
    expect(rate).toBeGreaterThan(fixture.analysis.churn.rate!);

    fireEvent.click(screen.getByTestId('churn-auto'));
    await waitFor(() => expect(screen.getByTestId('churn-summary').getAttribute('data-threshold')).toBe('110'));
    expect(analyse.mock.calls[1][1].params.churn).toEqual({ rule: 'percentile', percentile: 0.9, floor_days: 30 });
  });
});

describe('repurchase', () => {
  it('lists cycles with "first 300 of N" and overdue customers that open their 360 page', async () => {
    const view = structuredClone(fixture);
    view.skus_total = 1234;
    view.analysis.repurchase.skus[1] = { ...view.analysis.repurchase.skus[1], enough_data: false, p25_days: null, median_days: null, p75_days: null };
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store] });
    const real = backend.analyzeStore.bind(backend);
    vi.spyOn(backend, 'analyzeStore').mockImplementation(async (id, s) => ({ ...(await real(id, s)), skus_total: 1234, analysis: { ...(await real(id, s)).analysis, repurchase: view.analysis.repurchase } }));
    await renderShell({ backend });
    nav('repurchase');
    const shown = await screen.findByTestId('cycle-shown');
    expect(shown.textContent).toBe(`First ${view.analysis.repurchase.skus.length} of 1,234 items, most repeat buyers first.`);
    const rows = screen.getAllByTestId('cycle-row');
    expect(rows[1].getAttribute('data-enough')).toBe('false');
    expect(rows[1].textContent).toContain('not enough data');
    expect(rows[0].textContent).toContain('48');
    expect(screen.getByTestId('overdue-total').getAttribute('data-value')).toBe('123572');
    expect(screen.getByTestId('chart-repurchase')).toBeTruthy();

    fireEvent.click(screen.getAllByTestId('overdue-customer')[0]);
    const page = await screen.findByTestId('screen-customer');
    expect(page.getAttribute('data-customer')).toBe('12838');
    expect(await screen.findByTestId('c360-orders')).toBeTruthy();
    // The sidebar keeps the screen it came from, and "back" returns there.
    expect(screen.getByTestId('nav-repurchase').getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByTestId('customer-back'));
    expect(await screen.findByTestId('screen-repurchase')).toBeTruthy();
  });
});

describe('customers', () => {
  it('renders only the visible rows and fetches pages by offset while scrolling', async () => {
    const { backend } = await renderShell();
    const page = vi.spyOn(backend, 'customersPage');
    nav('customers');
    await waitForCount(4372);
    const rendered = screen.getAllByTestId('customer-row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0].getAttribute('data-customer')).toBe('14646');
    expect(page.mock.calls.map(([, q]) => q.offset)).toEqual([0]);
    expect(page.mock.calls[0][1]).toMatchObject({ limit: PAGE_SIZE, sort: 'net_revenue', descending: true });

    const viewport = screen.getByTestId('customer-viewport');
    const spacer = viewport.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${4372 * ROW_HEIGHT}px`);
    Object.defineProperty(viewport, 'scrollTop', { value: 2000 * ROW_HEIGHT, configurable: true });
    fireEvent.scroll(viewport);
    await waitFor(() => expect(page.mock.calls.map(([, q]) => q.offset)).toContain(2000));
    await waitFor(() => expect(screen.getAllByTestId('customer-row').some((r) => r.getAttribute('data-index') === '2000')).toBe(true));
    const indices = screen.getAllByTestId('customer-row').map((r) => Number(r.getAttribute('data-index')));
    expect(Math.min(...indices)).toBeGreaterThan(1900);
    expect(indices.length).toBeLessThan(60);
    // Page 0 stays cached: no second fetch of it.
    expect(page.mock.calls.filter(([, q]) => q.offset === 0)).toHaveLength(1);
  });

  it('stays windowed with 100,000 more customers', async () => {
    await renderShell({ extraCustomers: 100_000 });
    nav('customers');
    await waitForCount(104_372);
    expect(screen.getByTestId('customer-count').textContent).toBe('104,372 customers');
    expect(screen.getAllByTestId('customer-row').length).toBeLessThan(60);
  });

  it('sorts by a clicked header, filters, searches and opens the customer 360 page', async () => {
    const { backend } = await renderShell();
    const page = vi.spyOn(backend, 'customersPage');
    nav('customers');
    await waitForCount(4372);
    fireEvent.click(screen.getByTestId('sort-recency'));
    await waitFor(() => expect(page.mock.calls.some(([, q]) => q.sort === 'recency' && q.descending)).toBe(true));
    fireEvent.click(screen.getByTestId('sort-recency'));
    await waitFor(() => expect(page.mock.calls.some(([, q]) => q.sort === 'recency' && !q.descending)).toBe(true));

    fireEvent.change(screen.getByTestId('filter-tier'), { target: { value: 'top' } });
    await waitForCount(868);
    fireEvent.change(screen.getByTestId('filter-lifecycle'), { target: { value: 'churned' } });
    await waitFor(() => expect(Number(screen.getByTestId('customer-count').getAttribute('data-value'))).toBeLessThan(868));
    fireEvent.click(screen.getByTestId('filter-clear'));
    await waitForCount(4372);

    fireEvent.change(screen.getByTestId('customer-search'), { target: { value: '14646' } });
    await waitForCount(1);
    const last = page.mock.calls[page.mock.calls.length - 1][1] as CustomerQuery;
    expect(last.search).toBe('14646');

    fireEvent.click(screen.getByTestId('customer-row'));
    const c360 = await screen.findByTestId('screen-customer');
    expect(c360.getAttribute('data-customer')).toBe('14646');
    await screen.findByTestId('c360-orders');
    expect(screen.getAllByTestId('c360-order')).toHaveLength(73);
    const times = screen.getAllByTestId('c360-order').map((o) => Number(o.getAttribute('data-created')));
    expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
    expect(screen.getByTestId('c360-segment').textContent).toBe('Champions');
    expect(screen.getByTestId('c360-revenue').textContent).toBe('£279,489.02');
    expect(screen.getAllByTestId('c360-snapshot').length).toBeGreaterThan(0);
    expect(screen.getByTestId('c360-products')).toBeTruthy();
    // The backend's forecast (the engine's, from the predictions fixture) in the store's currency.
    // The sample store's churn risk is heuristic, so there is no P(alive) to show.
    expect(screen.getByTestId('c360-forecast')).toBeTruthy();
    const top = predictionsFixture.top_clv.find((p) => p.customer === '14646')!;
    expect(top.p_alive).toBeNull();
    expect(screen.getByTestId('c360-p-alive').textContent).toBe('—');
    expect(screen.getByTestId('c360-clv').textContent).toBe(`£${top.clv!.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);

    fireEvent.click(screen.getByTestId('customer-back'));
    expect(await screen.findByTestId('screen-customers')).toBeTruthy();
    expect((screen.getByTestId('customer-search') as HTMLInputElement).value).toBe('14646');
  });
});

describe('export', () => {
  it('previews the list with consent exclusions and saves it to Downloads', async () => {
    const { backend } = await renderShell();
    nav('export');
    await waitFor(() => expect(screen.getByTestId('export-preview-count').getAttribute('data-value')).not.toBe(''));
    fireEvent.click(screen.getByTestId('export-segment-Champions'));
    fireEvent.click(screen.getByTestId('export-segment-Loyal-Customers'));
    await waitFor(() => expect(screen.getByTestId('export-matched').getAttribute('data-value')).toBe(String(604 + 688)));
    const rows = Number(screen.getByTestId('export-preview-count').getAttribute('data-value'));
    const excluded = screen.getByTestId('export-excluded-consent');
    const left = Number(excluded.getAttribute('data-value'));
    expect(left).toBeGreaterThan(0);
    expect(rows + left).toBe(604 + 688);
    expect(excluded.textContent).toContain(`${left.toLocaleString('en-GB')} matching customers are left out because they have not agreed to marketing.`);
    expect((screen.getByTestId('export-include-no-consent') as HTMLInputElement).checked).toBe(false);
    const table = screen.getByTestId('export-preview-table');
    expect(within(table).getAllByRole('columnheader')[0].textContent).toBe('Customer ID');

    const save = vi.spyOn(backend, 'exportSave');
    fireEvent.click(screen.getByTestId('export-save-downloads'));
    const saved = await screen.findByTestId('export-saved');
    expect(saved.getAttribute('data-path')).toBe('/home/demo/Downloads/repeatlens-targets-2011-12-10.csv');
    expect(saved.getAttribute('data-rows')).toBe(String(rows));
    expect(save.mock.calls[0][1]).toMatchObject({ target: 'downloads', spec: { segments: ['Champions', 'Loyal Customers'], include_no_consent: false } });

    fireEvent.click(screen.getByTestId('export-include-no-consent'));
    await waitFor(() => expect(screen.getByTestId('export-preview-count').getAttribute('data-value')).toBe(String(604 + 688)));
    expect(screen.queryByTestId('export-excluded-consent')).toBeNull();
  });

  it('uses presets, coupon prefixes and Excel encoding in the spec', async () => {
    const { backend } = await renderShell();
    const preview = vi.spyOn(backend, 'exportPreview');
    nav('export');
    fireEvent.change(await screen.findByTestId('export-preset'), { target: { value: 'klaviyo' } });
    fireEvent.click(screen.getByTestId('export-encoding-utf8_bom'));
    fireEvent.change(screen.getByTestId('export-coupon-prefix'), { target: { value: 'VIP' } });
    await waitFor(() => expect(screen.getByTestId('export-excluded-email')).toBeTruthy());
    const spec = preview.mock.calls[preview.mock.calls.length - 1][1];
    expect(spec).toMatchObject({ preset: 'klaviyo', encoding: 'utf8_bom', coupon_prefix: 'VIP', columns: [] });
    const header = within(screen.getByTestId('export-preview-table')).getAllByRole('columnheader').map((h) => h.textContent);
    expect(header).toEqual(['Email', 'First Name', 'Last Name', 'Phone Number', 'Country', 'Coupon Code']);

    fireEvent.change(screen.getByTestId('export-coupon-prefix'), { target: { value: 'bad prefix' } });
    expect(screen.getByText(/Use 1–20 letters and digits/)).toBeTruthy();
    expect((screen.getByTestId('export-save-downloads') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('language', () => {
  it('switches the whole shell to Chinese, with the chart’s segment names', async () => {
    await renderShell();
    fireEvent.click(screen.getByTestId('lang-zh'));
    expect(screen.getByTestId('nav-dashboard').textContent).toBe('概览');
    expect(screen.getByTestId('kpi-customers').textContent).toContain('客户数');
    nav('segments');
    const champions = (await screen.findAllByTestId('segment-row')).find((r) => r.getAttribute('data-segment') === 'Champions')!;
    expect(champions.textContent).toContain('冠军客户');
    fireEvent.click(screen.getByTestId('map-8'));
    expect(screen.getByText('重要价值客户')).toBeTruthy();
    expect(screen.queryByText(/Important value/)).toBeNull();
    nav('churn');
    const finding = (await screen.findAllByTestId('churn-finding'))[0];
    expect(finding.textContent).toContain('最后一单购买商品 22423 的客户，流失率是平均水平的 1.7 倍。');
  });
});

describe('settings', () => {
  it('saves the language in the app settings and uses it on the next start', async () => {
    const { backend, unmount } = await renderShell();
    nav('settings');
    fireEvent.click(await screen.findByTestId('settings-lang-zh'));
    await waitFor(() => expect(backend.savedAppSettings.language).toBe('zh-CN'));
    expect(screen.getByTestId('nav-settings').textContent).toBe('设置');

    fireEvent.click(screen.getByTestId('settings-lang-system'));
    await waitFor(() => expect(backend.savedAppSettings.language).toBeNull());
    expect(window.localStorage.getItem('repeatlens.locale')).toBeNull();
    expect(screen.getByTestId('nav-settings').textContent).toBe('Settings'); // jsdom's navigator is English
    unmount();

    // Saved language wins over the system's on start.
    window.localStorage.clear();
    const next = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store], appSettings: { language: 'zh-CN', theme: null } });
    await renderApp({ locale: undefined, backend: next });
    await waitFor(() => expect(screen.getByTestId('nav-dashboard').textContent).toBe('概览'));
  });

  it('the header language buttons persist the choice too', async () => {
    const { backend } = await renderShell();
    const save = vi.spyOn(backend, 'saveAppSettings');
    fireEvent.click(screen.getByTestId('lang-zh'));
    await waitFor(() => expect(save).toHaveBeenCalledWith({ language: 'zh-CN', theme: null }));
  });

  it('applies analysis settings (re-analysis) and shows the data folder', async () => {
    const { backend } = await renderShell();
    const analyse = vi.spyOn(backend, 'analyzeStore');
    nav('settings');
    expect((await screen.findByTestId('settings-db-path')).textContent).toBe(
      '~/.local/share/repeatlens/repeatlens.sqlite (in-memory demo)',
    );
    const apply = screen.getByTestId('settings-apply') as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('settings-tier-top'), { target: { value: '10' } });
    fireEvent.change(screen.getByTestId('settings-overdue'), { target: { value: '25' } });
    fireEvent.click(screen.getByTestId('settings-8-median'));
    fireEvent.click(screen.getByTestId('settings-churn-fixed'));
    fireEvent.change(screen.getByTestId('settings-churn-days'), { target: { value: '120' } });
    expect(apply.disabled).toBe(false);
    fireEvent.click(apply);
    await waitFor(() => expect(analyse).toHaveBeenCalledTimes(1));
    expect(analyse.mock.calls[0][1].params).toMatchObject({
      tier_top_share: 0.1,
      overdue_share: 0.25,
      eight_class: { mode: 'median' },
      churn: { rule: 'fixed', days: 120 },
    });
    // Saved per store: the next open of the store starts from them.
    await waitFor(async () => expect((await backend.getAnalysisSettings(SAMPLE.store.id)).params.tier_top_share).toBe(0.1));

    fireEvent.change(screen.getByTestId('settings-tier-middle'), { target: { value: '95' } });
    expect(screen.getByTestId('settings-problem').textContent).toContain('cannot be more than 100 %');
    expect((screen.getByTestId('settings-apply') as HTMLButtonElement).disabled).toBe(true);
  });

  it('deletes the current store after a confirmation', async () => {
    const { backend } = await renderShell();
    const remove = vi.spyOn(backend, 'deleteStore');
    nav('settings');
    fireEvent.click(await screen.findByTestId('settings-delete'));
    fireEvent.click(screen.getByTestId('settings-delete-cancel'));
    expect(remove).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('settings-delete'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-delete-confirm'));
    });
    await waitFor(() => expect(remove).toHaveBeenCalledWith(SAMPLE.store.id));
    // No store left: back to the welcome screen, without the sidebar.
    expect(await screen.findByText('Start with your orders')).toBeTruthy();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
  });
});
