// Linked stores: the "Link a store" form (WooCommerce), the first sync with its progress and
// Cancel, each linked store's state and "Sync now" in the store table, and the sync interval
// in the settings. Runs over the FakeBackend, which checks links like the backend does.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { BackendError } from '../src/backend/errors';
import { FakeBackend, SAMPLE, type FakeBackendOptions } from '../src/backend/fake';
import type { StoreSummary, SyncProgress } from '../src/ipc/bindings';
import { renderApp } from './render';

const LINKED: StoreSummary = {
  id: 2,
  name: 'Blue Mug Shop',
  platform: 'woocommerce',
  currency: 'EUR',
  timezone: 'UTC',
  customers: 300,
  orders: 520,
  returns: 12,
  order_lines: 800,
  first_order: '2023-02-01 10:00',
  last_order: '2025-05-02 18:30',
  revenue_minor: 1_500_000,
};
/** 2025-06-01 12:00 UTC. */
const LAST_SUCCESS = 1_748_779_200;

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

/** Opens the link form and fills it in (name, url, key, secret). */
function fillLinkForm(url: string, name = 'Mug & Co', key = 'ck_0123456789abcdef', secret = 'cs_fedcba9876543210') {
  fireEvent.click(screen.getByTestId('link-store'));
  fill('link-name', name);
  fill('link-url', url);
  fill('link-key', key);
  fill('link-secret', secret);
}

