// Generated from the Rust IPC types (src-tauri/commands/dto.rs) by ts-rs.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test --test app bindings` after changing them.

export type AppInfo = { version: string, db_path: string, sample_credit: string, };

export type ImportPhase = "reading" | "parsing" | "writing" | "done";

export type ImportProgress = { phase: ImportPhase, rows_done: number, rows_total: number | null, rows_per_sec: number, };

export type ImportReport = { store_id: number, store_name: string, file: string, preset: string, rows_read: number, orders_new: number, orders_updated: number, orders_unchanged: number, returns: number, customers: number, skipped_rows: number, seconds: number, };

export type StoreSummary = { id: number, name: string, platform: string, currency: string, timezone: string, customers: number, orders: number, returns: number, order_lines: number, first_order: string | null, last_order: string | null, revenue_minor: number, };

export type AnalysisSettings = { reporting_currency: string | null, params: Params, };

export type AnalysisView = { store_id: number, store_name: string, settings: AnalysisSettings, analysis: Analysis, skus_total: number, categories_total: number, 
/**
 * Load + analysis time in seconds.
 */
seconds: number, };

export type CustomerSort = "net_revenue" | "purchases" | "recency" | "last_purchase" | "first_purchase" | "customer";

export type CustomerQuery = { offset: number, limit: number, sort: CustomerSort, descending: boolean, 
/**
 * Case-insensitive substring of the customer id.
 */
search: string, segment: Segment | null, class8: Class8 | null, tier: Tier | null, lifecycle: Lifecycle | null, 
/**
 * An R×F cell: R score and F score (1–5).
 */
rf_cell: [number, number] | null, };

export type CustomerPage = { 
/**
 * Customers matching the filters.
 */
total: number, offset: number, rows: Array<CustomerRow>, };

export type CustomerDetail = { row: CustomerRow | null, profile: CustomerProfile, currency: string, timezone: string, 
/**
 * BG/NBD + Gamma-Gamma predictions (None: no purchase).
 */
prediction: CustomerForecast | null, };

export type ExportPreview = { matched: number, rows: number, excluded_no_consent: number, excluded_no_email: number, header: Array<string>, first_rows: Array<Array<string>>, };

export type Saved = { path: string, rows: number, };

export type SaveTarget = "dialog" | "downloads";

export type AppSettings = { language: string | null, theme: string | null, };

export type ExportRequest = { spec: ExportSpec, target: SaveTarget, };

export type ImportPreview = { file: string, 
/**
 * Detected (or chosen) format: a preset name, or "generic".
 */
preset: string, encoding: string, delimiter: string, store: string, timezone: string, headers: Array<string>, 
/**
 * field → column as used.
 */
mapping: Array<[string, string]>, 
/**
 * Every field a column can be mapped to (for the generic importer).
 */
fields: Array<string>, rows: Array<ImportPreviewRow>, 
/**
 * "line N: reason".
 */
errors: Array<string>, };

export type CustomerForecast = { p_alive: number | null, churn_risk: number | null, 
/**
 * low | medium | high
 */
churn_band: string | null, 
/**
 * "model" or "heuristic" (the store's data cannot carry the model; see `notes`).
 */
churn_method: string, expected_purchases: number | null, horizon_days: number, 
/**
 * YYYY-MM-DD, None when not expected within a year.
 */
next_purchase: string | null, expected_order_value: number | null, clv: number | null, clv_months: number, notes: Array<PredictionNote>, };

export type ImportPreviewRow = { kind: string, order: string, customer: string | null, date: string, sku: string | null, product: string | null, quantity: number, 
/**
 * Major units of `currency`.
 */
amount: number, currency: string, country: string | null, };

