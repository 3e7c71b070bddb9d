// The fake's "files on disk": a few order exports, picked by the file's name, and a small copy of
// the Rust importer's rules (repeatlens-import: preset detection, the generic importer's guessed
// or given column mapping, row errors) so that the import preview behaves like the real one.
// Why one file of this size: each preset's rules (PresetRules) are declared by its file builder
// below and read by mappingFor/parseRows above: a preset change in repeatlens-import is one edit.
import type { ImportPreviewRow, ImportProblem } from '../ipc/bindings';
import { BackendError } from './errors';

/** The generic importer's fields, in `Field::ALL` order (`Field::name()`). */
export const IMPORT_FIELDS = [
  'order',
  'customer',
  'email',
  'date',
  'amount',
  'quantity',
  'unit_price',
  'currency',
  'country',
  'sku',
  'product',
  'category',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header names that suggest a field, most specific first (`Field::synonyms`). */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  order: ['order id', 'order_id', 'order number', 'order no', 'order', 'invoice', 'invoiceno', 'invoice no', '订单号', '订单编号', '订单id', '订单'],
  customer: ['customer id', 'customer_id', 'customerid', 'customer', 'buyer id', 'buyer', 'client id', '客户id', '客户编号', '客户', '买家'],
  email: ['email', 'e-mail', 'customer email', 'buyer email', '邮箱', '电子邮件'],
  date: ['order date', 'date', 'created at', 'created_at', 'purchase date', 'invoice date', 'invoicedate', 'time', '下单时间', '订单日期', '日期', '时间', '付款时间'],
  amount: ['amount', 'total', 'order total', 'revenue', 'sales', 'line total', '金额', '订单金额', '实付金额', '销售额', '总价'],
  quantity: ['quantity', 'qty', 'units', '数量'],
  unit_price: ['unit price', 'unit_price', 'unitprice', 'price', '单价', '价格'],
  currency: ['currency', 'currency code', '币种', '货币'],
  country: ['country', 'ship country', 'shipping country', 'country code', '国家', '收货国家'],
  sku: ['sku', 'stockcode', 'stock code', 'item code', 'product code', '货号', '商品编码'],
  product: ['product', 'product name', 'item', 'item name', 'title', 'description', '商品', '商品名称', '产品', '品名'],
  category: ['category', 'product type', 'product category', 'department', '类目', '分类', '品类'],
};

export const DATE_EXPECTED =
  'a date such as 2024-03-31 14:05, 2024-03-31T14:05:00+08:00, 31/03/2024 or 03/31/2024 (set --date-format dmy|mdy|ymd for day/month order)';
export const MONEY_EXPECTED = 'an amount such as 12.50, -3, 1,234.56 or 1.234,56';
const QUANTITY_EXPECTED = 'a whole number';
const CURRENCY_EXPECTED = 'an ISO currency code such as USD or CNY';

/** How a preset reads its file, in terms of the generic engine below. */
interface PresetRules {
  name: 'shopify-orders' | 'amazon-all-orders' | 'online-retail';
  platform: string;
  /** What the preview shows as "field → column" (the preset's own field names). */
  shown: [string, string][];
  /** The columns the preset reads, as generic fields. */
  columns: Partial<Record<ImportField, string>>;
  /** Shopify: the order's date, currency and country are on its first line only. */
  carryForward?: boolean;
  /** Online Retail: invoices starting with this letter are returns. */
  returnPrefix?: string;
  currency?: string;
  timezone?: string;
  storeName?: string;
}

export interface FakeFile {
  file: string;
  encoding: string;
  /** As the backend names it: ",", ";" or "tab". */
  delimiter: string;
  headers: string[];
  /** Data rows; a row's line number is its index + 2. */
  rows: string[][];
  preset: PresetRules | null;
  /** A bad row further down than any preview reads: the import fails there. */
  lateError?: { line: number; column: string; value: string; expected: string };
}

export interface RowProblem {
  line: number;
  column: string;
  value: string;
  expected: string;
}

