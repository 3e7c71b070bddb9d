// Data behind the fake backend's analysis commands. The analysis itself is a real one of the
// bundled sample store (fixtures/sample-analysis.json); its 300 real customer rows
// (fixtures/sample-customers.json) are topped up with deterministic synthetic customers so that
// the population agrees with the analysis: the same number of customers per R×F cell (hence per
// segment), per 8-class class, per tier and per lifecycle stage. Contacts, orders and products
// are invented deterministically from the customer id.
// Why one file of this size: the population, table, customer 360 and exports all read the same
// invented customers (contactOf, productsOf, skuList); the chart stand-ins could move out.
import type {
  CustomerForecast,
  AnalysisSettings,
  AnalysisView,
  Class8,
  CustomerDetail,
  CustomerProfile,
  CustomerQuery,
  CustomerRow,
  ExportSpec,
  ItemRef,
  Lifecycle,
  Params,
  ProfileLine,
  ProfileOrder,
  ProfileRefund,
  ProfileSnapshot,
  Segment,
  Tier,
} from '../ipc/bindings';
import { BackendError } from './errors';
import { GENERIC_DEFAULT } from './exportColumns';
import type { FakeForecast } from './fake-insight';
import type { ChartKind, ChartLang, ChartTheme } from './types';

export interface SampleFixtures {
  view: AnalysisView;
  customers: CustomerRow[];
}

let loading: Promise<SampleFixtures> | null = null;

/** The fixtures, loaded on first use (a separate chunk, so the app bundle stays small). */
export function loadFixtures(): Promise<SampleFixtures> {
  loading ??= Promise.all([import('./fixtures/sample-analysis.json'), import('./fixtures/sample-customers.json')]).then(
    ([analysis, customers]) => {
      const view = analysis.default as unknown as AnalysisView;
      // The backend strips the per-customer rows from the view it sends.
      view.analysis.customers = [];
      return { view, customers: customers.default as unknown as CustomerRow[] };
    },
  );
  return loading;
}

// ---------------------------------------------------------------- randomness

/** Small deterministic hash (FNV-1a). */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32: a seeded generator of floats in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

// ---------------------------------------------------------------- the population

/** The segment of an (R, F) pair (`Segment::from_rf` of the analytics crate). */
export function segmentOf(r: number, f: number): Segment {
  if (r <= 2) return f <= 2 ? 'Hibernating' : f <= 4 ? 'At Risk' : "Can't Lose Them";
  if (r === 3 && f <= 2) return 'About To Sleep';
  if (r === 3 && f === 3) return 'Need Attention';
  if (f >= 4) return r === 3 || r === 4 ? 'Loyal Customers' : 'Champions';
  if (f === 1) return r === 4 ? 'Promising' : 'New Customers';
  return 'Potential Loyalists';
}

/** `Class8::from_hl`. */
export function classOf(rHigh: boolean, fHigh: boolean, mHigh: boolean): Class8 {
  const kind = rHigh ? (fHigh ? '价值' : '发展') : fHigh ? '保持' : '挽留';
  return `${mHigh ? '重要' : '一般'}${kind}客户` as Class8;
}

/** Takes one from the preferred quota, else from the fullest one left. */
function take<K>(quota: Map<K, number>, preferred: K): K {
  const left = quota.get(preferred) ?? 0;
  if (left > 0) {
    quota.set(preferred, left - 1);
    return preferred;
  }
  let best: K | null = null;
  let most = 0;
  for (const [k, n] of quota) {
    if (n > most) {
      best = k;
      most = n;
    }
  }
  if (best === null) return preferred;
  quota.set(best, most - 1);
  return best;
}

const RECENCY_BY_R: [number, number][] = [
  [250, 373],
  [130, 249],
  [55, 129],
  [18, 54],
  [0, 17],
];
const PURCHASES_BY_F: [number, number][] = [
  [1, 1],
  [2, 2],
  [2, 3],
  [4, 6],
  [7, 40],
];
const SPEND_BY_M: [number, number][] = [
  [-50, 300],
  [300, 650],
  [650, 1200],
  [1200, 2600],
  [2600, 12000],
];

/**
 * The sample store's customers: the real fixture rows plus synthetic ones matching the
 * analysis' counts. `extra` adds that many more synthetic customers (for scrolling a large
 * table in the browser preview); they do not agree with the analysis' counts.
 */