export type Params = { 
/**
 * The as-of date. `None`: `today`, or the day after the newest purchase when that is more
 * than `stale_data_days` before `today`.
 */
as_of: string | null, 
/**
 * "Today" in the store's timezone; `None` reads the clock (pass it for reproducible runs).
 */
today: string | null, 
/**
 * See `as_of` (default 30).
 */
stale_data_days: number, monetary: MonetaryBasis, eight_class: EightClassThreshold, 
/**
 * Share of customers in the top tier (default 0.2).
 */
tier_top_share: number, 
/**
 * Share of customers in the middle tier (default 0.3); the rest are bottom.
 */
tier_middle_share: number, 
/**
 * A customer is "new" if the first purchase is fewer than this many days before as-of (30).
 */
new_customer_days: number, 
/**
 * Active ⇔ recency ≤ this percentile of all gaps (default 0.8).
 */
active_percentile: number, churn: ChurnRule, cohort_period: CohortPeriod, 
/**
 * Splits of the cohort table keep groups with at least this many customers (default 30)...
 */
cohort_split_min_customers: number, 
/**
 * ...and at most this many groups per dimension, largest first (default 20).
 */
cohort_split_max_groups: number, 
/**
 * Repurchase cycles: fewer gaps than this → "not enough data" (default 5).
 */
min_cycle_gaps: number, 
/**
 * Overdue when as-of > due date + this share × item median (default 0.5).
 */
overdue_share: number, 
/**
 * At most this many rows in the overdue list of the output (default 1000; the total is
 * always reported).
 */
overdue_list_limit: number, 
/**
 * Churned-vs-retained groups need at least this many customers (default 30).
 */
churn_min_group: number, 
/**
 * KPI period in days, compared with the previous period of the same length (default 365).
 */
kpi_period_days: number, 
/**
 * Look-back of the "recent" repeat-customer rate (default 365).
 */
repeat_rate_lookback_days: number, refund_dating: RefundDating, 
/**
 * Include one row per customer in the output (default false; the JSON gets large).
 */
include_customers: boolean, };

export type MonetaryBasis = "net_revenue" | "average_order_value";

export type EightClassThreshold = { "mode": "mean" } | { "mode": "median" } | { "mode": "fixed", recency_days: number, frequency: number, monetary: number, };

export type ChurnRule = { "rule": "percentile", percentile: number, floor_days: number, } | { "rule": "fixed", days: number, };

export type CohortPeriod = "month" | "iso_week";

export type RefundDating = "refund_date" | "order_date";

export type Segment = "Champions" | "Loyal Customers" | "Potential Loyalists" | "New Customers" | "Promising" | "Need Attention" | "About To Sleep" | "At Risk" | "Can't Lose Them" | "Hibernating";

export type Class8 = "重要价值客户" | "重要保持客户" | "重要发展客户" | "重要挽留客户" | "一般价值客户" | "一般保持客户" | "一般发展客户" | "一般挽留客户";

export type Tier = "top" | "middle" | "bottom";

export type Lifecycle = "prospect" | "new" | "active" | "dormant" | "churned";

export type FxMissing = { currency: string, orders: number, refunds: number, };

export type Analysis = { schema_version: number, 
/**
 * Reporting currency (ISO 4217) of every money field.
 */
currency: string, 
/**
 * IANA timezone whose calendar days are used.
 */
timezone: string, as_of: AsOf, data: DataSummary, params: Params, kpis: Kpis, rfm: Rfm, segments: Array<SegmentRow>, eight_class: EightClass, tiers: Array<TierRow>, gaps: Gaps, lifecycle: LifecycleSummary, cohorts: Cohorts, time_to_second_purchase: TimeToSecond, repurchase: Repurchase, churn: Churn, 
/**
 * One row per customer (only with `params.include_customers`).
 */
customers: Array<CustomerRow>, };

export type AsOf = { date: string, 
/**
 * `given` (params.as_of), `today`, or `day_after_newest_purchase` (stale data).
 */
rule: string, newest_purchase: string | null, 
/**
 * Human-readable explanation when the rule is not `given`.
 */
note: string | null, };

export type DataSummary = { customer_records: number, orders: number, purchases: number, guest_purchases: number, excluded_cancelled: number, excluded_test: number, excluded_non_positive: number, excluded_no_fx_rate: number, excluded_after_as_of: number, refunds_counted: number, 
/**
 * Refunds of excluded orders, after the as-of date, or without an FX rate.
 */
refunds_ignored: number, 
/**
 * Per currency without a usable rate: orders and refunds left out.
 */
fx_missing: Array<FxMissing>, };

export type KpiValues = { from: string | null, to: string, customers: number, purchases: number, guest_purchases: number, net_revenue: number, average_order_value: number | null, purchases_per_customer: number | null, repeat_customer_rate_all_time: number | null, repeat_customer_rate_lookback: number | null, churn_rate: number | null, median_gap_days: number | null, };