/** The `Expected` code of the English phrase the fake's checks use. */
function expectedCode(expected: string): string {
  if (expected === DATE_EXPECTED) return 'date';
  if (expected === MONEY_EXPECTED) return 'amount';
  if (expected === QUANTITY_EXPECTED) return 'whole_number';
  return 'currency_code';
}

/** `Skipped` as the preview returns it (`ImportProblem`). */
export function previewError(e: RowProblem): ImportProblem {
  const value = e.value === '' ? 'empty' : `'${e.value}'`;
  return {
    line: e.line,
    column: e.column,
    value: e.value,
    expected: expectedCode(e.expected),
    detail: null,
    reason: `column '${e.column}': ${value}, expected ${e.expected}`,
  };
}

/** `ImportError::Row` as an import rejects with it (`import.bad_cell`). */
export function importRowError(file: string, e: RowProblem): BackendError {
  const shown = e.value === '' ? 'the cell is empty' : `'${e.value}'`;
  return new BackendError(
    `${file}, line ${e.line}, column '${e.column}': ${shown} — expected ${e.expected}. Nothing was imported; fix the file.`,
    'import.bad_cell',
    { file, line: e.line, column: e.column, value: e.value, expected: expectedCode(e.expected), detail: null },
  );
}

export class SetupError extends Error {}

function normalize(name: string): string {
  return name.replace(/^[\s\ufeff]+|[\s\ufeff]+$/g, '').toLowerCase().split(/\s+/).join(' ');
}

function findColumn(headers: string[], candidates: readonly string[]): number {
  for (const c of candidates) {
    const idx = headers.findIndex((h) => normalize(h) === normalize(c));
    if (idx >= 0) return idx;
  }
  return -1;
}

/** field → column index. */
export type Resolved = Map<ImportField, number>;

/** `Mapping::resolve`: the user's columns, completed by guesses for the fields not named. */
export function resolveMapping(f: FakeFile, user: [string, string][]): Resolved {
  const cols: Resolved = new Map();
  for (const [field, column] of user) {
    if (column.trim() === '') continue;
    if (!(IMPORT_FIELDS as readonly string[]).includes(field.trim())) {
      throw new SetupError(`unknown field '${field}': use ${IMPORT_FIELDS.join(', ')}`);
    }
    const idx = findColumn(f.headers, [column]);
    if (idx < 0) {
      throw new SetupError(
        `${f.file}: --map ${field}=${column}: there is no column '${column}'. The columns are: ${f.headers.join(', ')}`,
      );
    }
    cols.set(field.trim() as ImportField, idx);
  }
  for (const field of IMPORT_FIELDS) {
    if (cols.has(field)) continue;
    const idx = findColumn(f.headers, SYNONYMS[field]);
    if (idx >= 0 && ![...cols.values()].includes(idx)) cols.set(field, idx);
  }
  const has = (field: ImportField) => cols.has(field);
  if (!has('date') || !(has('amount') || (has('quantity') && has('unit_price')))) {
    const guessed = shownMapping(f, cols).map(([field, column]) => `${field}=${column}`).join(', ');
    throw new SetupError(
      `${f.file}: cannot tell which columns hold the order date and the amount. Map them, e.g. ` +
        `--map date="Order Date",amount=Total (or quantity=…,unit_price=…). Guessed so far: ${guessed || 'nothing'}. ` +
        `The columns are: ${f.headers.join(', ')}`,
    );
  }
  return cols;
}

/** `Mapping::shown`, in field order. */
export function shownMapping(f: FakeFile, cols: Resolved): [string, string][] {
  return IMPORT_FIELDS.filter((field) => cols.has(field)).map((field) => [field, f.headers[cols.get(field) as number]]);
}

function presetResolved(f: FakeFile, preset: PresetRules): Resolved {
  const cols: Resolved = new Map();
  for (const [field, column] of Object.entries(preset.columns)) {
    const idx = findColumn(f.headers, [column as string]);
    if (idx >= 0) cols.set(field as ImportField, idx);
  }
  return cols;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2024-03-05 14:22", "2024/3/5 14:22:10", "2024-03-05" → "2024-03-05 14:22". */
function parseDate(value: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0'] = m.slice(1);
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23) return null;
  return `${y}-${pad(Number(mo))}-${pad(Number(d))} ${pad(Number(h))}:${mi}`;
}