/** The store table's row of the store named `name`. */
function rowOf(name: string): HTMLElement {
  const row = screen.getAllByTestId('store-row').find((r) => within(r).getByTestId('store-name').textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** The app on the stores screen over `backend` (with stores, it opens on the dashboard first). */
async function renderStores(backend: FakeBackend, locale: 'en' | 'zh-CN' = 'en') {
  const result = await renderApp({ locale, backend });
  if ((await backend.listStores()).length > 0) fireEvent.click(await screen.findByTestId('nav-stores'));
  return result;
}

/** Records every progress event of every syncStore call. */
function recordProgress(backend: FakeBackend): SyncProgress[] {
  const events: SyncProgress[] = [];
  const original = backend.syncStore.bind(backend);
  vi.spyOn(backend, 'syncStore').mockImplementation((job, storeId, full, onProgress) =>
    original(job, storeId, full, (p) => {
      events.push(p);
      onProgress(p);
    }),
  );
  return events;
}

describe('linking a WooCommerce store', () => {
  it('links through the form, shows the first sync’s progress, then the store’s counts and state', async () => {
    const backend = new FakeBackend({ stepDelayMs: 20, syncPageSize: 50 });
    const events = recordProgress(backend);
    await renderStores(backend);

    fireEvent.click(screen.getByTestId('link-store'));
    const form = screen.getByTestId('link-form');
    expect(screen.getByTestId('link-store').getAttribute('aria-expanded')).toBe('true');
    expect(within(form).getByRole('heading', { level: 2 }).textContent).toBe('Link a WooCommerce store');
    expect(form.textContent).toContain('Shopify is coming next');
    // No Shopify choice to pick: WooCommerce is the only platform the form links.
    expect(within(form).queryByRole('combobox')).toBeNull();
    const help = screen.getByTestId('link-help').textContent ?? '';
    expect(help).toContain('WooCommerce › Settings › Advanced › REST API');
    expect(help).toContain('“Add key”');
    expect(help).toContain('“Read”');
    expect(help).toContain('kept in your system keyring, never in RepeatLens’s database');
    const secret = screen.getByTestId('link-secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.getAttribute('autocomplete')).toBe('off');
    expect(screen.getByTestId('link-key').getAttribute('autocomplete')).toBe('off');

    // Nothing to check until the address, key and secret are there.
    const submit = screen.getByTestId('link-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fill('link-name', 'Mug & Co');
    fill('link-url', 'Shop.Example/');
    fill('link-key', 'ck_0123456789abcdef');
    expect(submit.disabled).toBe(true);
    fill('link-secret', 'cs_fedcba9876543210');
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    expect(submit.textContent).toBe('Checking the site and the key…');

    // The first sync starts right away, with a progress bar per page.
    const progress = await screen.findByTestId('sync-progress');
    expect(screen.queryByTestId('link-form')).toBeNull();
    expect(within(progress).getByRole('heading', { level: 2 }).textContent).toBe('First sync of Mug & Co…');
    expect(progress.querySelector('progress')).not.toBeNull();
    await waitFor(() => expect(screen.getByTestId('sync-resource').textContent).toBe('Customers'));
    await waitFor(() => expect(screen.getByTestId('sync-count').textContent).toMatch(/^\d[\d,]* of \d[\d,]*$/));
    await waitFor(() => expect(screen.getByTestId('sync-rate').textContent).toMatch(/^\d+ records\/s$/));
    await waitFor(() => expect(screen.getByTestId('sync-resource').textContent).toBe('Orders'));
    // While it runs, the new store is listed as syncing, and "Sync now" waits.
    const syncing = rowOf('Mug & Co');
    expect(within(syncing).getByTestId('store-sync-state').textContent).toBe('Syncing…');
    expect((within(syncing).getByTestId('store-sync-now') as HTMLButtonElement).disabled).toBe(true);

    const outcome = await screen.findByTestId('sync-outcome', {}, { timeout: 10_000 });
    expect(outcome.getAttribute('data-kind')).toBe('done');
    expect(screen.queryByTestId('sync-progress')).toBeNull();

    const [stored] = await backend.listStores();
    const link = backend.linkOf(stored.id);
    expect(link?.externalId).toBe('https://shop.example');
    expect(stored.customers).toBe(link?.target.customers);
    expect(stored.orders).toBe(link?.target.orders);
    expect(stored.customers).toBeGreaterThan(0);
    expect(within(outcome).getByRole('heading', { level: 2 }).textContent).toBe('First sync of Mug & Co done');
    expect(screen.getByTestId('sync-outcome-message').textContent).toContain(
      `${stored.customers.toLocaleString('en-GB')} new customers (0 changed), ${stored.orders.toLocaleString('en-GB')} new orders`,
    );

    // Progress came customers first, then orders, page by page up to each total.
    const resources = events.map((e) => e.resource);
    expect(resources[0]).toBe('customers');
    expect(resources.lastIndexOf('customers')).toBeLessThan(resources.indexOf('orders'));
    const lastOf = (r: string) => events.filter((e) => e.resource === r).at(-1);
    expect(lastOf('customers')).toMatchObject({ done: stored.customers, total: stored.customers });
    expect(lastOf('orders')).toMatchObject({ done: stored.orders, total: stored.orders });

    // The row: platform, site, the synced counts, the state in plain words and the last sync.
    const row = rowOf('Mug & Co');
    expect(within(row).getByTestId('store-platform').textContent).toBe('WooCommerce · EUR · UTC');
    expect(within(row).getByTestId('store-site').textContent).toBe('https://shop.example');
    expect(within(row).getByTestId('store-customers').getAttribute('data-value')).toBe(String(stored.customers));
    expect(within(row).getByTestId('store-orders').textContent).toBe(stored.orders.toLocaleString('en-GB'));
    const state = within(row).getByTestId('store-sync-state');
    await waitFor(() => expect(state.getAttribute('data-state')).toBe('ok'));
    expect(state.textContent).toBe('Up to date');
    const last = within(row).getByTestId('store-last-sync');
    expect(Number(last.getAttribute('data-value'))).toBe(link?.state.last_success);
    expect(last.textContent).toMatch(/^Last synced \d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}$/);
    expect((within(row).getByTestId('store-sync-now') as HTMLButtonElement).disabled).toBe(false);
    // As after an import, the new store is the one the analysis screens show.
    expect(row.className).toContain('is-current');
    expect(backend.calls.filter((c) => c === 'linkWoocommerceStore' || c === 'syncStore')).toEqual(['linkWoocommerceStore', 'syncStore']);
  });

  it('shows a plain-http address’s error in Chinese, links nothing, and rewords it in English', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1 });
    await renderStores(backend, 'zh-CN');
    fireEvent.click(screen.getByTestId('link-store'));
    expect(within(screen.getByTestId('link-form')).getByRole('heading', { level: 2 }).textContent).toBe('关联 WooCommerce 店铺');
    expect(screen.getByTestId('link-submit').textContent).toBe('检查并关联');
    fireEvent.click(screen.getByTestId('link-store')); // closes it
    expect(screen.queryByTestId('link-form')).toBeNull();
    fillLinkForm('http://shop.example');
    fireEvent.click(screen.getByTestId('link-submit'));

    const message = await screen.findByTestId('link-error-message');
    expect(message.textContent).toBe('http://shop.example 使用的是不加密的 http。请使用 https:// 地址：密钥不能以明文在网络上传输。');
    expect(screen.getByTestId('link-error').textContent).toContain('无法关联店铺');
    expect(await backend.listStores()).toEqual([]);
    expect(backend.calls).not.toContain('syncStore');
    // The form keeps what was typed, to fix the address and try again.
    expect((screen.getByTestId('link-url') as HTMLInputElement).value).toBe('http://shop.example');
    expect((screen.getByTestId('link-submit') as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('link-error-message').textContent).toBe(
      'http://shop.example uses plain http. Use its https:// address: keys must not cross the internet unencrypted.',
    );
  });

  it('words the other refusals: not WooCommerce, a wrong key, a site already linked', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [LINKED], links: [{ storeId: LINKED.id, url: 'https://bluemug.example', lastSuccess: LAST_SUCCESS }] });
    await renderStores(backend);
    fillLinkForm('https://not-woo.example');
    fireEvent.click(screen.getByTestId('link-submit'));
    expect((await screen.findByTestId('link-error-message')).textContent).toBe(
      'https://not-woo.example is not a WooCommerce site: it is a WordPress site, but WooCommerce (REST API wc/v3) is not active on it.',
    );

    fill('link-url', 'https://mugs.example');
    fill('link-key', 'wrong');
    fireEvent.click(screen.getByTestId('link-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('link-error-message').textContent).toBe(
        'The platform refused this store’s credentials (Consumer key is invalid.). Link the store again with a new key.',
      ),
    );

    fill('link-url', 'BlueMug.example/');
    fill('link-key', 'ck_1');
    fireEvent.click(screen.getByTestId('link-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('link-error-message').textContent).toBe('https://bluemug.example is already linked as the store “Blue Mug Shop”.'),
    );
    expect(await backend.listStores()).toHaveLength(1);
  });

  it('cancel during the first sync keeps what was fetched; the next sync continues', async () => {
    const backend = new FakeBackend({ stepDelayMs: 15, syncPageSize: 20 });
    await renderStores(backend);
    fillLinkForm('https://shop.example');
    fireEvent.click(screen.getByTestId('link-submit'));
    await screen.findByTestId('sync-progress');
    await waitFor(() => expect(Number(screen.getByTestId('sync-count').getAttribute('data-done'))).toBeGreaterThan(0));

    fireEvent.click(screen.getByTestId('sync-cancel'));
    expect(screen.getByTestId('sync-cancel').textContent).toBe('Cancelling…');
    expect((screen.getByTestId('sync-cancel') as HTMLButtonElement).disabled).toBe(true);

    const outcome = await screen.findByTestId('sync-outcome');
    expect(outcome.getAttribute('data-kind')).toBe('cancelled');
    expect(screen.getByTestId('sync-outcome-message').textContent).toBe(
      'Sync of Mug & Co cancelled. What was fetched so far is kept; the next sync continues from there.',
    );
    expect(screen.queryByTestId('sync-progress')).toBeNull();

    const [stored] = await backend.listStores();
    const link = backend.linkOf(stored.id)!;
    expect(link.have.customers).toBeGreaterThan(0);
    expect(link.have.customers + link.have.orders).toBeLessThan(link.target.customers + link.target.orders);
    const row = rowOf('Mug & Co');
    await waitFor(() => expect(within(row).getByTestId('store-customers').getAttribute('data-value')).toBe(String(link.have.customers)));
    expect(within(row).getByTestId('store-sync-state').textContent).toBe('Last sync was cancelled');
    expect(within(row).getByTestId('store-last-sync').textContent).toBe('Never synced successfully');
    // Not opened: only a finished first sync opens the new store.
    expect(row.className).not.toContain('is-current');

    // "Sync now" reads the rest, not everything again.
    const events = recordProgress(backend);
    fireEvent.click(within(row).getByTestId('store-sync-now'));
    await waitFor(() => expect(screen.getByTestId('sync-outcome').getAttribute('data-kind')).toBe('done'), { timeout: 10_000 });
    expect(events.find((e) => e.resource === 'customers')?.total).toBe(link.target.customers - link.have.customers);
    const after = (await backend.listStores())[0];
    expect(after.customers).toBe(link.target.customers);
    expect(after.orders).toBe(link.target.orders);
    await waitFor(() => expect(within(rowOf('Mug & Co')).getByTestId('store-sync-state').textContent).toBe('Up to date'));
  });
});