export type Kpis = { currency: string, period_days: number, repeat_rate_lookback_days: number, current: KpiValues, previous: KpiValues, all_time: KpiValues, };

export type Rfm = { customers: number, score_rule: string, monetary_basis: string, 
/**
 * Customers per score 1..5.
 */
r_counts: [number, number, number, number, number], f_counts: [number, number, number, number, number], m_counts: [number, number, number, number, number], 
/**
 * rf_grid[r − 1][f − 1] = customers with that (R, F) pair.
 */
rf_grid: [[number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number]], };

export type SegmentRow = { segment: Segment, customers: number, share: number | null, net_revenue: number, revenue_share: number | null, };

export type EightClassThresholds = { mode: string, recency_days: number | null, frequency: number | null, monetary: number | null, };

export type ClassRow = { class: Class8, gloss: string, r_high: boolean, f_high: boolean, m_high: boolean, customers: number, share: number | null, net_revenue: number, };

export type EightClass = { thresholds: EightClassThresholds, classes: Array<ClassRow>, };

export type TierRow = { tier: Tier, customers: number, customer_share: number | null, net_revenue: number, revenue_share: number | null, 
/**
 * Smallest monetary value in the tier (its entry bar).
 */
monetary_min: number | null, };

export type Gaps = { count: number, mean: number | null, p25: number | null, median: number | null, p75: number | null, p80: number | null, p90: number | null, };

export type StageRow = { stage: Lifecycle, customers: number, share: number | null, };

export type LifecycleSummary = { new_days: number, active_max_recency_days: number, churn_threshold_days: number, churn_threshold_rule: string, stages: Array<StageRow>, };

export type CohortRow = { 
/**
 * YYYY-MM or YYYY-Www.
 */
cohort: string, customers: number, 
/**
 * Index k = periods since the cohort period; the arrays stop at the as-of period.
 */
active_customers: Array<number>, customer_retention: Array<number>, net_revenue: Array<number>, 
/**
 * null when the cohort's period-0 net revenue is not positive.
 */
revenue_retention: Array<number | null>, cumulative_net_revenue_per_customer: Array<number>, };

export type CohortGroup = { group: string, customers: number, rows: Array<CohortRow>, };

export type CohortSplits = { first_order_country: Array<CohortGroup>, first_product: Array<CohortGroup>, platform: Array<CohortGroup>, };

export type Cohorts = { 
/**
 * `month` or `iso_week`.
 */
period: string, currency: string, rows: Array<CohortRow>, splits: CohortSplits, };

export type KmPoint = { day: number, at_risk: number, events: number, survival: number, };

export type Latency = { from_purchase: number, to_purchase: number, customers: number, median_days: number | null, };

export type TimeToSecond = { customers: number, second_purchases: number, censored: number, s30: number | null, s90: number | null, s180: number | null, s365: number | null, 
/**
 * First day where S ≤ 0.5; null if the curve never gets there.
 */
median_days: number | null, 
/**
 * Kaplan-Meier steps at each day with a second purchase.
 */
curve: Array<KmPoint>, latency: Array<Latency>, };

export type ItemCycle = { item: string, 
/**
 * Customers who bought the item.
 */
buyers: number, 
/**
 * Customers with at least one repeat of the item (contributing gaps).
 */
customers: number, gaps: number, enough_data: boolean, p25_days: number | null, median_days: number | null, p75_days: number | null, };

export type OverdueRow = { customer: string, 
/**
 * `sku` or `category`.
 */
item_kind: string, item: string, last_order: string, due_date: string, days_overdue: number, tier: Tier, };

export type Repurchase = { min_gaps: number, overdue_share: number, skus: Array<ItemCycle>, categories: Array<ItemCycle>, overdue_total: number, overdue: Array<OverdueRow>, };

export type ChurnMonth = { month: string, active_at_start: number, churned: number, rate: number | null, 
/**
 * The as-of month: only churn up to the as-of date is counted.
 */
partial: boolean, };

export type ChurnGroup = { dimension: string, group: string, customers: number, churned: number, churn_rate: number, lift: number | null, };

export type Churn = { threshold_days: number, customers: number, churned: number, rate: number | null, by_month: Array<ChurnMonth>, min_group: number, breakdown: Array<ChurnGroup>, };