/** Money in major units: "12.50", "1,234.56", "1.234,56", "¥128.00". */
function parseMoney(value: string): number | null {
  const s = value.replace(/[¥$€£\s]/g, '');
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^-?\d{1,3}(\.\d{3})*,\d+$/.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  return null;
}

function parseQuantity(value: string): number | null {
  const n = parseMoney(value);
  return n !== null && Number.isInteger(n) ? n : null;
}

// The ISO 4217 minor units of the Rust importer's table (crate repeatlens-money): 2 unless listed.
const ZERO_DIGITS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DIGITS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

function minorDigits(currency: string): number {
  if (ZERO_DIGITS.includes(currency)) return 0;
  return THREE_DIGITS.includes(currency) ? 3 : 2;
}

function round(amount: number, currency: string): number {
  const scale = 10 ** minorDigits(currency);
  return Math.sign(amount) * Math.round(Math.abs(amount) * scale) / scale;
}

export interface Parsed {
  rows: ImportPreviewRow[];
  errors: RowProblem[];
}

/**
 * Reads the first `limit` data rows with `cols` like the generic importer (or a preset):
 * rows with the same order value are the lines of one order, shown order by order.
 */
export function parseRows(f: FakeFile, cols: Resolved, limit: number, defaultCurrency: string | null): Parsed {
  const preset = f.preset;
  const stem = f.file.replace(/(\.(csv|tsv|txt))?(\.gz)?$/i, '');
  const orders = new Map<string, ImportPreviewRow[]>();
  const returns: ImportPreviewRow[] = [];
  const errors: RowProblem[] = [];
  let carried: { date: string; currency: string; country: string | null; order: string } | null = null;

  f.rows.slice(0, limit).forEach((row, i) => {
    const line = i + 2;
    const cell = (field: ImportField): string | null => {
      const idx = cols.get(field);
      if (idx === undefined) return null;
      const v = (row[idx] ?? '').trim();
      return v === '' ? null : v;
    };
    const column = (field: ImportField) => f.headers[cols.get(field) as number] ?? field;
    const fail = (field: ImportField, value: string | null, expected: string) => {
      errors.push({ line, column: column(field), value: value ?? '', expected });
    };

    const order = cell('order') ?? `${stem}:${line}`;
    const same = preset?.carryForward && carried?.order === order ? carried : null;

    const rawDate = cell('date');
    const date = rawDate === null ? same?.date ?? null : parseDate(rawDate);
    if (date === null) return fail('date', rawDate, DATE_EXPECTED);

    const rawCurrency = cell('currency');
    let currency: string | null;
    if (rawCurrency !== null) {
      currency = /^[A-Za-z]{3}$/.test(rawCurrency) ? rawCurrency.toUpperCase() : null;
      if (currency === null) return fail('currency', rawCurrency, CURRENCY_EXPECTED);
    } else {
      currency = same?.currency ?? preset?.currency ?? defaultCurrency;
      if (currency === null) return fail('currency', null, 'a currency code');
    }

    let quantity = 1;
    if (cols.has('quantity')) {
      const q = cell('quantity');
      const parsed = q === null ? null : parseQuantity(q);
      if (parsed === null) return fail('quantity', q, QUANTITY_EXPECTED);
      quantity = parsed;
    }
    let amount: number;
    if (cols.has('amount')) {
      const a = cell('amount');
      const parsed = a === null ? null : parseMoney(a);
      if (parsed === null) return fail('amount', a, MONEY_EXPECTED);
      amount = parsed;
    } else {
      const p = cell('unit_price');
      const parsed = p === null ? null : parseMoney(p);
      if (parsed === null) return fail('unit_price', p, MONEY_EXPECTED);
      amount = parsed * quantity;
    }

    const email = cell('email');
    const country = cell('country') ?? same?.country ?? null;
    const isReturn = preset?.returnPrefix !== undefined && order.startsWith(preset.returnPrefix);
    const out: ImportPreviewRow = {
      kind: isReturn ? 'return' : 'order',
      order,
      customer: cell('customer') ?? (email ? email.toLowerCase() : null),
      date,
      sku: cell('sku'),
      product: cell('product'),
      quantity: isReturn ? Math.abs(quantity) : quantity,
      amount: round(isReturn ? Math.abs(amount) : amount, currency),
      currency,
      country: isReturn ? null : country,
    };
    if (isReturn) {
      // Shown after the orders, with negative quantity and amount (as refunds are).
      returns.push({ ...out, quantity: -out.quantity, amount: -out.amount });
    } else {
      const lines = orders.get(order) ?? [];
      lines.push(out);
      orders.set(order, lines);
    }
    carried = { date, currency, country, order };
  });

  return { rows: [...[...orders.values()].flat(), ...returns], errors };
}