describe('linked stores in the store table', () => {
  const options: FakeBackendOptions = {
    stepDelayMs: 10,
    stores: [SAMPLE.store, LINKED],
    links: [{ storeId: LINKED.id, url: 'https://bluemug.example', lastSuccess: LAST_SUCCESS }],
  };

  it('shows platform, state and last sync; "Sync now" is disabled while the store syncs', async () => {
    const backend = new FakeBackend(options);
    const sync = vi.spyOn(backend, 'syncStore');
    await renderStores(backend);
    const table = screen.getByTestId('stores');
    expect(within(table).getByText('Sync')).toBeTruthy();
    expect(within(rowOf(SAMPLE.store.name)).getByTestId('store-sync').textContent).toBe('Not linked');
    expect(within(rowOf(SAMPLE.store.name)).queryByTestId('store-sync-now')).toBeNull();

    let row = rowOf('Blue Mug Shop');
    expect(within(row).getByTestId('store-platform').textContent).toBe('WooCommerce · EUR · UTC');
    await waitFor(() => expect(within(row).getByTestId('store-sync-state').textContent).toBe('Up to date'));
    // jsdom runs in UTC here unless TZ says otherwise: the local time of 12:00 UTC.
    const local = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(LAST_SUCCESS * 1000),
    );
    expect(within(row).getByTestId('store-last-sync').textContent).toBe(`Last synced ${local}`);

    const now = within(row).getByTestId('store-sync-now') as HTMLButtonElement;
    expect(now.textContent).toBe('Sync now');
    expect(now.disabled).toBe(false);
    fireEvent.click(now);
    expect(now.disabled).toBe(true);
    expect(within(row).getByTestId('store-sync-state').textContent).toBe('Syncing…');
    fireEvent.click(now); // disabled: no second sync
    expect(within(screen.getByTestId('sync-progress')).getByRole('heading', { level: 2 }).textContent).toBe('Syncing Blue Mug Shop…');

    await waitFor(() => expect(screen.getByTestId('sync-outcome').getAttribute('data-kind')).toBe('done'));
    expect(sync).toHaveBeenCalledTimes(1);
    expect(sync.mock.calls[0][1]).toBe(LINKED.id);
    expect(sync.mock.calls[0][2]).toBe(false);
    expect(screen.getByTestId('sync-outcome').textContent).toContain('Blue Mug Shop synced');
    row = rowOf('Blue Mug Shop');
    await waitFor(() => expect((within(row).getByTestId('store-sync-now') as HTMLButtonElement).disabled).toBe(false));
    const updated = (await backend.listStores()).find((s) => s.id === LINKED.id)!;
    expect(updated.orders).toBeGreaterThan(LINKED.orders); // the site had new orders
    expect(within(row).getByTestId('store-orders').getAttribute('data-value')).toBe(String(updated.orders));
    expect(Number(within(row).getByTestId('store-last-sync').getAttribute('data-value'))).toBeGreaterThan(LAST_SUCCESS);
  });

  it('a sync already running elsewhere (the schedule) is reported, and a refused key reads "needs re-linking"', async () => {
    const backend = new FakeBackend(options);
    await renderStores(backend);
    await waitFor(() => expect(within(rowOf('Blue Mug Shop')).getByTestId('store-sync-state').textContent).toBe('Up to date'));

    // The backend's own schedule syncs the store; this window does not know yet.
    const scheduled = backend.syncStore('schedule-1', LINKED.id, false, () => {});
    fireEvent.click(within(rowOf('Blue Mug Shop')).getByTestId('store-sync-now'));
    await waitFor(() => expect(screen.getByTestId('sync-outcome').getAttribute('data-kind')).toBe('failed'));
    expect(screen.getByTestId('sync-outcome').textContent).toContain('Couldn’t sync Blue Mug Shop');
    expect(screen.getByTestId('sync-outcome-message').textContent).toBe('The store “Blue Mug Shop” is already syncing. Wait for that sync to finish.');
    // Meanwhile the backend says the store syncs: "Sync now" waits for that run too.
    await waitFor(() => expect(within(rowOf('Blue Mug Shop')).getByTestId('store-sync-state').textContent).toBe('Syncing…'));
    expect((within(rowOf('Blue Mug Shop')).getByTestId('store-sync-now') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      await scheduled;
    });
    // Its end (store-changed) refetches the states.
    await waitFor(() => expect((within(rowOf('Blue Mug Shop')).getByTestId('store-sync-now') as HTMLButtonElement).disabled).toBe(false));
    expect(within(rowOf('Blue Mug Shop')).getByTestId('store-sync-state').textContent).toBe('Up to date');
    fireEvent.click(screen.getByTestId('sync-outcome-dismiss'));
    expect(screen.queryByTestId('sync-outcome')).toBeNull();

    backend.setFailSync({ code: 'sync.relink_needed', params: { status: 401, detail: 'Consumer key is invalid.' }, message: 'the platform refused the store’s credentials (HTTP 401: Consumer key is invalid.); link the store again' });
    fireEvent.click(within(rowOf('Blue Mug Shop')).getByTestId('store-sync-now'));
    await waitFor(() => expect(screen.getByTestId('sync-outcome').getAttribute('data-kind')).toBe('failed'));
    expect(screen.getByTestId('sync-outcome-message').textContent).toBe(
      'The platform refused this store’s credentials (Consumer key is invalid.). Link the store again with a new key.',
    );
    const row = rowOf('Blue Mug Shop');
    await waitFor(() => expect(within(row).getByTestId('store-sync-state').getAttribute('data-state')).toBe('relink_needed'));
    expect(within(row).getByTestId('store-sync-state').textContent).toBe('Needs re-linking');
    expect(within(row).getByTestId('store-sync-message').textContent).toContain('Consumer key is invalid.');
    // The last good sync is still the one shown.
    expect(Number(within(row).getByTestId('store-last-sync').getAttribute('data-value'))).toBeGreaterThan(LAST_SUCCESS);
  });

  it('shows the states in Chinese', async () => {
    const backend = new FakeBackend(options);
    await renderStores(backend, 'zh-CN');
    const row = rowOf('Blue Mug Shop');
    await waitFor(() => expect(within(row).getByTestId('store-sync-state').textContent).toBe('同步正常'));
    expect(within(row).getByTestId('store-last-sync').textContent).toMatch(/^上次同步：2025\/6\/[12] \d{2}:\d{2}$/);
    expect(within(row).getByTestId('store-sync-now').textContent).toBe('立即同步');
    expect(within(screen.getByTestId('stores')).getByText('同步')).toBeTruthy();
    expect(within(rowOf(SAMPLE.store.name)).getByTestId('store-sync').textContent).toBe('未关联');
  });
});