export type CustomerRow = { customer: string, lifecycle: Lifecycle, purchases: number, first_purchase: string | null, last_purchase: string | null, recency_days: number | null, net_revenue: number, monetary: number | null, r: number | null, f: number | null, m: number | null, segment: Segment | null, class8: Class8 | null, tier: Tier | null, };

export type Migration = { from: string, to: string, segment: MigrationMatrix, class8: MigrationMatrix, tier: MigrationMatrix, lifecycle: MigrationMatrix, };

export type MigrationMatrix = { 
/**
 * Cells with at least one customer, sorted by (from, to) in label order.
 */
cells: Array<MigrationCell>, 
/**
 * Customers whose label stayed the same (both present).
 */
unchanged: number, changed: number, };

export type MigrationCell = { from: string, to: string, customers: number, };

export type ExportSpec = { 
/**
 * R×F segments by their English names ("Champions", "At Risk", …).
 */
segments: Array<Segment>, 
/**
 * 8-class RFM classes by their Chinese names ("重要价值客户", …).
 */
classes: Array<Class8>, 
/**
 * Value tiers: "top", "middle", "bottom".
 */
tiers: Array<Tier>, 
/**
 * Lifecycle stages: "prospect", "new", "active", "dormant", "churned".
 */
lifecycle: Array<Lifecycle>, 
/**
 * Only customers on the analysis' overdue list (`repurchase.overdue`). The analysis must
 * carry the whole list (`params.overdue_list_limit` at least `overdue_total`).
 */
overdue_only: boolean, 
/**
 * Customer record countries, compared trimmed and ignoring case ("GB", "United Kingdom").
 */
countries: Array<string>, 
/**
 * Customers who bought a product whose SKU, title or category contains this text (see
 * `Store::scan_product_buyers`); [`crate::load_contacts`] looks the buyers up.
 */
product_bought: string | null, 
/**
 * Last purchase on or after this day (store-local calendar day, inclusive).
 */
last_order_from: string | null, 
/**
 * Last purchase on or before this day (inclusive).
 */
last_order_to: string | null, 
/**
 * Net revenue (purchases minus refunds, reporting currency, major units) at least this.
 */
min_spend: number | null, 
/**
 * Predicted churn-risk bands ("low", "medium", "high") of the Predictions screen's models
 * (needs the predictions: [`crate::select`]'s `forecasts`).
 */
churn_risk: Array<ChurnBand>, 
/**
 * Predicted customer lifetime value (the models' CLV horizon, reporting currency) at least
 * this; customers without a CLV (the model not usable) do not match.
 */
min_clv: number | null, 
/**
 * Customers who bought exactly this SKU or category ("buyers of A"; a rule's antecedent).
 */
bought_item: ItemRef | null, 
/**
 * … and never bought this one ("… without B"; the rule's consequent).
 */
not_bought_item: ItemRef | null, 
/**
 * Also export customers who have not opted in to marketing. Off by default: only
 * customers whose record says `accepts_marketing = 1` are exported; opted out (`0`) and
 * unknown (`NULL`, e.g. files without a consent column) both count as "no consent".
 */
include_no_consent: boolean, 
/**
 * Generic preset: the columns, in order (empty: [`Column::GENERIC_DEFAULT`]).
 * Klaviyo and Mailchimp: extra columns after the platform's own (custom properties /
 * merge fields). Shopify: must be empty (its importer takes its template only).
 */
columns: Array<Column>, preset: Preset, encoding: Encoding, 
/**
 * Give every row a unique coupon code `PREFIX-XXXXXXXX` (see [`crate::CouponCodes`]).
 */
coupon_prefix: string | null, };

export type Preset = "generic" | "shopify_customer_import" | "klaviyo" | "mailchimp";

export type Encoding = "utf8" | "utf8_bom";

export type Column = "customer_id" | "email" | "first_name" | "last_name" | "phone" | "country" | "accepts_marketing" | "tags" | "segment" | "class8" | "tier" | "lifecycle" | "purchases" | "net_revenue" | "currency" | "first_purchase" | "last_purchase" | "recency_days" | "coupon_code" | "churn_risk" | "churn_band" | "clv" | "next_purchase";