/** The preset's mapping as shown, or the generic importer's. */
export function mappingFor(f: FakeFile, user: [string, string][]): { preset: string; cols: Resolved; shown: [string, string][] } {
  const given = user.filter(([, c]) => c.trim() !== '');
  if (f.preset && given.length === 0) {
    return { preset: f.preset.name, cols: presetResolved(f, f.preset), shown: f.preset.shown.filter(([, c]) => f.headers.includes(c)) };
  }
  const cols = resolveMapping(f, given);
  return { preset: 'generic', cols, shown: shownMapping(f, cols) };
}

// ---------------------------------------------------------------- the files

const PRODUCTS: [string, string, number][] = [
  ['MUG-BLU', 'Blue enamel mug', 14.5],
  ['TEA-GRN', 'Green tea 100 g', 9.9],
  ['BAG-TOTE', 'Canvas tote bag', 22],
  ['CANDLE-S', 'Soy candle, small', 12.75],
  ['NOTE-A5', 'A5 dotted notebook', 8.4],
  ['PEN-BRS', 'Brass pen', 31],
];

const PRODUCTS_ZH: [string, string, number][] = [
  ['BWL-001', '青花瓷碗', 68],
  ['TEA-LJ', '龙井茶 250 克', 128],
  ['SLK-SC', '真丝围巾', 259],
  ['FAN-ZD', '折扇', 45.5],
  ['CUP-GL', '玻璃茶杯', 39.9],
];

const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'AU'];
const COUNTRIES_ZH = ['美国', '英国', '德国', '加拿大', '澳大利亚'];

interface Line {
  order: string;
  customer: number;
  when: Date;
  product: [string, string, number];
  quantity: number;
  country: string;
  currency: string;
}

/** 24 lines of 11 orders from 7 customers: deterministic, some orders with several lines. */
function lines(products: [string, string, number][], countries: string[], currencies: string[], firstOrder: number): Line[] {
  const out: Line[] = [];
  const sizes = [1, 3, 2, 1, 2, 4, 1, 2, 3, 2, 3];
  let t = Date.UTC(2024, 2, 4, 9, 12);
  sizes.forEach((size, o) => {
    const customer = (o * 5) % 7;
    t += (17 + ((o * 13) % 40)) * 3_600_000;
    for (let l = 0; l < size; l++) {
      out.push({
        order: String(firstOrder + o),
        customer,
        when: new Date(t),
        product: products[(o * 3 + l * 2) % products.length],
        quantity: 1 + ((o + l * 2) % 3),
        country: countries[customer % countries.length],
        currency: currencies[customer % currencies.length],
      });
    }
  });
  return out;
}

