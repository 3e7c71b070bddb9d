// The import screen: pick a file → preview (detected format, column mapping, first rows,
// problems) → Import with the chosen mapping, or Back.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, SAMPLE } from '../src/backend/fake';
import { renderApp } from './render';

const GENERIC = '/home/li/Downloads/sales_2024.csv';

function select(field: string): HTMLSelectElement {
  return screen.getByTestId(`import-map-${field}`) as HTMLSelectElement;
}

function cells(testId: string): string[] {
  return screen.getAllByTestId(testId).map((c) => c.textContent ?? '');
}

function confirmButton(): HTMLButtonElement {
  return screen.getByTestId('import-confirm') as HTMLButtonElement;
}

/** Renders the app, clicks "Import a file" and waits for the first preview. */
async function openImport(options: Parameters<typeof renderApp>[0] = {}) {
  const result = await renderApp({ locale: 'en', pickedFile: GENERIC, ...options });
  // With a store the app opens on its dashboard; the stores screen is one click away.
  if (options.stores?.length) fireEvent.click(await screen.findByTestId('nav-stores'));
  fireEvent.click(screen.getByTestId('import-file'));
  const panel = await screen.findByTestId('import-preview');
  await waitFor(() => expect(panel.getAttribute('data-loading')).toBe('false'));
  return { ...result, backend: result.backend as FakeBackend, panel };
}

/** Waits until the preview has caught up with the last change. */
async function settled(panel: HTMLElement) {
  await waitFor(() => expect(panel.getAttribute('data-loading')).toBe('false'));
}