describe('sync interval setting', () => {
  it('offers off, 15, 30, 60 and 180 minutes (default 30) and saves the choice with the other app settings', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store], appSettings: { language: 'en', theme: null } });
    const save = vi.spyOn(backend, 'saveAppSettings');
    await renderApp({ locale: 'en', backend });
    fireEvent.click(await screen.findByTestId('nav-settings'));
    const select = (await screen.findByTestId('settings-sync-interval')) as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['0', 'Off (only “Sync now”)'],
      ['15', '15 minutes'],
      ['30', '30 minutes'],
      ['60', '1 hour'],
      ['180', '3 hours'],
    ]);
    expect(select.value).toBe('30');

    fireEvent.change(select, { target: { value: '60' } });
    await waitFor(() => expect(backend.savedAppSettings).toEqual({ language: 'en', theme: null, sync_interval_minutes: 60 }));
    expect(select.value).toBe('60');
    fireEvent.change(select, { target: { value: '0' } });
    await waitFor(() => expect(backend.savedAppSettings.sync_interval_minutes).toBe(0));
    expect(save).toHaveBeenCalledTimes(2);

    // A language change keeps the interval.
    fireEvent.click(screen.getByTestId('settings-lang-zh'));
    await waitFor(() => expect(backend.savedAppSettings).toEqual({ language: 'zh-CN', theme: null, sync_interval_minutes: 0 }));
    expect(screen.getByTestId('settings-sync-interval').closest('section')?.textContent).toContain('自动同步已关联店铺的间隔');
    expect((screen.getByTestId('settings-sync-interval') as HTMLSelectElement).selectedOptions[0].textContent).toBe('关闭（仅手动“立即同步”）');
  });

  it('shows the saved interval on start', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, stores: [SAMPLE.store], appSettings: { language: null, theme: null, sync_interval_minutes: 15 } });
    await renderApp({ locale: 'en', backend });
    fireEvent.click(await screen.findByTestId('nav-settings'));
    expect(((await screen.findByTestId('settings-sync-interval')) as HTMLSelectElement).value).toBe('15');
  });
});