export function buildPopulation(view: AnalysisView, known: CustomerRow[], extra = 0): CustomerRow[] {
  const a = view.analysis;
  const rng = random(20111210);
  const rows: CustomerRow[] = known.map((r) => ({ ...r }));
  const cells = a.rfm.rf_grid.map((row) => row.slice());
  const classQ = new Map<Class8, number>(a.eight_class.classes.map((c) => [c.class, c.customers]));
  const tierQ = new Map<Tier, number>(a.tiers.map((t) => [t.tier, t.customers]));
  const stageQ = new Map<Lifecycle, number>(a.lifecycle.stages.map((s) => [s.stage, s.customers]));
  const dec = <K>(q: Map<K, number>, k: K) => q.set(k, (q.get(k) ?? 0) - 1);
  for (const r of known) {
    if (r.r !== null && r.f !== null) cells[r.r - 1][r.f - 1] -= 1;
    if (r.class8) dec(classQ, r.class8);
    if (r.tier) dec(tierQ, r.tier);
    dec(stageQ, r.lifecycle);
  }

  const used = new Set(known.map((r) => r.customer));
  let next = 12346;
  const newId = () => {
    while (used.has(String(next))) next++;
    const id = String(next++);
    used.add(id);
    return id;
  };

  const asOf = a.as_of.date;
  const th = a.eight_class.thresholds;
  const churnDays = a.lifecycle.churn_threshold_days;
  const activeMax = a.lifecycle.active_max_recency_days;
  const newDays = a.lifecycle.new_days;

  const buyer = (r: number, f: number, quotas: boolean): CustomerRow => {
    const recency = between(rng, ...RECENCY_BY_R[r - 1]);
    const purchases = between(rng, ...PURCHASES_BY_F[f - 1]);
    const m = Math.max(1, Math.min(5, f + between(rng, -1, 1)));
    const spend = Math.round(between(rng, SPEND_BY_M[m - 1][0] * 100, SPEND_BY_M[m - 1][1] * 100)) / 100;
    const last = addDays(asOf, -recency - 1);
    const span = purchases > 1 ? between(rng, (purchases - 1) * 7, Math.max((purchases - 1) * 7, 370 - recency)) : 0;
    const first = addDays(last, -Math.min(span, 370 - recency));
    const firstAgo = dayNumber(asOf) - dayNumber(first);
    let stage: Lifecycle =
      recency > churnDays ? 'churned' : recency > activeMax ? 'dormant' : firstAgo < newDays ? 'new' : 'active';
    let tier: Tier = m === 5 ? 'top' : m >= 3 ? 'middle' : 'bottom';
    let cls = classOf(
      th.recency_days === null || recency <= th.recency_days,
      th.frequency === null || purchases >= th.frequency,
      th.monetary === null || spend >= th.monetary,
    );
    if (quotas) {
      stage = take(stageQ, stage);
      tier = take(tierQ, tier);
      cls = take(classQ, cls);
    }
    return {
      customer: newId(),
      lifecycle: stage,
      purchases,
      first_purchase: first,
      last_purchase: last,
      recency_days: recency,
      net_revenue: spend,
      monetary: spend,
      r,
      f,
      m,
      segment: segmentOf(r, f),
      class8: cls,
      tier,
    };
  };

  for (let r = 5; r >= 1; r--) {
    for (let f = 5; f >= 1; f--) {
      for (let n = 0; n < cells[r - 1][f - 1]; n++) rows.push(buyer(r, f, true));
    }
  }
  const prospects = Math.max(0, stageQ.get('prospect') ?? 0);
  for (let n = 0; n < prospects; n++) {
    rows.push({
      customer: newId(),
      lifecycle: 'prospect',
      purchases: 0,
      first_purchase: null,
      last_purchase: null,
      recency_days: null,
      net_revenue: 0,
      monetary: null,
      r: null,
      f: null,
      m: null,
      segment: null,
      class8: null,
      tier: null,
    });
  }
  for (let n = 0; n < extra; n++) rows.push(buyer(between(rng, 1, 5), between(rng, 1, 5), false));
  return rows;
}

// ---------------------------------------------------------------- the customer table

/** One page of an ordered list. */
export function pageOf(matched: CustomerRow[], q: CustomerQuery): { total: number; offset: number; rows: CustomerRow[] } {
  const start = Math.min(q.offset, matched.length);
  const end = Math.min(start + Math.min(q.limit, 1000), matched.length);
  return { total: matched.length, offset: start, rows: matched.slice(start, end) };
}