describe('import screen', () => {
  it('shows the detected format, the guessed columns and the first rows before importing anything', async () => {
    const { backend, panel } = await openImport();
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('Import sales_2024.csv');
    expect(screen.getByTestId('import-format').textContent).toBe('CSV/TSV file, columns matched by name');
    expect(screen.getByTestId('import-encoding').textContent).toBe('UTF-8');
    expect(screen.getByTestId('import-delimiter').textContent).toBe('Comma ( , )');
    expect(screen.getByTestId('import-store').textContent).toBe('sales_2024 (new store)');
    expect(screen.getByTestId('import-timezone').textContent).toBe('Times without a zone are read as UTC.');

    // One row per field, each preselected from the guessed mapping.
    const rows = screen.getAllByTestId('import-map-row');
    expect(rows.map((r) => r.getAttribute('data-field'))).toEqual([
      'order', 'customer', 'email', 'date', 'amount', 'quantity', 'unit_price', 'currency', 'country', 'sku', 'product', 'category',
    ]);
    expect(within(rows[3]).getByText('Order date')).toBeTruthy();
    expect(select('order').value).toBe('Order ID');
    expect(select('date').value).toBe('Order Date');
    expect(select('amount').value).toBe('Total');
    expect(select('unit_price').value).toBe('');
    expect(select('category').value).toBe('');
    // The file's headers, plus "not in file".
    const options = [...select('date').options].map((o) => o.textContent);
    expect(options[0]).toBe('— not in file —');
    expect(options).toContain('Ship Date');
    expect((screen.getByTestId('import-mapping-details') as HTMLDetailsElement).open).toBe(true);

    // The first rows as they will be stored.
    expect(screen.getAllByTestId('import-row')).toHaveLength(20);
    expect(cells('import-row-order')[0]).toBe('#1001');
    expect(cells('import-row-customer')[0]).toBe('C-01');
    expect(cells('import-row-date')[0]).toBe('5 Mar 2024, 02:12');
    expect(cells('import-row-product')[0]).toBe('Blue enamel mug');
    expect(cells('import-row-amount')[0]).toBe('US$14.50');
    expect(cells('import-row-amount')[1]).toBe('€25.50');
    expect(cells('import-row-country')[0]).toBe('US');
    expect(screen.getByTestId('import-errors-none').textContent).toBe('No problems in the first rows.');
    expect(screen.queryAllByTestId('import-error')).toHaveLength(0);

    expect(confirmButton().disabled).toBe(false);
    expect(backend.previews).toEqual([{ path: GENERIC, mapping: [], currency: null }]);
    expect(backend.calls).not.toContain('importFile');
  });

  it('changing a column previews again (once, after a pause) and the rows follow', async () => {
    const { backend, panel } = await openImport();
    fireEvent.change(select('customer'), { target: { value: 'E-mail' } });
    fireEvent.change(select('product'), { target: { value: 'SKU' } });
    expect(select('customer').value).toBe('E-mail');
    expect(panel.getAttribute('data-loading')).toBe('true');
    expect(confirmButton().disabled).toBe(true); // until the preview shows what would be imported
    await settled(panel);

    expect(cells('import-row-customer')[0]).toBe('ava@example.com');
    expect(cells('import-row-product')[0]).toBe('MUG-BLU');
    // Both changes went out together, with the rest of the columns as shown.
    expect(backend.previews).toHaveLength(2);
    expect(backend.previews[1].mapping).toContainEqual(['customer', 'E-mail']);
    expect(backend.previews[1].mapping).toContainEqual(['product', 'SKU']);
    expect(backend.previews[1].mapping).toContainEqual(['date', 'Order Date']);
    // The other columns stay as they were: E-mail is now both the customer and the email.
    expect(select('email').value).toBe('E-mail');
    expect(screen.getByTestId('import-format').textContent).toBe('CSV/TSV file, with your columns');
    expect(confirmButton().disabled).toBe(false);
  });

  it('lists each problem of the first rows and will not import a file that would fail', async () => {
    const { panel } = await openImport();
    fireEvent.change(select('date'), { target: { value: 'Ship Date' } });
    await settled(panel);
    const errors = screen.getByTestId('import-errors');
    const items = within(errors).getAllByTestId('import-error');
    expect(items).toHaveLength(1);
    expect(items[0].tagName).toBe('LI');
    expect(items[0].textContent).toMatch(/^line 8, column “Ship Date”: “\(empty\)” — expected a date such as 2024-03-31 14:05/);
    expect(errors.textContent).toContain('Problems in the first rows: 1.');
    expect(errors.textContent).toContain('An import stops at the first bad row and keeps nothing.');
    expect(cells('import-row-date')[0]).toBe('6 Mar 2024, 08:12'); // the ship dates now
    expect(confirmButton().disabled).toBe(true);

    // Back to the detected columns: no problems, importable again.
    fireEvent.click(screen.getByTestId('import-mapping-reset'));
    await settled(panel);
    expect(select('date').value).toBe('Order Date');
    expect(screen.getByTestId('import-errors-none')).toBeTruthy();
    expect(screen.queryByTestId('import-mapping-reset')).toBeNull();
    expect(confirmButton().disabled).toBe(false);
  });

  it('"not in file" leaves a field to the backend’s guess, which finds the fitting column again', async () => {
    const { backend, panel } = await openImport();
    fireEvent.change(select('unit_price'), { target: { value: 'Note' } });
    await settled(panel);
    expect(select('unit_price').value).toBe('Note');
    fireEvent.change(select('unit_price'), { target: { value: '' } });
    fireEvent.change(select('email'), { target: { value: '' } });
    await settled(panel);
    expect(select('unit_price').value).toBe('');
    // The importer guesses the fields it is not given: "E-mail" fits the email field.
    expect(select('email').value).toBe('E-mail');
    expect(backend.previews[backend.previews.length - 1].mapping.some(([f]) => f === 'email' || f === 'unit_price')).toBe(false);
    // Settled: no further previews once the answer is shown.
    const asked = backend.previews.length;
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(backend.previews).toHaveLength(asked);
  });

  it('lists the bad rows of a file as it is', async () => {
    await openImport({ pickedFile: '/home/li/orders_bad.csv' });
    expect(cells('import-error')).toEqual([
      'line 6, column “Total”: “n/a” — expected an amount such as 12.50, -3, 1,234.56 or 1.234,56',
    ]);
    expect(confirmButton().disabled).toBe(true);
  });

  it('imports with the chosen mapping, shows progress (rows/s, Cancel) and then the report', async () => {
    const { backend, root } = await openImport({ stepDelayMs: 5 });
    fireEvent.change(select('customer'), { target: { value: 'E-mail' } });
    await settled(screen.getByTestId('import-preview'));
    fireEvent.click(confirmButton());

    const progress = await screen.findByTestId('progress');
    expect(progress.textContent).toContain('Importing sales_2024.csv');
    expect(screen.getByTestId('import-cancel')).toBeTruthy();
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(root.getAttribute('data-busy')).toBe('true');
    await waitFor(() => expect(screen.getByTestId('progress-rate').textContent).toMatch(/rows\/s/));

    expect(backend.imports).toHaveLength(1);
    expect(backend.imports[0].path).toBe(GENERIC);
    expect(backend.imports[0].mapping).toEqual([
      ['order', 'Order ID'],
      ['customer', 'E-mail'],
      ['email', 'E-mail'],
      ['date', 'Order Date'],
      ['amount', 'Total'],
      ['quantity', 'Qty'],
      ['currency', 'Currency'],
      ['country', 'Country'],
      ['sku', 'SKU'],
      ['product', 'Item'],
    ]);

    const report = await screen.findByTestId('import-report');
    expect(report.textContent).toContain('Imported sales_2024');
    expect(screen.queryByTestId('progress')).toBeNull();
    expect(screen.getAllByTestId('store-row')).toHaveLength(1);
    expect(screen.getByTestId('store-name').textContent).toBe('sales_2024');
    expect(screen.getByText(/CSV file · USD · UTC/)).toBeTruthy();
  });

  it('a detected preset keeps its own columns (collapsed) and imports without a mapping', async () => {
    const { backend, panel } = await openImport({ pickedFile: '/home/li/orders_export_shopify.csv', stores: [SAMPLE.store] });
    expect(panel.getAttribute('data-preset')).toBe('shopify-orders');
    expect(screen.getByTestId('import-format').textContent).toBe('Shopify orders export');
    expect(screen.getByTestId('import-store').textContent).toBe('Shopify (new store)');
    const details = screen.getByTestId('import-mapping-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Columns (detected, change only if needed)')).toBeTruthy();
    expect(select('date').value).toBe('Created at');
    expect(select('quantity').value).toBe('Lineitem quantity');
    // Only a real choice leaves the preset; "not in file" on a preset column does nothing.
    fireEvent.change(select('sku'), { target: { value: '' } });
    expect(select('sku').value).toBe('Lineitem sku');

    // Choosing a column reads the file as a plain CSV: just that column is sent, the rest guessed.
    fireEvent.change(select('customer'), { target: { value: 'Billing Name' } });
    await settled(panel);
    expect(panel.getAttribute('data-preset')).toBe('generic');
    expect(backend.previews[backend.previews.length - 1].mapping).toEqual([['customer', 'Billing Name']]);
    expect(screen.getByTestId('import-format').textContent).toBe('CSV/TSV file, with your columns');
    expect(cells('import-row-customer')[0]).toBe('Ava Chen');
    // Shopify puts the date on an order's first line only: a plain CSV reading fails on the others.
    expect(cells('import-error')[0]).toMatch(/^line 4, column “Created at”: “\(empty\)” — expected a date/);
    expect(confirmButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-mapping-reset'));
    await settled(panel);
    expect(panel.getAttribute('data-preset')).toBe('shopify-orders');
    expect(screen.getByTestId('import-errors-none')).toBeTruthy();

    fireEvent.click(confirmButton());
    await screen.findByTestId('import-report');
    expect(backend.imports).toEqual([{ path: '/home/li/orders_export_shopify.csv', mapping: [], currency: null }]);
  });

  it('says when the file goes into a store that is already there', async () => {
    await openImport({ stores: [{ ...SAMPLE.store, id: 7, name: 'sales_2024', currency: 'EUR', timezone: 'Europe/Berlin' }] });
    expect(screen.getByTestId('import-store').textContent).toBe(
      'sales_2024 (already here: its orders are updated, never doubled)',
    );
    expect(screen.getByTestId('import-timezone').getAttribute('data-value')).toBe('Europe/Berlin');
  });

  it('Back returns to the stores without importing', async () => {
    const { backend } = await openImport();
    fireEvent.change(select('customer'), { target: { value: 'E-mail' } });
    fireEvent.click(screen.getByTestId('import-back'));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(screen.getByTestId('import-file')).toBeTruthy();
    expect(screen.getByText('Start with your orders')).toBeTruthy();
    // The pending re-preview is dropped with the screen.
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(backend.previews).toHaveLength(1);
    expect(backend.calls).not.toContain('importFile');
    expect(await backend.listStores()).toEqual([]);
  });

  it('shows why a file cannot be read, and Back still works', async () => {
    const message = 'orders.csv: cannot tell which columns hold the order date and the amount.';
    await renderApp({ locale: 'en', pickedFile: GENERIC, fail: { previewImport: message } });
    fireEvent.click(screen.getByTestId('import-file'));
    const error = await screen.findByTestId('error');
    expect(error.textContent).toContain('Couldn’t read the file');
    expect(screen.getByTestId('error-message').textContent).toBe(message);
    expect(confirmButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-back'));
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });

  it('keeps the columns when a new mapping cannot be read, and blocks the import', async () => {
    const backend = new FakeBackend({ stepDelayMs: 1, pickedFile: GENERIC });
    const real = backend.previewImport.bind(backend);
    vi.spyOn(backend, 'previewImport').mockImplementation((path, mapping, currency) =>
      (mapping ?? []).some(([f, c]) => f === 'date' && c === 'Note')
        ? Promise.reject(new Error("sales_2024.csv: column 'Note' mixes day-first and month-first dates"))
        : real(path, mapping, currency),
    );
    await renderApp({ locale: 'en', backend });
    fireEvent.click(screen.getByTestId('import-file'));
    const panel = await screen.findByTestId('import-preview');
    await settled(panel);
    fireEvent.change(select('date'), { target: { value: 'Note' } });
    await settled(panel);
    const failed = screen.getByTestId('import-preview-error');
    expect(failed.textContent).toContain('The file can’t be read with these columns.');
    expect(failed.textContent).toContain("column 'Note' mixes day-first and month-first dates");
    expect(select('date').value).toBe('Note');
    expect(screen.getAllByTestId('import-row').length).toBeGreaterThan(0); // the last good preview stays
    expect(confirmButton().disabled).toBe(true);

    fireEvent.change(select('date'), { target: { value: 'Order Date' } });
    await settled(panel);
    expect(screen.queryByTestId('import-preview-error')).toBeNull();
    expect(confirmButton().disabled).toBe(false);
  });

  it('speaks Chinese: labels, field names, a GB18030 file with Chinese headers', async () => {
    const { panel } = await openImport({ locale: 'zh-CN', pickedFile: 'C:\\Users\\li\\Downloads\\淘宝订单.csv' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('导入 淘宝订单.csv');
    expect(panel.textContent).toContain('点击“导入”之前不会导入任何数据。');
    expect(screen.getByTestId('import-format').textContent).toBe('CSV/TSV 文件，按列名匹配');
    expect(screen.getByTestId('import-encoding').textContent).toBe('GB18030');
    expect(screen.getByTestId('import-delimiter').textContent).toBe('逗号（,）');
    expect(screen.getByTestId('import-store').textContent).toBe('淘宝订单（新店铺）');
    expect(screen.getByTestId('import-timezone').textContent).toBe('不带时区的时间按 UTC 读取。');
    for (const label of ['格式', '编码', '分隔符', '店铺', '时区', '列对应', '字段', '文件中的列']) {
      expect(within(panel).getAllByText(label).length).toBeGreaterThan(0);
    }
    for (const label of ['订单号', '客户 ID', '邮箱', '下单日期', '金额（行合计）', '数量', '单价', '币种', '国家/地区', 'SKU（货号）', '商品', '类目']) {
      expect(screen.getByLabelText(label).tagName).toBe('SELECT');
    }
    expect(select('order').value).toBe('订单号');
    expect(select('date').value).toBe('下单时间');
    expect(select('amount').value).toBe('金额');
    expect(select('email').value).toBe('');
    expect(select('email').options[0].textContent).toBe('— 文件中没有 —');
    const table = screen.getByTestId('import-rows');
    for (const header of ['类型', '订单', '客户', '日期', '货号', '商品', '数量', '金额', '国家/地区']) {
      expect(within(table).getAllByText(header).length).toBeGreaterThan(0);
    }
    expect(cells('import-row-order')[0]).toBe('DD20240301');
    expect(cells('import-row-customer')[0]).toBe('买家1');
    expect(cells('import-row-product')[0]).toBe('青花瓷碗');
    expect(cells('import-row-date')[0]).toBe('2024/3/5 02:12');
    expect(cells('import-row-amount')[0]).toBe('¥68.00');
    expect(screen.getByTestId('import-errors-none').textContent).toBe('前几行没有发现问题。');
    expect(confirmButton().textContent).toBe('导入');
    expect(screen.getByTestId('import-back').textContent).toBe('返回');

    fireEvent.change(select('date'), { target: { value: '付款时间' } });
    await settled(panel);
    expect(cells('import-row-date')[0]).toBe('2024/3/5 03:12');
    expect(screen.getByTestId('import-format').textContent).toBe('CSV/TSV 文件，使用你选择的列');
    expect(screen.getByTestId('import-mapping-reset').textContent).toBe('使用自动识别的列');
  });

  it('a currency typed for files without a currency column is previewed and imported with', async () => {
    const { backend, panel } = await openImport();
    fireEvent.change(screen.getByTestId('import-currency'), { target: { value: 'cny' } });
    await waitFor(() => expect(backend.previews.at(-1)?.currency).toBe('CNY'));
    await settled(panel);
    fireEvent.click(confirmButton());
    await waitFor(() => expect(backend.imports).toHaveLength(1));
    expect(backend.imports[0].currency).toBe('CNY');
  });
});