export type ItemRef = { level: ItemRefLevel, name: string, };

export type ItemRefLevel = "sku" | "category";

export type CustomerProfile = { platform_id: string, email: string | null, first_name: string | null, last_name: string | null, phone: string | null, country: string | null, accepts_marketing: boolean | null, tags: string | null, 
/**
 * Newest first.
 */
orders: Array<ProfileOrder>, refunds: Array<ProfileRefund>, 
/**
 * Oldest first.
 */
history: Array<ProfileSnapshot>, };

export type ProfileOrder = { platform_id: string, name: string | null, created_at: number, cancelled: boolean, is_test: boolean, fulfilled_at: number | null, delivered_at: number | null, currency: string, total_minor: number, discount_codes: string | null, lines: Array<ProfileLine>, };

export type ProfileLine = { sku: string | null, title: string | null, category: string | null, quantity: number, line_total_minor: number, };

export type ProfileRefund = { platform_id: string, kind: string, created_at: number, currency: string, amount_minor: number, order: string | null, };

export type ProfileSnapshot = { as_of: string, rf_segment: string | null, cn_segment: string | null, tier: string | null, lifecycle: string, };

export type PredictionReport = { 
/**
 * YYYY-MM-DD.
 */
as_of: string, currency: string, 
/**
 * The fits, methods, notes and totals (`rows` left empty: see the lists).
 */
predictions: Predictions, 
/**
 * Customers by churn risk in tenths: [0, 0.1), [0.1, 0.2), …, [0.9, 1].
 */
risk_histogram: Array<number>, 
/**
 * CLV at the 10th, 20th, …, 90th percentile of customers with a CLV (empty without CLV).
 */
clv_deciles: Array<number>, 
/**
 * Highest CLV first.
 */
top_clv: Array<PredictedCustomer>, 
/**
 * High churn risk, highest CLV (or expected order value without CLV) first: the valuable
 * customers about to leave.
 */
valuable_at_risk: Array<PredictedCustomer>, 
/**
 * Customers in the high band in total.
 */
valuable_at_risk_total: number, backtest: BacktestReport | null, 
/**
 * Why there is no backtest (or why it failed).
 */
backtest_note: BacktestNote | null, };

export type PredictedCustomer = { customer: string, 
/**
 * Repeat purchase days (same-day purchases collapse).
 */
frequency: number, days_since_last: number, p_alive: number | null, churn_risk: number | null, churn_band: ChurnBand | null, expected_purchases: number | null, 
/**
 * YYYY-MM-DD; None when not expected within the next-purchase horizon.
 */
next_purchase: string | null, expected_order_value: number | null, clv: number | null, };

export type BacktestReport = { 
/**
 * Last day the calibration fit sees, YYYY-MM-DD.
 */
calibration_end: string, holdout_days: number, result: Backtest, };

export type BacktestNote = { "code": "short_history", history_days: number, required_days: number, } | { "code": "fit_failed", calibration_end: string, error: string, };

export type ProductInsightParams = { 
/**
 * "sku" or "category".
 */
level: string, min_support: number, min_confidence: number, 
/**
 * Sequential rules: B within this many days after A.
 */
within_days: number, 
/**
 * Rows per table.
 */
limit: number, };

export type ProductInsight = { params: ProductInsightParams, 
/**
 * Orders with at least one item of the level.
 */
baskets: number, 
/**
 * Basket rules by lift (single-item consequents), at most `limit`.
 */
basket_rules: Array<NamedRule>, basket_rules_total: number, 
/**
 * Why there are no basket rules, when the search could not run.
 */
basket_note: string | null, 
/**
 * Customers with a purchase of the level.
 */
sequence_customers: number, sequence_rules: Array<NamedSequenceRule>, sequence_rules_total: number, sequence_note: string | null, first_products: FirstProducts, 
/**
 * SKU level: the most common product title of each SKU shown (SKUs are codes such as
 * "85123A"); empty at category level. See [`add_sku_titles`].
 */
item_titles: { [key in string]: string }, };

export type NamedRule = { antecedent: Array<string>, consequent: Array<string>, 
/**
 * Orders holding every item of the rule.
 */
orders: number, support: number, confidence: number, lift: number, leverage: number, 
/**
 * None when infinite (confidence 1).
 */
conviction: number | null, };

