import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/backend/errors';
import { FakeBackend, SAMPLE } from '../src/backend/fake';
import type { ImportPhase, ImportProgress } from '../src/ipc/bindings';

const PHASE_ORDER: ImportPhase[] = ['reading', 'parsing', 'writing', 'done'];

describe('FakeBackend', () => {
  it('starts empty and adds the sample store with progress events', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    expect(await backend.listStores()).toEqual([]);

    const events: ImportProgress[] = [];
    const report = await backend.loadSampleStore('sample-1', (p) => events.push(p));

    expect(events.length).toBeGreaterThan(3);
    expect(events[0].phase).toBe('reading');
    expect(events[events.length - 1].phase).toBe('done');
    for (let i = 1; i < events.length; i++) {
      expect(PHASE_ORDER.indexOf(events[i].phase)).toBeGreaterThanOrEqual(PHASE_ORDER.indexOf(events[i - 1].phase));
      expect(events[i].rows_done).toBeGreaterThanOrEqual(events[i - 1].rows_done);
    }
    expect(events.some((e) => e.rows_per_sec > 0)).toBe(true);
    expect(events[events.length - 1].rows_done).toBe(SAMPLE.rowsRead);

    expect(report.customers).toBe(SAMPLE.store.customers);
    expect(report.orders_new).toBe(SAMPLE.store.orders);
    const stores = await backend.listStores();
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ id: report.store_id, customers: 4372, currency: 'GBP' });
  });

  it('is idempotent: loading the sample again updates nothing and adds no store', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    await backend.loadSampleStore('sample-1', () => {});
    const again = await backend.loadSampleStore('sample-2', () => {});
    expect(again.orders_new).toBe(0);
    expect(again.orders_unchanged).toBe(SAMPLE.store.orders);
    expect(await backend.listStores()).toHaveLength(1);
  });

  it('imports files deterministically and detects the preset from the name', async () => {
    const a = new FakeBackend({ stepDelayMs: 0 });
    const b = new FakeBackend({ stepDelayMs: 0 });
    const ra = await a.importFile('import-a', '/x/orders_export_shopify.csv', [], null, () => {});
    const rb = await b.importFile('import-b', '/y/orders_export_shopify.csv', [], null, () => {});
    expect(ra.preset).toBe('shopify-orders');
    expect(ra.store_name).toBe('Shopify');
    expect(ra.customers).toBe(rb.customers);
    expect(ra.orders_new).toBeGreaterThanOrEqual(ra.customers);
    expect((await a.importFile('import-c', '/x/sales_2024.csv', [], null, () => {})).preset).toBe('generic');
    expect(a.imports).toEqual([
      { path: '/x/orders_export_shopify.csv', mapping: [], currency: null },
      { path: '/x/sales_2024.csv', mapping: [], currency: null },
    ]);
  });

  it('previews a generic English file: guessed columns, first rows, no problems', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const p = await backend.previewImport('/x/sales_2024.csv', []);
    expect(p).toMatchObject({ file: 'sales_2024.csv', preset: 'generic', encoding: 'UTF-8', delimiter: ',', store: 'sales_2024', timezone: 'UTC' });
    expect(p.fields).toEqual(['order', 'customer', 'email', 'date', 'amount', 'quantity', 'unit_price', 'currency', 'country', 'sku', 'product', 'category']);
    expect(p.mapping).toEqual([
      ['order', 'Order ID'],
      ['customer', 'Buyer'],
      ['email', 'E-mail'],
      ['date', 'Order Date'],
      ['amount', 'Total'],
      ['quantity', 'Qty'],
      ['currency', 'Currency'],
      ['country', 'Country'],
      ['sku', 'SKU'],
      ['product', 'Item'],
    ]);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[0]).toMatchObject({ kind: 'order', order: '#1001', customer: 'C-01', date: '2024-03-05 02:12', quantity: 1 });
    expect(p.errors).toEqual([]);
    // No mapping at all (`null`, as the bindings allow) reads the file like an empty one.
    expect(await backend.previewImport('/x/sales_2024.csv', null, null)).toEqual(p);
    expect(await backend.listStores()).toEqual([]); // a preview writes nothing
  });

  it('remaps like the Rust importer: the user’s columns win, the rest is guessed, errors name the line', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const p = await backend.previewImport('/x/sales_2024.csv', [['date', 'Ship Date'], ['customer', 'E-mail']]);
    expect(p.mapping).toContainEqual(['date', 'Ship Date']);
    expect(p.mapping).toContainEqual(['customer', 'E-mail']);
    // E-mail is taken by the customer, so the email field is not guessed; Buyer is left unused.
    expect(p.mapping.find(([f]) => f === 'email')).toBeUndefined();
    expect(p.rows[0].customer).toBe('ava@example.com');
    expect(p.errors).toEqual([
      {
        line: 8,
        column: 'Ship Date',
        value: '',
        expected: 'date',
        detail: null,
        reason:
          "column 'Ship Date': empty, expected a date such as 2024-03-31 14:05, 2024-03-31T14:05:00+08:00, 31/03/2024 or 03/31/2024 (set --date-format dmy|mdy|ymd for day/month order)",
      },
    ]);
    // The import would stop at that row, and keep nothing.
    const failed = backend.importFile('import-1', '/x/sales_2024.csv', [['date', 'Ship Date']], null, () => {});
    await expect(failed).rejects.toThrow(/sales_2024\.csv, line 8, column 'Ship Date': the cell is empty/);
    await expect(failed).rejects.toMatchObject({
      code: 'import.bad_cell',
      params: { file: 'sales_2024.csv', line: 8, column: 'Ship Date', value: '', expected: 'date' },
    });
    expect(await backend.listStores()).toEqual([]);
  });

  it('previews Chinese headers (GB18030) and a detected preset', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const zh = await backend.previewImport('/x/淘宝订单.csv', []);
    expect(zh).toMatchObject({ preset: 'generic', encoding: 'GB18030' });
    expect(zh.mapping).toContainEqual(['order', '订单号']);
    expect(zh.mapping).toContainEqual(['date', '下单时间']);
    expect(zh.mapping).toContainEqual(['amount', '金额']);
    expect(zh.rows[0]).toMatchObject({ order: 'DD20240301', customer: '买家1', currency: 'CNY', country: '美国' });
    const shop = await backend.previewImport('/x/orders_export_shopify.csv', []);
    expect(shop).toMatchObject({ preset: 'shopify-orders', store: 'Shopify' });
    expect(shop.mapping).toContainEqual(['financial_status', 'Financial Status']);
    expect(shop.errors).toEqual([]);
    const amazon = await backend.previewImport('/x/amazon_all_orders.txt', []);
    expect(amazon).toMatchObject({ preset: 'amazon-all-orders', delimiter: 'tab' });
  });

  it('lists bad rows of the first rows and rejects what the importer cannot set up', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const bad = await backend.previewImport('/x/orders_bad.csv', []);
    expect(bad.errors).toEqual([
      {
        line: 6,
        column: 'Total',
        value: 'n/a',
        expected: 'amount',
        detail: null,
        reason: "column 'Total': 'n/a', expected an amount such as 12.50, -3, 1,234.56 or 1.234,56",
      },
    ]);
    expect(bad.rows.length).toBeGreaterThan(0);
    await expect(backend.previewImport('/x/orders.csv', [['date', 'Nope']])).rejects.toThrow(/there is no column 'Nope'/);
    await expect(backend.previewImport('/x/orders.xlsx', [])).rejects.toThrow(/unsupported file type/);
  });

  it('rejects bad input with BackendErrors that name the file (and line/column)', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const events: ImportProgress[] = [];
    const broken = backend.importFile('import-1', '/tmp/orders_broken.csv', [], null, (p) => events.push(p));
    await expect(broken).rejects.toThrow(/orders_broken\.csv, line 1734, column 'Total'/);
    await expect(broken).rejects.toMatchObject({ code: 'import.bad_cell', params: { file: 'orders_broken.csv', line: 1734, column: 'Total' } });
    expect(events.length).toBeGreaterThan(1); // failed part-way, like a real parse error
    await expect(backend.importFile('import-2', '/tmp/orders.xlsx', [], null, () => {})).rejects.toBeInstanceOf(BackendError);
    expect(await backend.listStores()).toEqual([]);
  });

  it('refuses a second concurrent import', async () => {
    const backend = new FakeBackend({ stepDelayMs: 2 });
    const first = backend.loadSampleStore('sample-1', () => {});
    await new Promise((r) => setTimeout(r, 1));
    const second = backend.importFile('import-2', '/tmp/a.csv', [], null, () => {});
    await expect(second).rejects.toThrow(/Another import/);
    await expect(second).rejects.toMatchObject({ code: 'db.busy' });
    await first;
  });
});
