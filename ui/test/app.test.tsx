import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, FAKE_APP_INFO, SAMPLE } from '../src/backend/fake';
import { LOCALE_STORAGE_KEY } from '../src/i18n';
import { renderApp } from './render';

describe('first screen', () => {
  it('shows the welcome card, title and footer once the backend has answered', async () => {
    const { backend } = await renderApp({ locale: 'en' });
    expect(screen.getByTestId('app-title').textContent).toBe('RepeatLens 复购透镜');
    expect(screen.getByTestId('load-sample').textContent).toContain('Load sample store');
    expect(screen.getByTestId('import-file').textContent).toContain('Import a file');
    // "Link a store" works now (WooCommerce); it opens the link form (sync.test.tsx).
    const link = screen.getByTestId('link-store') as HTMLButtonElement;
    expect(link.tagName).toBe('BUTTON');
    expect(link.disabled).toBe(false);
    expect(link.textContent).toContain('WooCommerce: orders and customers stay up to date by themselves. Shopify is next.');
    expect(screen.queryAllByTestId('store-row')).toHaveLength(0);
    // Footer: credit and db path come from app_info, not from the UI's own strings.
    expect(screen.getByTestId('sample-credit').textContent).toBe(FAKE_APP_INFO.sample_credit);
    expect(screen.getByTestId('db-path').textContent).toContain(FAKE_APP_INFO.db_path);
    expect((backend as FakeBackend).calls).toEqual(expect.arrayContaining(['appInfo', 'listStores']));
  });

  it('loads the sample store: progress while running, then a row with the fake’s numbers', async () => {
    const { root } = await renderApp({ locale: 'en', stepDelayMs: 5 });
    fireEvent.click(screen.getByTestId('load-sample'));

    const progress = await screen.findByTestId('progress');
    expect(root.getAttribute('data-busy')).toBe('true');
    expect((screen.getByTestId('load-sample') as HTMLButtonElement).disabled).toBe(true);
    expect(progress.querySelector('progress')).not.toBeNull();
    await waitFor(() => expect(screen.getByTestId('progress-rate').textContent).toMatch(/rows\/s/));

    const row = await screen.findByTestId('store-row');
    expect(screen.queryByTestId('progress')).toBeNull();
    expect(root.getAttribute('data-busy')).toBe('false');

    const customers = within(row).getByTestId('store-customers');
    expect(customers.getAttribute('data-value')).toBe(String(SAMPLE.store.customers));
    expect(customers.textContent).toBe('4,372');
    expect(within(row).getByTestId('store-orders').textContent).toBe('22,190');
    expect(within(row).getByTestId('store-returns').textContent).toBe('3,654');
    expect(within(row).getByTestId('store-revenue').textContent).toBe('£8,278,519.42');
    expect(within(row).getByTestId('store-first-order').textContent).toBe('1 Dec 2010, 08:26');
    expect(within(row).getByTestId('store-last-order').textContent).toBe('9 Dec 2011, 12:50');
    expect(within(row).getByTestId('store-name').textContent).toBe(SAMPLE.store.name);

    // The welcome card is gone but both actions are still offered above the list.
    expect(screen.queryByText('Start with your orders')).toBeNull();
    expect((screen.getByTestId('load-sample') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('import-file') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('import-report').textContent).toContain('22,190 new orders');
  });

  it('loading the sample twice keeps one store and reports the orders as unchanged', async () => {
    await renderApp({ locale: 'en' });
    fireEvent.click(screen.getByTestId('load-sample'));
    await screen.findByTestId('store-row');
    await waitFor(() => expect(screen.queryByTestId('progress')).toBeNull());
    fireEvent.click(screen.getByTestId('load-sample'));
    await screen.findByTestId('progress');
    await waitFor(() => expect(screen.queryByTestId('progress')).toBeNull());
    expect(screen.getAllByTestId('store-row')).toHaveLength(1);
    expect(screen.getByTestId('import-report').textContent).toContain('0 new orders');
    expect(screen.getByTestId('import-report').textContent).toContain('22,190 unchanged');
  });

  it('imports a picked file and lists it next to existing stores', async () => {
    await renderApp({
      locale: 'en',
      stores: [SAMPLE.store],
      pickedFile: 'C:\\Users\\li\\Downloads\\orders_export_shopify.csv',
    });
    // With a store present the app opens on its dashboard; the store list is one click away.
    fireEvent.click(await screen.findByTestId('nav-stores'));
    expect(screen.getAllByTestId('store-row')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('import-file'));
    // The import screen first: the detected format, nothing imported yet.
    const preview = await screen.findByTestId('import-preview');
    await waitFor(() => expect(within(preview).getByTestId('import-format').textContent).toBe('Shopify orders export'));
    expect(screen.queryByTestId('stores')).toBeNull();
    fireEvent.click(screen.getByTestId('import-confirm'));
    expect((await screen.findByTestId('progress')).textContent).toContain('Importing orders_export_shopify.csv');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('store-row')).toHaveLength(2));
    const row = screen.getAllByTestId('store-row')[1];
    expect(within(row).getByTestId('store-name').textContent).toBe('Shopify');
    expect(within(row).getByText(/Shopify · USD/)).toBeTruthy();
    const customers = Number(within(row).getByTestId('store-customers').getAttribute('data-value'));
    expect(customers).toBeGreaterThan(0);
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('does nothing when the file chooser is cancelled', async () => {
    const { backend } = await renderApp({ locale: 'en', pickedFile: null });
    fireEvent.click(screen.getByTestId('import-file'));
    await waitFor(() => expect((backend as FakeBackend).calls).toContain('pickFile'));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect((backend as FakeBackend).calls).not.toContain('previewImport');
    expect((backend as FakeBackend).calls).not.toContain('importFile');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(screen.queryByTestId('progress')).toBeNull();
    expect(screen.queryByTestId('error')).toBeNull();
  });
});

describe('errors', () => {
  it('shows the backend’s import error (file, line, column) in the error panel', async () => {
    await renderApp({ locale: 'en', pickedFile: '/home/li/orders_broken.csv' });
    fireEvent.click(screen.getByTestId('import-file'));
    // The bad row is far below the previewed rows: the preview is clean, the import fails.
    await waitFor(() => expect(screen.getByTestId('import-errors-none')).toBeTruthy());
    fireEvent.click(screen.getByTestId('import-confirm'));
    const panel = await screen.findByTestId('error');
    expect(panel.getAttribute('role')).toBe('alert');
    expect(panel.textContent).toContain('Couldn’t import the file');
    expect(screen.getByTestId('error-message').textContent).toBe(
      'orders_broken.csv, line 1734, column “Total”: “12,50 €” — expected an amount such as 12.50, -3, 1,234.56 or 1.234,56. ' +
        'Nothing was imported; fix the file and import it again.',
    );
    expect(screen.queryByTestId('progress')).toBeNull();
    expect(screen.queryAllByTestId('store-row')).toHaveLength(0);
    expect((screen.getByTestId('import-file') as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(screen.getByTestId('error-dismiss'));
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('shows an error passed as a plain string by a backend (as Tauri invoke does)', async () => {
    const backend = new FakeBackend({ stepDelayMs: 0 });
    vi.spyOn(backend, 'loadSampleStore').mockRejectedValue('sample.csv.gz: line 3, column 2: invalid date "31/02/2011"');
    await renderApp({ locale: 'zh-CN', backend });
    fireEvent.click(screen.getByTestId('load-sample'));
    const panel = await screen.findByTestId('error');
    expect(panel.textContent).toContain('无法加载示例店铺');
    expect(screen.getByTestId('error-message').textContent).toBe(
      'sample.csv.gz: line 3, column 2: invalid date "31/02/2011"',
    );
  });

  it('reports a start-up failure and still becomes ready', async () => {
    await renderApp({ locale: 'en', fail: { listStores: 'database is locked: /tmp/repeatlens.sqlite' } });
    expect(screen.getByTestId('error').textContent).toContain('Couldn’t open the database');
    expect(screen.getByTestId('error-message').textContent).toBe('database is locked: /tmp/repeatlens.sqlite');
    expect(screen.getByTestId('load-sample')).toBeTruthy();
  });
});

describe('language', () => {
  it('switches to Chinese, remembers the choice and restores it on the next start', async () => {
    const first = await renderApp({ locale: undefined });
    expect(screen.getByTestId('load-sample').textContent).toContain('Load sample store');
    expect(screen.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByTestId('lang-zh'));
    expect(screen.getByTestId('load-sample').textContent).toContain('加载示例店铺');
    expect(screen.getByTestId('import-file').textContent).toContain('导入文件');
    expect(screen.getByTestId('link-store').textContent).toContain('关联店铺');
    expect(screen.getByTestId('lang-zh').getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');

    first.unmount();
    await renderApp({ locale: undefined });
    expect(screen.getByTestId('load-sample').textContent).toContain('加载示例店铺');

    fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('load-sample').textContent).toContain('Load sample store');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it('follows navigator.language when nothing is stored', async () => {
    vi.spyOn(window.navigator, 'language', 'get').mockReturnValue('zh-TW');
    await renderApp({ locale: undefined });
    expect(screen.getByTestId('load-sample').textContent).toContain('加载示例店铺');
  });

  it('formats the store table for Chinese', async () => {
    await renderApp({ locale: 'zh-CN', stores: [SAMPLE.store] });
    fireEvent.click(await screen.findByTestId('nav-stores'));
    const table = screen.getByTestId('stores');
    for (const header of ['店铺', '客户', '订单', '退货', '销售额', '首单', '末单']) {
      expect(within(table).getByText(header)).toBeTruthy();
    }
    const row = screen.getByTestId('store-row');
    expect(within(row).getByTestId('store-customers').textContent).toBe('4,372');
    expect(within(row).getByTestId('store-revenue').textContent).toBe('£8,278,519.42');
    expect(within(row).getByTestId('store-first-order').textContent).toBe('2010/12/1 08:26');
    expect(within(row).getByText(/示例数据 · GBP/)).toBeTruthy();
  });
});