export type NamedSequenceRule = { antecedent: string, consequent: string, customers: number, support: number, confidence: number, lift: number, };

export type FirstProducts = { 
/**
 * "sku" or "category".
 */
level: string, 
/**
 * The as-of day, YYYY-MM-DD.
 */
as_of: string, 
/**
 * Customers with a first order holding at least one item of the level.
 */
customers: number, 
/**
 * Of those, customers with a second order.
 */
repeat_customers: number, matured_customers: number, 
/**
 * The store-wide figures the rows compare with (None when nobody matured).
 */
mean_net_revenue_12m: number | null, 
/**
 * Items by starters (most first), then name; at most `limit`, and only items that started
 * at least `min_customers` customers.
 */
items: Array<FirstProductRow>, 
/**
 * Items that started customers in total (before `limit` and `min_customers`).
 */
items_total: number, 
/**
 * Paths by customers (most first), then names; at most `limit`.
 */
paths: Array<ProductPath>, paths_total: number, };

export type FirstProductRow = { item: string, 
/**
 * Customers whose first order holds the item.
 */
customers: number, 
/**
 * Of those, customers with a second order by the as-of day.
 */
repeat_customers: number, repeat_rate: number, 
/**
 * Starters whose first purchase is at least 365 days before the as-of day.
 */
matured_customers: number, 
/**
 * Mean 12-month net revenue of the matured starters (reporting currency, major units);
 * None when none has matured.
 */
mean_net_revenue_12m: number | null, };

export type ProductPath = { first: string, second: string, customers: number, 
/**
 * Customers on this path ÷ customers whose first order held `first` and who made a second
 * order (the chance of B next, given A first and a next order).
 */
share_of_first: number, };

export type Predictions = { unit: TimeUnit, 
/**
 * The as-of day (the summaries' observation end).
 */
as_of: number, config: PredictConfig, customers: number, repeat_customers: number, bgnbd: BgNbdFit | null, gamma_gamma: GammaGammaFit | null, churn_method: ChurnMethod, 
/**
 * Why the BG/NBD was not used (empty when it was).
 */
unreliable: Array<Unreliable>, 
/**
 * Why churn risk is not 1 − P(alive) although the BG/NBD is used for expected purchases,
 * next-order dates and CLV (empty otherwise): [`Unreliable::NoDropout`].
 */
churn_unreliable: Array<Unreliable>, value_method: ValueMethod, 
/**
 * Why the Gamma-Gamma model was not used (empty when it was).
 */
value_unreliable: Array<Unreliable>, correlation: Correlation | null, 
/**
 * Notes for the seller (fallbacks, warnings), as codes with their numbers.
 */
notes: Array<PredictionNote>, totals: PredictionTotals, 
/**
 * One row per customer, in the summaries' order (by customer).
 */
rows: Array<CustomerPrediction>, };

export type PredictConfig = { 
/**
 * Window of `expected_purchases`, in days (default 90).
 */
horizon_days: number, 
/**
 * The next purchase is looked for up to this many days ahead (default 365).
 */
next_purchase_horizon_days: number, 
/**
 * CLV horizon in months (default 12).
 */
clv_months: number, 
/**
 * Monthly discount rate of CLV (default 0.01).
 */
monthly_discount: number, churn_bands: ChurnBands, 
/**
 * Repeat customers a fit needs to be trusted (default 100).
 */
min_repeat_customers: number, 
/**
 * |Pearson r| between frequency and value above which the Gamma-Gamma independence
 * assumption is flagged (default 0.3).
 */
correlation_threshold: number, 
/**
 * Below this mean chance of leaving after a purchase, a / (a + b), P(alive) is not used
 * for churn risk (default 0.01; [`Unreliable::NoDropout`]).
 */
min_mean_dropout: number, };

export type ChurnBands = { medium_from: number, high_from: number, };

export type ChurnBand = "low" | "medium" | "high";

export type ChurnMethod = "model" | "heuristic";

export type ValueMethod = "gamma_gamma" | "observed_mean";

export type Unreliable = { "reason": "too_few_repeat_customers", found: number, required: number, } | { "reason": "not_converged" } | { "reason": "parameters_at_bounds" } | { "reason": "infinite_mean_value" } | { "reason": "fit_failed", error: string, } | { "reason": "no_dropout", mean_dropout: number, };