describe('FakeBackend linked stores', () => {
  const link = (b: FakeBackend, url: string, name = '', key = 'ck_1', secret = 'cs_1') => b.linkWoocommerceStore(name, url, key, secret);
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e instanceof BackendError ? [e.code, e.params] : ['not a BackendError', e];
    }
    return null;
  };

  it('checks the site and the key before saving anything, like the backend', async () => {
    const b = new FakeBackend({ stepDelayMs: 0 });
    expect(await codeOf(link(b, 'http://shop.example'))).toEqual(['sync.plain_http', { url: 'http://shop.example' }]);
    expect((await codeOf(link(b, 'not a site')))?.[0]).toBe('sync.not_platform');
    expect((await codeOf(link(b, 'ftp://shop.example')))?.[0]).toBe('sync.not_platform');
    expect(await codeOf(link(b, 'https://not-woo.example'))).toEqual([
      'sync.not_platform',
      { url: 'https://not-woo.example', platform: 'WooCommerce', detail: 'it is a WordPress site, but WooCommerce (REST API wc/v3) is not active on it' },
    ]);
    expect(await codeOf(link(b, 'shop.example', '', 'key', 'cs_1'))).toEqual(['sync.relink_needed', { status: 401, detail: 'Consumer key is invalid.' }]);
    expect((await codeOf(link(b, 'shop.example', '', 'ck_1', 'secret')))?.[0]).toBe('sync.relink_needed');
    expect((await codeOf(link(b, 'shop.example', '', 'ck_write_only')))?.[0]).toBe('sync.no_read_permission');
    expect(await b.listStores()).toEqual([]);
    expect(await b.syncStates()).toEqual([]);

    // Loopback may use plain http; no name: the site's title (here its host).
    const local = await link(b, 'http://localhost:8080/');
    expect(local).toEqual({
      store_id: 1,
      platform: 'woocommerce',
      external_id: 'http://localhost:8080',
      state: { state: 'ok', message: null, error_code: null, last_success: null },
    });
    const shop = await link(b, ' Shop.Example/ ', 'Mugs');
    expect(shop.external_id).toBe('https://shop.example');
    expect(await b.listStores()).toEqual([
      expect.objectContaining({ id: 1, name: 'localhost:8080', platform: 'woocommerce', currency: 'EUR', timezone: 'UTC', customers: 0, orders: 0 }),
      expect.objectContaining({ id: 2, name: 'Mugs', platform: 'woocommerce', customers: 0, orders: 0, first_order: null }),
    ]);
    expect(await codeOf(link(b, 'https://shop.example', 'Other'))).toEqual(['store.already_linked', { external_id: 'https://shop.example', store: 'Mugs' }]);
    expect(await codeOf(link(b, 'https://mugs2.example', 'Mugs'))).toEqual(['store.name_taken', { name: 'Mugs' }]);
  });

  it('syncs customers then orders with progress, is "syncing" meanwhile, refuses a second run, and cancels', async () => {
    const b = new FakeBackend({ stepDelayMs: 2, syncPageSize: 40 });
    const changed: number[] = [];
    b.onStoreChanged((c) => changed.push(c.store_id));
    const { store_id: id } = await link(b, 'https://shop.example', 'Mugs');
    expect(changed).toEqual([id]);

    const events: SyncProgress[] = [];
    const run = b.syncStore('sync-1', id, false, (p) => events.push(p));
    await new Promise((r) => setTimeout(r, 5));
    expect((await b.syncStates())[0].state.state).toBe('syncing');
    expect(await codeOf(b.syncStore('sync-2', id, false, () => {}))).toEqual(['sync.already_syncing', { store: 'Mugs' }]);
    expect(await codeOf(b.deleteStore(id))).toEqual(['sync.already_syncing', { store: 'Mugs' }]);
    const report = await run;
    expect(report).toMatchObject({ store_id: id, kind: 'backfill', orders_unchanged: 0 });
    const target = b.linkOf(id)!.target;
    expect(report.customers_new).toBe(target.customers);
    expect(report.orders_new).toBe(target.orders);
    expect(report.pages).toBe(Math.ceil(target.customers / 40) + Math.ceil(target.orders / 40));
    expect(events.filter((e) => e.done > 0).map((e) => e.resource)).toEqual([
      ...Array(Math.ceil(target.customers / 40)).fill('customers'),
      ...Array(Math.ceil(target.orders / 40)).fill('orders'),
    ]);
    const [state] = await b.syncStates();
    expect(state.state.state).toBe('ok');
    expect(state.state.last_success).toBeGreaterThan(0);
    const [store] = await b.listStores();
    expect(store).toMatchObject({ customers: target.customers, orders: target.orders });
    expect(store.revenue_minor).toBeGreaterThan(0);
    expect(store.first_order).not.toBeNull();
    expect(changed.at(-1)).toBe(id);

    // Deterministic: the same site holds the same numbers in another fake.
    const other = new FakeBackend({ stepDelayMs: 0 });
    const again = await link(other, 'https://shop.example', 'Mugs');
    await other.syncStore('s', again.store_id, false, () => {});
    expect((await other.listStores())[0].orders).toBe(store.orders);

    // The next sync is incremental (a few new orders); a cancelled one keeps its pages.
    const next = await b.syncStore('sync-3', id, false, () => {});
    expect(next.kind).toBe('incremental');
    expect(next.orders_new).toBeGreaterThan(0);
    expect(await b.cancelJob('no-such-job')).toBe(false);
    const cancelled = b.syncStore('sync-4', id, true, () => {});
    await new Promise((r) => setTimeout(r, 1));
    expect(await b.cancelJob('sync-4')).toBe(true);
    expect((await codeOf(cancelled))?.[0]).toBe('sync.cancelled');
    const [after] = await b.syncStates();
    expect(after.state).toMatchObject({ state: 'error', error_code: 'cancelled', last_success: state.state.last_success === null ? null : expect.any(Number) });

    // Deleting a linked store removes its link.
    expect(await b.deleteStore(id)).toBe(true);
    expect(await b.syncStates()).toEqual([]);
    expect(await codeOf(b.syncStore('sync-5', id, false, () => {}))).toEqual(['store.no_such_store', { name: String(id) }]);
  });

  it('a failing sync records relink_needed or error as the store’s state', async () => {
    const b = new FakeBackend({ stepDelayMs: 0, failSync: { code: 'sync.offline', params: { host: 'shop.example', detail: 'timed out' }, message: 'cannot reach shop.example: timed out' } });
    const { store_id: id } = await link(b, 'https://shop.example', 'Mugs');
    expect(await codeOf(b.syncStore('s1', id, false, () => {}))).toEqual(['sync.offline', { host: 'shop.example', detail: 'timed out' }]);
    expect((await b.syncStates())[0].state).toEqual({ state: 'error', message: 'cannot reach shop.example: timed out', error_code: 'offline', last_success: null });
    // The first page was kept.
    expect((await b.listStores())[0].customers).toBeGreaterThan(0);
    b.setFailSync({ code: 'sync.relink_needed', params: { status: 401, detail: 'x' } });
    await codeOf(b.syncStore('s2', id, false, () => {}));
    expect((await b.syncStates())[0].state.state).toBe('relink_needed');
    b.setFailSync(null);
    await b.syncStore('s3', id, false, () => {});
    expect((await b.syncStates())[0].state.state).toBe('ok');
  });
});
