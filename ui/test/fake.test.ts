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
    const report = await backend.loadSampleStore((p) => events.push(p));

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
    await backend.loadSampleStore(() => {});
    const again = await backend.loadSampleStore(() => {});
    expect(again.orders_new).toBe(0);
    expect(again.orders_unchanged).toBe(SAMPLE.store.orders);
    expect(await backend.listStores()).toHaveLength(1);
  });

  it('imports files deterministically and detects the preset from the name', async () => {
    const a = new FakeBackend({ stepDelayMs: 0 });
    const b = new FakeBackend({ stepDelayMs: 0 });
    const ra = await a.importFile('/x/etsy_orders.tsv', () => {});
    const rb = await b.importFile('/y/etsy_orders.tsv', () => {});
    expect(ra.preset).toBe('etsy');
    expect(ra.customers).toBe(rb.customers);
    expect(ra.orders_new).toBeGreaterThanOrEqual(ra.customers);
  });

  it('rejects bad input with BackendErrors that name the file (and line/column)', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    const events: ImportProgress[] = [];
    await expect(backend.importFile('/tmp/orders_broken.csv', (p) => events.push(p))).rejects.toThrow(
      /orders_broken\.csv: line 17, column 5/,
    );
    expect(events.length).toBeGreaterThan(0); // failed part-way, like a real parse error
    await expect(backend.importFile('/tmp/orders.xlsx', () => {})).rejects.toBeInstanceOf(BackendError);
    expect(await backend.listStores()).toEqual([]);
  });

  it('refuses a second concurrent import', async () => {
    const backend = new FakeBackend({ stepDelayMs: 2 });
    const first = backend.loadSampleStore(() => {});
    await new Promise((r) => setTimeout(r, 1));
    await expect(backend.importFile('/tmp/a.csv', () => {})).rejects.toThrow(/Another import/);
    await first;
  });
});