export type PredictionNote = { "code": "churn_heuristic_model_kept", because: Array<Unreliable>, } | { "code": "churn_heuristic_no_model", because: Array<Unreliable>, } | { "code": "observed_order_values", because: Array<Unreliable>, } | { "code": "value_frequency_correlated", r: number, };

export type PredictionTotals = { mean_p_alive: number | null, 
/**
 * Σ expected purchases in the horizon.
 */
expected_purchases: number | null, clv: number | null, churn_bands: BandCounts, };

export type CustomerPrediction = { customer: number, frequency: number, recency: number, age: number, monetary: number, 
/**
 * Days from the last purchase day to the as-of day.
 */
days_since_last: number, p_alive: number | null, churn_risk: number | null, churn_band: ChurnBand | null, 
/**
 * E[purchases in the next `horizon_days`].
 */
expected_purchases: number | null, 
/**
 * Day number by which one purchase is expected (E[X(t)] reaches 1), None when not within
 * `next_purchase_horizon_days`.
 */
next_purchase_day: number | null, 
/**
 * The same in days after the as-of day (fractional).
 */
next_purchase_in_days: number | null, expected_order_value: number | null, clv: number | null, };

export type BandCounts = { low: number, medium: number, high: number, unknown: number, };

export type BgNbdFit = { params: BgNbd, 
/**
 * The unit of `alpha`, of every time and of the log-likelihood.
 */
unit: TimeUnit, 
/**
 * Σ ln L over all customers at `params`.
 */
log_likelihood: number, customers: number, repeat_customers: number, convergence: Convergence, };

export type BgNbd = { r: number, alpha: number, a: number, b: number, };

export type GammaGammaFit = { params: GammaGamma, log_likelihood: number, 
/**
 * Repeat customers fitted.
 */
customers: number, 
/**
 * Repeat customers left out because their mean value was ≤ 0.
 */
excluded_nonpositive: number, convergence: Convergence, };

export type GammaGamma = { p: number, q: number, v: number, };

export type Convergence = { 
/**
 * `newton`, or with the fallbacks that ran: `newton+bfgs`, `newton+bfgs+nelder-mead`.
 */
method: string, 
/**
 * The stopping rule was met (gradient or simplex small enough).
 */
converged: boolean, iterations: number, 
/**
 * Objective evaluations (each with gradient and Hessian, except in Nelder–Mead).
 */
evaluations: number, 
/**
 * Largest |∂ mean log-likelihood / ∂ log-parameter| at the end (free parameters only).
 */
gradient_norm: number, 
/**
 * Some parameter ended on (or within a factor 10 of) its bound.
 */
at_bounds: boolean, };

export type Correlation = { r: number, customers: number, 
/**
 * |r| above which `warning` is raised.
 */
threshold: number, 
/**
 * The independence assumption of the Gamma-Gamma model looks broken (|r| > threshold).
 */
warning: boolean, };

export type TimeUnit = "days" | "weeks";

export type Backtest = { unit: TimeUnit, calibration_end: number, observation_end: number, 
/**
 * Holdout length in the unit.
 */
holdout_length: number, fit: BgNbdFit, 
/**
 * Why the calibration fit is not to be trusted (the rules of `predict`); empty when it is.
 */
unreliable: Array<Unreliable>, buckets: Array<BacktestBucket>, 
/**
 * Repeat purchase days in the holdout, all calibration customers.
 */
actual_total: number, predicted_total: number, 
/**
 * (predicted − actual) / actual; None without holdout purchases (or if a prediction could
 * not be computed).
 */
relative_error: number | null, verdict: Verdict | null, 
/**
 * One line for the seller, e.g. "Predicted 1,653 purchases, actual 1,882 (−12.1 %): fair".
 */
summary: string, };

export type BacktestBucket = { 
/**
 * Calibration frequency x (for the last bucket, the lower bound of "7+").
 */
frequency: number, 
/**
 * "0" … "6", "7+".
 */
label: string, customers: number, 
/**
 * Mean actual purchase days in the holdout.
 */
actual_mean: number, 
/**
 * Mean E[X(holdout) | calibration].
 */
predicted_mean: number, };

export type Verdict = "good" | "fair" | "poor";