/** The rows matching the query's filters, in its order. */
export function orderCustomers(rows: CustomerRow[], q: CustomerQuery): CustomerRow[] {
  const needle = q.search.trim().toLowerCase();
  const matched = rows.filter(
    (c) =>
      (needle === '' || c.customer.toLowerCase().includes(needle)) &&
      (q.segment === null || c.segment === q.segment) &&
      (q.class8 === null || c.class8 === q.class8) &&
      (q.tier === null || c.tier === q.tier) &&
      (q.lifecycle === null || c.lifecycle === q.lifecycle) &&
      (q.rf_cell === null || (c.r === q.rf_cell[0] && c.f === q.rf_cell[1])),
  );
  const text = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  const cmp = (x: CustomerRow, y: CustomerRow): number => {
    switch (q.sort) {
      case 'net_revenue':
        return x.net_revenue - y.net_revenue;
      case 'purchases':
        return x.purchases - y.purchases;
      case 'recency':
        return (x.recency_days ?? Number.MAX_SAFE_INTEGER) - (y.recency_days ?? Number.MAX_SAFE_INTEGER);
      case 'last_purchase':
        return text(x.last_purchase, y.last_purchase);
      case 'first_purchase':
        return text(x.first_purchase, y.first_purchase);
      default:
        return 0;
    }
  };
  matched.sort((x, y) => {
    const o = cmp(x, y);
    const d = q.descending ? -o : o;
    return d !== 0 ? d : x.customer < y.customer ? -1 : x.customer > y.customer ? 1 : 0;
  });
  return matched;
}

// ---------------------------------------------------------------- contacts, orders, profiles

const FIRST_NAMES = ['Emma', 'Oliver', 'Amelia', 'Harry', 'Sophie', 'Jack', 'Lucas', 'Mia', 'Léa', 'Hannah', 'Wei', 'Li'];
const LAST_NAMES = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Martin', 'Müller', 'Dubois', 'Zhang', 'Chen', 'Evans'];
const COUNTRIES = ['United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Belgium'];

export interface FakeContact {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  country: string | null;
  accepts_marketing: boolean | null;
  tags: string | null;
}