const ymdhm = (d: Date, sep = '-') =>
  `${d.getUTCFullYear()}${sep}${pad(d.getUTCMonth() + 1)}${sep}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const money = (n: number) => n.toFixed(2);
const later = (d: Date, hours: number) => new Date(d.getTime() + hours * 3_600_000);

/** A shop's own CSV export with English headers (the generic importer guesses its columns). */
function englishFile(file: string, broken: boolean): FakeFile {
  const headers = ['Order ID', 'Buyer', 'E-mail', 'Order Date', 'Ship Date', 'SKU', 'Item', 'Qty', 'Total', 'Currency', 'Country', 'Note'];
  const names = ['ava', 'ben', 'chloe', 'dan', 'emma', 'felix', 'grace'];
  const all = lines(PRODUCTS, COUNTRIES, ['USD', 'USD', 'EUR'], 1001);
  const rows = all.map((l, i) => [
    `#${l.order}`,
    `C-${pad(l.customer + 1)}`,
    `${names[l.customer]}@example.com`,
    ymdhm(l.when),
    // One order has not shipped yet.
    l.order === '1004' ? '' : ymdhm(later(l.when, 30 + (i % 3) * 20)),
    l.product[0],
    l.product[1],
    String(l.quantity),
    money(l.product[2] * l.quantity),
    l.currency,
    l.country,
    i % 5 === 0 ? 'gift wrap' : '',
  ]);
  if (broken) {
    // Line 6: a total that is not an amount.
    rows[4][8] = 'n/a';
  }
  return { file, encoding: 'UTF-8', delimiter: ',', headers, rows, preset: null };
}

/** A Chinese Excel export (GB18030) with Chinese headers. */
function chineseFile(file: string): FakeFile {
  const headers = ['订单号', '客户', '手机', '下单时间', '付款时间', '商品编码', '商品名称', '数量', '单价', '金额', '币种', '收货国家'];
  const all = lines(PRODUCTS_ZH, COUNTRIES_ZH, ['CNY', 'USD'], 20240301);
  const rows = all.map((l) => [
    `DD${l.order}`,
    `买家${l.customer + 1}`,
    `138${String(10000000 + l.customer * 7919).slice(0, 8)}`,
    ymdhm(l.when, '/'),
    ymdhm(later(l.when, 1), '/'),
    l.product[0],
    l.product[1],
    String(l.quantity),
    money(l.product[2]),
    money(l.product[2] * l.quantity),
    l.currency,
    l.country,
  ]);
  return { file, encoding: 'GB18030', delimiter: ',', headers, rows, preset: null };
}

function shopifyFile(file: string): FakeFile {
  const headers = [
    'Name', 'Email', 'Financial Status', 'Created at', 'Currency', 'Subtotal', 'Shipping', 'Taxes', 'Total',
    'Discount Code', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Billing Name', 'Shipping Country',
  ];
  const names = ['Ava Chen', 'Ben Okafor', 'Chloé Martin', 'Dan Smith', 'Emma Rossi', 'Felix Wu', 'Grace Lee'];
  const all = lines(PRODUCTS, COUNTRIES, ['USD'], 1001);
  const totals = new Map<string, number>();
  for (const l of all) totals.set(l.order, (totals.get(l.order) ?? 0) + l.product[2] * l.quantity);
  const rows = all.map((l, i) => {
    const first = i === 0 || all[i - 1].order !== l.order;
    const total = totals.get(l.order) as number;
    const email = `${names[l.customer].split(' ')[0].toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.com`;
    return [
      `#${l.order}`,
      email,
      first ? 'paid' : '',
      first ? ymdhm(l.when) : '',
      first ? 'USD' : '',
      first ? money(total) : '',
      first ? '5.00' : '',
      first ? '0.00' : '',
      first ? money(total + 5) : '',
      '',
      String(l.quantity),
      l.product[1],
      money(l.product[2]),
      l.product[0],
      names[l.customer],
      first ? l.country : '',
    ];
  });
  return {
    file,
    encoding: 'UTF-8',
    delimiter: ',',
    headers,
    rows,
    preset: {
      name: 'shopify-orders',
      platform: 'shopify',
      storeName: 'Shopify',
      shown: [
        ['order', 'Name'],
        ['email', 'Email'],
        ['date', 'Created at'],
        ['financial_status', 'Financial Status'],
        ['currency', 'Currency'],
        ['subtotal', 'Subtotal'],
        ['shipping', 'Shipping'],
        ['tax', 'Taxes'],
        ['amount', 'Total'],
        ['discount_code', 'Discount Code'],
        ['quantity', 'Lineitem quantity'],
        ['product', 'Lineitem name'],
        ['unit_price', 'Lineitem price'],
        ['sku', 'Lineitem sku'],
        ['billing_name', 'Billing Name'],
        ['country', 'Shipping Country'],
      ],
      columns: {
        order: 'Name',
        email: 'Email',
        date: 'Created at',
        currency: 'Currency',
        quantity: 'Lineitem quantity',
        unit_price: 'Lineitem price',
        product: 'Lineitem name',
        sku: 'Lineitem sku',
        country: 'Shipping Country',
      },
      carryForward: true,
    },
  };
}