/** The contact fields of a customer (deterministic in the id). */
export function contactOf(customer: string): FakeContact {
  const rng = random(hash(`contact:${customer}`));
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  const hasEmail = rng() < 0.8;
  const consent = rng();
  const hasPhone = rng() < 0.3;
  const country = pick(rng, COUNTRIES);
  return {
    email: hasEmail ? `${first}.${last}.${customer}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') : null,
    first_name: first,
    last_name: last,
    phone: hasPhone ? `+44 20 7946 ${String(hash(customer) % 10000).padStart(4, '0')}` : null,
    country,
    accepts_marketing: consent < 0.5 ? true : consent < 0.8 ? false : null,
    tags: rng() < 0.2 ? 'wholesale' : null,
  };
}

/** Titles of the sample store's best-known SKUs. */
const TITLES: Record<string, string> = {
  '85123A': 'WHITE HANGING HEART T-LIGHT HOLDER',
  '22423': 'REGENCY CAKESTAND 3 TIER',
  '47566': 'PARTY BUNTING',
  '84879': 'ASSORTED COLOUR BIRD ORNAMENT',
  '85099B': 'JUMBO BAG RED RETROSPOT',
  '22086': "PAPER CHAIN KIT 50'S CHRISTMAS",
  '23084': 'RABBIT NIGHT LIGHT',
  '20725': 'LUNCH BAG RED RETROSPOT',
  '22720': 'SET OF 3 CAKE TINS PANTRY DESIGN',
  '21212': 'PACK OF 72 RETROSPOT CAKE CASES',
  POST: 'POSTAGE',
};

export function titleOf(sku: string): string {
  return TITLES[sku] ?? `ITEM ${sku}`;
}

/** 1–6 SKUs a customer buys (from the SKUs of the analysis' cycle table). */
export function productsOf(customer: string, skus: string[]): string[] {
  const rng = random(hash(`products:${customer}`));
  const n = between(rng, 1, 6);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sku = pick(rng, skus);
    if (!out.includes(sku)) out.push(sku);
  }
  return out;
}

const LONDON_NOON = 12 * 3600;

function skuList(view: AnalysisView): string[] {
  const skus = view.analysis.repurchase.skus.map((s) => s.item);
  return skus.length > 0 ? skus : Object.keys(TITLES);
}

/** The customer 360 data of one customer. */
export function detailOf(view: AnalysisView, row: CustomerRow | null, customer: string): CustomerDetail {
  const a = view.analysis;
  const contact = contactOf(customer);
  const rng = random(hash(`orders:${customer}`));
  const products = productsOf(customer, skuList(view));
  const orders: ProfileOrder[] = [];
  const refunds: ProfileRefund[] = [];
  const n = row?.purchases ?? 0;
  if (row && row.first_purchase && row.last_purchase && n > 0) {
    const d0 = dayNumber(row.first_purchase);
    const d1 = dayNumber(row.last_purchase);
    const perOrder = Math.max(1, row.net_revenue / n);
    for (let i = 0; i < n; i++) {
      const day = n === 1 ? d1 : Math.round(d0 + ((d1 - d0) * i) / (n - 1));
      const created = day * 86400 + LONDON_NOON + between(rng, -3, 5) * 1800;
      const lines: ProfileLine[] = [];
      const count = between(rng, 1, Math.min(4, products.length));
      let total = 0;
      for (let k = 0; k < count; k++) {
        const sku = products[(i + k) % products.length];
        const quantity = between(rng, 1, 12);
        const minor = Math.max(50, Math.round(((perOrder / count) * 100 * (0.7 + rng() * 0.6)) / 1));
        total += minor;
        lines.push({ sku, title: titleOf(sku), category: null, quantity, line_total_minor: minor });
      }
      orders.push({
        platform_id: String(536365 + (hash(`${customer}:${i}`) % 45000)),
        name: null,
        created_at: created,
        cancelled: false,
        is_test: false,
        fulfilled_at: created + between(rng, 1, 3) * 86400,
        delivered_at: null,
        currency: a.currency,
        total_minor: total,
        discount_codes: rng() < 0.1 ? 'WELCOME10' : null,
        lines,
      });
      if (rng() < 0.06) {
        refunds.push({
          platform_id: `C${orders[orders.length - 1].platform_id}`,
          kind: 'return',
          created_at: created + between(rng, 3, 20) * 86400,
          currency: a.currency,
          amount_minor: Math.round(total * 0.3),
          order: orders[orders.length - 1].platform_id,
        });
      }
    }
    orders.reverse(); // newest first
  }
  const history: ProfileSnapshot[] = [];
  if (row && row.segment) {
    const earlier: Segment[] = ['Promising', 'Potential Loyalists', 'New Customers', 'Need Attention'];
    const before = earlier[hash(customer) % earlier.length];
    history.push(
      { as_of: addDays(a.as_of.date, -182), rf_segment: before, cn_segment: '一般发展客户', tier: 'middle', lifecycle: 'active' },
      { as_of: addDays(a.as_of.date, -91), rf_segment: before, cn_segment: row.class8, tier: row.tier, lifecycle: 'active' },
      { as_of: a.as_of.date, rf_segment: row.segment, cn_segment: row.class8, tier: row.tier, lifecycle: row.lifecycle },
    );
  }
  const profile: CustomerProfile = {
    platform_id: customer,
    ...contact,
    orders,
    refunds,
    history,
  };
  // A plausible forecast from the row: recent, frequent buyers are more likely alive.
  const prediction: CustomerForecast | null =
    row && row.purchases > 0
      ? (() => {
          const pAlive = Math.max(0.05, Math.min(0.99, 1 - (row.recency_days ?? 0) / 400));
          const risk = 1 - pAlive;
          return {
            p_alive: pAlive,
            churn_risk: risk,
            churn_band: risk >= 0.7 ? 'high' : risk >= 0.3 ? 'medium' : 'low',
            churn_method: 'model',
            expected_purchases: (row.purchases / 12) * pAlive * 3,
            horizon_days: 90,
            next_purchase: pAlive > 0.5 ? a.as_of.date : null,
            expected_order_value: row.net_revenue / row.purchases,
            clv: (row.net_revenue / row.purchases) * (row.purchases / 12) * pAlive * 12,
            clv_months: 12,
            notes: [],
          };
        })()
      : null;
  return { row, profile, currency: a.currency, timezone: a.timezone, prediction };
}

// ---------------------------------------------------------------- settings applied by the fake

const FX_FROM_GBP: Record<string, number> = { GBP: 1, USD: 1.6, EUR: 1.15, CNY: 10.3, JPY: 125, CAD: 1.6, AUD: 1.55, HKD: 12.4 };

/** The fixture analysis as if re-run with `settings` (only what the screens can see changes). */
export function applySettings(base: AnalysisView, population: CustomerRow[], settings: AnalysisSettings, storeId: number, storeName: string): AnalysisView {
  const view: AnalysisView = structuredClone(base);
  const a = view.analysis;
  const p: Params = { ...settings.params, include_customers: true };
  view.store_id = storeId;
  view.store_name = storeName;
  view.settings = structuredClone(settings);
  a.params = structuredClone(p);

  const currency = settings.reporting_currency ?? base.analysis.currency;
  if (currency !== a.currency) {
    const rate = FX_FROM_GBP[currency];
    if (rate === undefined) throw new BackendError(`no exchange rates for ${currency}: choose a currency with ECB reference rates`);
    const k = rate / (FX_FROM_GBP[a.currency] ?? 1);
    const s = (v: number) => Math.round(v * k * 100) / 100;
    const sn = (v: number | null) => (v === null ? null : s(v));
    a.currency = a.kpis.currency = a.cohorts.currency = currency;
    for (const kv of [a.kpis.current, a.kpis.previous, a.kpis.all_time]) {
      kv.net_revenue = s(kv.net_revenue);
      kv.average_order_value = sn(kv.average_order_value);
    }
    for (const row of a.segments) row.net_revenue = s(row.net_revenue);
    for (const row of a.eight_class.classes) row.net_revenue = s(row.net_revenue);
    for (const row of a.tiers) {
      row.net_revenue = s(row.net_revenue);
      row.monetary_min = sn(row.monetary_min);
    }
    a.eight_class.thresholds.monetary = sn(a.eight_class.thresholds.monetary);
    const scaleRows = (rows: typeof a.cohorts.rows) => {
      for (const row of rows) {
        row.net_revenue = row.net_revenue.map(s);
        row.cumulative_net_revenue_per_customer = row.cumulative_net_revenue_per_customer.map(s);
      }
    };
    scaleRows(a.cohorts.rows);
    for (const groups of Object.values(a.cohorts.splits)) for (const g of groups) scaleRows(g.rows);
  }

  if (p.as_of) {
    a.as_of = { date: p.as_of, rule: 'given', newest_purchase: a.as_of.newest_purchase, note: null };
  }

  if (p.cohort_period === 'iso_week') {
    a.cohorts.period = 'iso_week';
    const relabel = (rows: typeof a.cohorts.rows) => {
      for (const row of rows) row.cohort = isoWeekOf(`${row.cohort}-01`);
    };
    relabel(a.cohorts.rows);
    for (const groups of Object.values(a.cohorts.splits)) for (const g of groups) relabel(g.rows);
  }

  if (p.eight_class.mode !== 'fixed') a.eight_class.thresholds.mode = p.eight_class.mode;

  const threshold = p.churn.rule === 'fixed' ? p.churn.days : base.analysis.churn.threshold_days;
  if (threshold !== base.analysis.churn.threshold_days) {
    const buyers = population.filter((c) => c.recency_days !== null);
    const churned = buyers.filter((c) => (c.recency_days ?? 0) > threshold).length;
    const rate = buyers.length > 0 ? churned / buyers.length : null;
    const k = rate !== null && base.analysis.churn.rate ? rate / base.analysis.churn.rate : 1;
    a.churn.threshold_days = threshold;
    a.churn.churned = churned;
    a.churn.rate = rate;
    a.churn.by_month = a.churn.by_month.map((m) => ({
      ...m,
      churned: Math.round(m.churned * k),
      rate: m.rate === null ? null : Math.min(1, m.rate * k),
    }));
    a.lifecycle.churn_threshold_days = threshold;
    a.lifecycle.churn_threshold_rule = `fixed: ${threshold} days`;
    a.kpis.current.churn_rate = rate;
  }
  return view;
}

/** "2011-03-01" → "2011-W09". */
export function isoWeekOf(date: string): string {
  const day = dayNumber(date);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7; // Monday 0
  const thursday = day - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- exports

export const COLUMN_HEADERS: Record<ExportSpec['columns'][number], string> = {
  customer_id: 'Customer ID',
  email: 'Email',
  first_name: 'First Name',
  last_name: 'Last Name',
  phone: 'Phone',
  country: 'Country',
  accepts_marketing: 'Accepts Marketing',
  tags: 'Tags',
  segment: 'Segment',
  class8: '8-Class',
  tier: 'Tier',
  lifecycle: 'Lifecycle',
  purchases: 'Purchases',
  net_revenue: 'Net Revenue',
  currency: 'Currency',
  first_purchase: 'First Purchase',
  last_purchase: 'Last Purchase',
  recency_days: 'Days Since Last Purchase',
  coupon_code: 'Coupon Code',
  churn_risk: 'Churn Risk',
  churn_band: 'Churn Risk Band',
  clv: 'Predicted CLV',
  next_purchase: 'Expected Next Purchase',
};

/** Columns that need the models' forecasts (`Column::is_forecast`). */
export const FORECAST_FIELDS: readonly ExportSpec['columns'][number][] = ['churn_risk', 'churn_band', 'clv', 'next_purchase'];

/** Whether an export needs the predictions (`ExportSpec::needs_forecasts`). */
export function needsForecasts(spec: ExportSpec): boolean {
  return spec.churn_risk.length > 0 || spec.min_clv !== null || spec.columns.some((c) => FORECAST_FIELDS.includes(c));
}

/**
 * Whether a customer bought exactly this SKU or category ("buyers of A"). The fake's customers
 * buy the products of `productsOf`, and each SKU named by a rule with a small deterministic
 * chance; the sample store has no categories, so nobody bought one.
 */
export function boughtItem(row: CustomerRow, item: ItemRef, skus: string[]): boolean {
  if (row.purchases === 0 || item.level !== 'sku') return false;
  const name = item.name.trim();
  return productsOf(row.customer, skus).includes(name) || hash(`item:${name}:${row.customer}`) % 100 < 6;
}

export { GENERIC_DEFAULT };

type Field = ExportSpec['columns'][number] | 'country_code' | 'coupon_note' | 'blank';

const PRESET_LAYOUTS: Record<Exclude<ExportSpec['preset'], 'generic'>, [string, Field][]> = {
  shopify_customer_import: [
    ['First Name', 'first_name'],
    ['Last Name', 'last_name'],
    ['Email', 'email'],
    ['Accepts Email Marketing', 'accepts_marketing'],
    ['Default Address Company', 'blank'],
    ['Default Address Address1', 'blank'],
    ['Default Address Address2', 'blank'],
    ['Default Address City', 'blank'],
    ['Default Address Province Code', 'blank'],
    ['Default Address Country Code', 'country_code'],
    ['Default Address Zip', 'blank'],
    ['Default Address Phone', 'blank'],
    ['Phone', 'phone'],
    ['Accepts SMS Marketing', 'blank'],
    ['Tags', 'tags'],
    ['Note', 'coupon_note'],
    ['Tax Exempt', 'blank'],
  ],
  klaviyo: [
    ['Email', 'email'],
    ['First Name', 'first_name'],
    ['Last Name', 'last_name'],
    ['Phone Number', 'phone'],
    ['Country', 'country'],
  ],
  mailchimp: [
    ['Email Address', 'email'],
    ['First Name', 'first_name'],
    ['Last Name', 'last_name'],
    ['Tags', 'tags'],
  ],
};

function layout(spec: ExportSpec): [string, Field][] {
  const coupons = spec.coupon_prefix !== null;
  if (spec.columns.includes('coupon_code') && !coupons) throw new BackendError('the coupon_code column needs a coupon prefix');
  const chosen = [...new Set(spec.columns)];
  if (spec.preset === 'shopify_customer_import') {
    if (chosen.length > 0) {
      throw new BackendError("the shopify preset writes Shopify's customer import template and takes no other columns");
    }
    return PRESET_LAYOUTS.shopify_customer_import.map(([h, f]) => [h, f === 'coupon_note' && !coupons ? 'blank' : f]);
  }
  const cols: [string, Field][] = spec.preset === 'generic' ? [] : [...PRESET_LAYOUTS[spec.preset]];
  const wanted = spec.preset === 'generic' && chosen.length === 0 ? [...GENERIC_DEFAULT] : chosen;
  if (coupons && !wanted.includes('coupon_code')) wanted.push('coupon_code');
  for (const c of wanted) if (!cols.some(([, f]) => f === c)) cols.push([COLUMN_HEADERS[c], c]);
  return cols;
}

const COUPON_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function validCouponPrefix(prefix: string): boolean {
  const p = prefix.trim();
  return p.length > 0 && p.length <= 20 && p.split(/[-_]/).every((part) => /^[A-Za-z0-9]+$/.test(part));
}

export interface FakeSelection {
  matched: number;
  /** Rows the file gets (the `rows` returned may be only the first of them). */
  total: number;
  excludedNoConsent: number;
  excludedNoEmail: number;
  header: string[];
  rows: string[][];
}

/**
 * The coupon target list of `spec` (the rules of repeatlens-export's `select` and `write_csv`).
 * `forecasts` are the models' per-customer predictions, needed when the spec filters on churn
 * risk or CLV or has a forecast column.
 */
export function selectForExport(
  spec: ExportSpec,
  view: AnalysisView,
  population: CustomerRow[],
  limit = Infinity,
  forecasts: Map<string, FakeForecast> | null = null,
): FakeSelection {
  if (needsForecasts(spec) && forecasts === null) {
    throw new BackendError('the predictions of the current analysis are not loaded: open the Predictions screen first');
  }
  if (spec.last_order_from && spec.last_order_to && spec.last_order_from > spec.last_order_to) {
    throw new BackendError(`last order from ${spec.last_order_from} is after last order to ${spec.last_order_to}`);
  }
  if (spec.coupon_prefix !== null && !validCouponPrefix(spec.coupon_prefix)) {
    throw new BackendError(
      `coupon prefix '${spec.coupon_prefix}': use 1–20 letters and digits, optionally split by single - or _ (e.g. VIP or SPRING-24)`,
    );
  }
  const cols = layout(spec);
  const a = view.analysis;
  const overdue = spec.overdue_only ? new Set(a.repurchase.overdue.map((o) => o.customer)) : null;
  const countries = spec.countries.map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
  const product = spec.product_bought?.trim().toLowerCase() || null;
  const skus = skuList(view);
  const oneOf = <T>(wanted: T[], v: T | null) => wanted.length === 0 || (v !== null && wanted.includes(v));
  const out: { row: CustomerRow; contact: FakeContact; forecast: FakeForecast | null }[] = [];
  let matched = 0;
  let noConsent = 0;
  let noEmail = 0;
  for (const c of population) {
    const contact = contactOf(c.customer);
    const ok =
      oneOf(spec.segments, c.segment) &&
      oneOf(spec.classes, c.class8) &&
      oneOf(spec.tiers, c.tier) &&
      oneOf(spec.lifecycle, c.lifecycle) &&
      (overdue === null || overdue.has(c.customer)) &&
      (product === null ||
        (c.purchases > 0 &&
          productsOf(c.customer, skus).some(
            (s) => s.toLowerCase().includes(product) || titleOf(s).toLowerCase().includes(product),
          ))) &&
      (countries.length === 0 || (contact.country !== null && countries.includes(contact.country.toLowerCase()))) &&
      (!spec.last_order_from || (c.last_purchase !== null && c.last_purchase >= spec.last_order_from)) &&
      (!spec.last_order_to || (c.last_purchase !== null && c.last_purchase <= spec.last_order_to)) &&
      (spec.min_spend === null || c.net_revenue >= spec.min_spend) &&
      (spec.bought_item === null || boughtItem(c, spec.bought_item, skus)) &&
      (spec.not_bought_item === null || !boughtItem(c, spec.not_bought_item, skus));
    if (!ok) continue;
    const forecast = forecasts?.get(c.customer) ?? null;
    if (forecasts !== null) {
      const bandOk = spec.churn_risk.length === 0 || (forecast?.churn_band != null && spec.churn_risk.includes(forecast.churn_band));
      const clvOk = spec.min_clv === null || (forecast?.clv != null && forecast.clv >= spec.min_clv);
      if (!(bandOk && clvOk)) continue;
    }
    matched++;
    if (!spec.include_no_consent && contact.accepts_marketing !== true) {
      noConsent++;
      continue;
    }
    if (spec.preset !== 'generic' && !(contact.email && contact.email.includes('@'))) {
      noEmail++;
      continue;
    }
    out.push({ row: c, contact, forecast });
  }
  out.sort((x, y) => y.row.net_revenue - x.row.net_revenue || (x.row.customer < y.row.customer ? -1 : 1));
  const rng = random(hash(JSON.stringify(spec)));
  const prefix = spec.coupon_prefix?.trim().toUpperCase() ?? null;
  const protect = (v: string, field: Field) => {
    const plainPhone = spec.preset !== 'generic' && field === 'phone' && /^\+[0-9 ()\-./]*[0-9][0-9 ()\-./]*$/.test(v);
    return !plainPhone && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  };
  const rows = out.slice(0, Math.min(limit, out.length)).map(({ row, contact, forecast }) => {
    const code = prefix ? `${prefix}-${Array.from({ length: 8 }, () => COUPON_ALPHABET[Math.floor(rng() * 32)]).join('')}` : '';
    return cols.map(([, field]) => protect(cell(field, row, contact, a.currency, code, forecast), field));
  });
  return {
    matched,
    total: out.length,
    excludedNoConsent: noConsent,
    excludedNoEmail: noEmail,
    header: cols.map(([h]) => h),
    rows,
  };
}

const money = (v: number) => {
  const s = v.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
};

function cell(field: Field, row: CustomerRow, contact: FakeContact, currency: string, code: string, forecast: FakeForecast | null): string {
  switch (field) {
    case 'blank':
      return '';
    case 'coupon_note':
      return code ? `Coupon: ${code}` : '';
    case 'country_code':
      return contact.country && /^[A-Za-z]{2}$/.test(contact.country.trim()) ? contact.country.trim().toUpperCase() : '';
    case 'customer_id':
      return row.customer;
    case 'email':
      return contact.email ?? '';
    case 'first_name':
      return contact.first_name ?? '';
    case 'last_name':
      return contact.last_name ?? '';
    case 'phone':
      return contact.phone ?? '';
    case 'country':
      return contact.country ?? '';
    case 'accepts_marketing':
      return contact.accepts_marketing === null ? '' : contact.accepts_marketing ? 'yes' : 'no';
    case 'tags':
      return contact.tags ?? '';
    case 'segment':
      return row.segment ?? '';
    case 'class8':
      return row.class8 ?? '';
    case 'tier':
      return row.tier ?? '';
    case 'lifecycle':
      return row.lifecycle;
    case 'purchases':
      return String(row.purchases);
    case 'net_revenue':
      return money(row.net_revenue);
    case 'currency':
      return currency;
    case 'first_purchase':
      return row.first_purchase ?? '';
    case 'last_purchase':
      return row.last_purchase ?? '';
    case 'recency_days':
      return row.recency_days === null ? '' : String(row.recency_days);
    case 'coupon_code':
      return code;
    case 'churn_risk':
      return forecast?.churn_risk == null ? '' : forecast.churn_risk.toFixed(3);
    case 'churn_band':
      return forecast?.churn_band ?? '';
    case 'clv':
      return forecast?.clv == null ? '' : money(forecast.clv);
    case 'next_purchase':
      return forecast?.next_purchase ?? '';
  }
}

// ---------------------------------------------------------------- charts

const CHART_TITLES: Record<ChartKind, [string, string]> = {
  revenue: ['Net revenue by month', '每月净销售额'],
  customers: ['Customers buying each month', '每月购买客户数'],
  segments: ['Customer segments (R×F)', '客户分群（R×F）'],
  'eight-class': ['RFM 8-class model', 'RFM 八类客户'],
  'rf-heatmap': ['Customers by R and F score', 'R×F 评分分布'],
  tiers: ['Value tiers: share of revenue', '价值分层：销售额占比'],
  'churn-trend': ['Churn rate by month', '每月流失率'],
  cohort: ['Customer retention by cohort', '同期群客户留存率'],
  'revenue-retention': ['Revenue retention by cohort', '同期群销售额留存率'],
  ltv: ['Cumulative net revenue per customer (LTV)', '每位客户累计净销售额（LTV）'],
  km: ['Time to second purchase', '距第二次购买的时间'],
  repurchase: ['Repurchase interval by SKU', '各 SKU 复购间隔'],
  'repurchase-categories': ['Repurchase interval by category', '各品类复购间隔'],
};

function chartValues(kind: ChartKind, view: AnalysisView): number[] {
  const a = view.analysis;
  switch (kind) {
    case 'revenue':
      // Calendar period j: every cohort i ≤ j contributes its period j − i.
      return a.cohorts.rows.map((_, j) =>
        a.cohorts.rows.reduce((sum, r, i) => sum + (i <= j ? (r.net_revenue[j - i] ?? 0) : 0), 0),
      );
    case 'customers':
      return a.cohorts.rows.map((r) => r.customers);
    case 'segments':
      return a.segments.map((s) => s.customers);
    case 'eight-class':
      return a.eight_class.classes.map((c) => c.customers);
    case 'rf-heatmap':
      return a.rfm.rf_grid.flat();
    case 'tiers':
      return a.tiers.map((t) => t.revenue_share ?? 0);
    case 'churn-trend':
      return a.churn.by_month.map((m) => m.rate ?? 0);
    case 'km':
      return a.time_to_second_purchase.curve.filter((_, i) => i % 16 === 0).map((p) => p.survival);
    case 'repurchase':
      return a.repurchase.skus.slice(0, 15).map((s) => s.median_days ?? 0);
    case 'repurchase-categories':
      return a.repurchase.categories.slice(0, 15).map((s) => s.median_days ?? 0);
    default:
      return a.cohorts.rows.map((r) => r.customer_retention[1] ?? 0);
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A small, valid SVG bar chart standing in for the Rust chart. */
export function fakeChartSvg(kind: ChartKind, lang: ChartLang, theme: ChartTheme, width: number, height: number, view: AnalysisView): string {
  return barChartSvg(kind, CHART_TITLES[kind][lang === 'en' ? 0 : 1], chartValues(kind, view), lang, theme, width, height);
}

/** The bar chart behind the fake's charts: a title, the kind and language, one bar per value. */
export function barChartSvg(kind: string, title: string, values: number[], lang: ChartLang, theme: ChartTheme, width: number, height: number): string {
  if (width < 240 || height < 240 || width > 8000 || height > 8000) {
    throw new BackendError(`chart size ${width}×${height} is out of range: width and height must be 240–8000 pixels`);
  }
  const [bg, fg, bar] = theme === 'dark' ? ['#1d232b', '#e5e9ef', '#4fb3bd'] : ['#ffffff', '#1d2430', '#1f6f78'];
  const max = Math.max(1e-9, ...values.map(Math.abs));
  const top = 56;
  const plotH = height - top - 24;
  const bw = values.length > 0 ? (width - 48) / values.length : 0;
  const bars = values
    .map((v, i) => {
      const h = Math.max(0, (Math.abs(v) / max) * plotH);
      return `<rect x="${(24 + i * bw + bw * 0.15).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${bar}"/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-kind="${kind}" data-lang="${lang}">` +
    `<rect width="${width}" height="${height}" fill="${bg}"/>` +
    `<text x="24" y="32" font-family="sans-serif" font-size="18" fill="${fg}">${escapeXml(title)}</text>` +
    `<text x="${width - 24}" y="32" text-anchor="end" font-family="sans-serif" font-size="11" fill="${fg}">${kind} · ${lang}</text>` +
    bars +
    `</svg>`
  );
}