function amazonFile(file: string): FakeFile {
  const headers = ['amazon-order-id', 'purchase-date', 'order-status', 'product-name', 'sku', 'quantity', 'currency', 'item-price', 'ship-country'];
  const all = lines(PRODUCTS, COUNTRIES, ['USD'], 1001);
  const rows = all.map((l) => [
    `113-${l.order}-55${l.customer}`,
    ymdhm(l.when),
    'Shipped',
    l.product[1],
    l.product[0],
    String(l.quantity),
    l.currency,
    money(l.product[2] * l.quantity),
    l.country,
  ]);
  return {
    file,
    encoding: 'UTF-8',
    delimiter: 'tab',
    headers,
    rows,
    preset: {
      name: 'amazon-all-orders',
      platform: 'amazon',
      storeName: 'Amazon',
      shown: [
        ['order', 'amazon-order-id'],
        ['date', 'purchase-date'],
        ['status', 'order-status'],
        ['product', 'product-name'],
        ['sku', 'sku'],
        ['quantity', 'quantity'],
        ['currency', 'currency'],
        ['amount', 'item-price'],
        ['country', 'ship-country'],
      ],
      columns: {
        order: 'amazon-order-id',
        date: 'purchase-date',
        product: 'product-name',
        sku: 'sku',
        quantity: 'quantity',
        currency: 'currency',
        amount: 'item-price',
        country: 'ship-country',
      },
    },
  };
}

function onlineRetailFile(file: string): FakeFile {
  const headers = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
  const all = lines(PRODUCTS, ['United Kingdom', 'France', 'Germany'], ['GBP'], 536365);
  const rows = all.map((l, i) => [
    i === 7 ? `C${l.order}` : l.order,
    l.product[0],
    l.product[1].toUpperCase(),
    String(i === 7 ? -l.quantity : l.quantity),
    ymdhm(l.when),
    money(l.product[2]),
    String(17850 + l.customer),
    l.country,
  ]);
  const columns = { order: 'InvoiceNo', sku: 'StockCode', product: 'Description', quantity: 'Quantity', date: 'InvoiceDate', unit_price: 'UnitPrice', customer: 'CustomerID', country: 'Country' };
  return {
    file,
    encoding: 'UTF-8',
    delimiter: ',',
    headers,
    rows,
    preset: {
      name: 'online-retail',
      platform: 'file',
      storeName: 'Online Retail',
      shown: Object.entries(columns),
      columns,
      returnPrefix: 'C',
      currency: 'GBP',
      timezone: 'Europe/London',
    },
  };
}

/** The file behind a picked path: its name says what kind of export it is. */
export function fakeFile(path: string): FakeFile {
  const parts = path.split(/[\\/]/);
  const file = parts[parts.length - 1] || path;
  const lower = file.toLowerCase();
  const broken = /broken|bad|invalid/.test(lower);
  let f: FakeFile;
  if (lower.includes('shopify')) f = shopifyFile(file);
  else if (lower.includes('amazon')) f = amazonFile(file);
  else if (lower.includes('online_retail') || lower.includes('online-retail')) f = onlineRetailFile(file);
  else if (/[\u3400-\u9fff]/.test(file) || /(^|[-_. ])(cn|zh|taobao|tmall)([-_. ]|$)/.test(lower)) f = chineseFile(file);
  else f = englishFile(file, /bad|invalid/.test(lower));
  if (broken && /broken/.test(lower)) {
    // Fine in the first rows, bad much further down: only the import finds it.
    f.lateError = { line: 1734, column: f.headers[8] ?? f.headers[0], value: '12,50 €', expected: MONEY_EXPECTED };
  }
  return f;
}
