// Generated from the Rust command declarations (`ipc_commands!` in src-tauri/commands/) by
// src-tauri/ipc.rs. Do not edit: run `UPDATE_BINDINGS=1 cargo test --test app bindings`.

export type Analysis = { 
/**
 * Layout version ([`SCHEMA_VERSION`]), so a reader can refuse a document it does not know.
 */
schema_version: number, 
/**
 * Reporting currency (ISO 4217) of every money field.
 */
currency: string, 
/**
 * IANA timezone whose calendar days are used.
 */
timezone: string, 
/**
 * The day the analysis looks from and why that day was chosen.
 */
as_of: AsOf, 
/**
 * What was read and what was left out, by reason.
 */
data: DataSummary, 
/**
 * The parameters used, so the document says how it was computed.
 */
params: Params, 
/**
 * Headline figures for the current period, the previous one and all time.
 */
kpis: Kpis, 
/**
 * RFM score distribution and the R×F grid.
 */
rfm: Rfm, 
/**
 * The 10 R×F segments, in table order.
 */
segments: Array<SegmentRow>, 
/**
 * The Chinese 8-class model: thresholds and classes.
 */
eight_class: EightClass, 
/**
 * Value tiers top, middle, bottom.
 */
tiers: Array<TierRow>, 
/**
 * Distribution of days between consecutive purchase days, all customers pooled.
 */
gaps: Gaps, 
/**
 * Lifecycle stage counts and the bars that separate the stages.
 */
lifecycle: LifecycleSummary, 
/**
 * Acquisition cohorts, store-wide and split by first country, product and platform.
 */
cohorts: Cohorts, 
/**
 * Kaplan-Meier curve of the wait for a second purchase, and purchase latencies.
 */
time_to_second_purchase: TimeToSecond, 
/**
 * Repurchase cycles per SKU and category, and the overdue list.
 */
repurchase: Repurchase, 
/**
 * Churn now, month by month, and by customer group.
 */
churn: Churn, 
/**
 * One row per customer (only with `params.include_customers`).
 */
customers: Array<CustomerRow>, };

export type AnalysisSettings = { reporting_currency: string | null, params: Params, };

export type AnalysisView = { 
/**
 * Pass it to every command about this analysis (pages, charts, predictions, exports).
 */
analysis_id: number, store_id: number, store_name: string, settings: AnalysisSettings, analysis: Analysis, skus_total: number, categories_total: number, 
/**
 * Load + analysis time in seconds.
 */
seconds: number, };

export type AppInfo = { version: string, db_path: string, sample_credit: string, };

export type AppSettings = { language: Lang | null, theme: Theme | null, 
/**
 * Minutes between scheduled syncs of linked stores; null = the default (30), 0 = off.
 */
sync_interval_minutes?: number, };

export type AsOf = { 
/**
 * The as-of day (YYYY-MM-DD); purchases on it count, later ones do not.
 */
date: string, 
/**
 * `given` (params.as_of), `today`, or `day_after_newest_purchase` (stale data).
 */
rule: string, 
/**
 * Day of the newest purchase in the data; `None` when there is none.
 */
newest_purchase: string | null, 
/**
 * Human-readable explanation when the rule is not `given`.
 */
note: string | null, };

export type Backtest = { 
/**
 * Unit of every time and of the fit.
 */
unit: TimeUnit, 
/**
 * Last day (day number) of the calibration window.
 */
calibration_end: number, 
/**
 * Last day of the holdout.
 */
observation_end: number, 
/**
 * Holdout length in the unit.
 */
holdout_length: number, 
/**
 * The fit on the calibration window.
 */
fit: BgNbdFit, 
/**
 * Why the calibration fit is not to be trusted (the rules of `predict`); empty when it is.
 */
unreliable: Array<Unreliable>, 
/**
 * Actual vs predicted holdout purchases by calibration frequency (x = 0 … 6, 7+).
 */
buckets: Array<BacktestBucket>, 
/**
 * Repeat purchase days in the holdout, all calibration customers.
 */
actual_total: number, 
/**
 * Σ E[X(holdout)] over the calibration customers.
 */
predicted_total: number, 
/**
 * (predicted − actual) / actual; None without holdout purchases (or if a prediction could
 * not be computed).
 */
relative_error: number | null, 
/**
 * `relative_error` in one word; `None` when there is no error to judge.
 */
verdict: Verdict | null, 
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
label: string, 
/**
 * Customers in the bucket.
 */
customers: number, 
/**
 * Mean actual purchase days in the holdout.
 */
actual_mean: number, 
/**
 * Mean E[X(holdout) | calibration].
 */
predicted_mean: number, };

export type BacktestNote = { "code": "short_history", 
/**
 * Days from the first purchase to the as-of day.
 */
history_days: number, 
/**
 * Days of history a backtest needs.
 */
required_days: number, } | { "code": "fit_failed", 
/**
 * Last day the calibration fit saw, YYYY-MM-DD.
 */
calibration_end: string, 
/**
 * The model's message.
 */
error: string, };

export type BacktestReport = { 
/**
 * Last day the calibration fit sees, YYYY-MM-DD.
 */
calibration_end: string, 
/**
 * Length of the holdout after `calibration_end`, up to the as-of day.
 */
holdout_days: number, 
/**
 * Predicted against actual purchases in the holdout.
 */
result: Backtest, };

export type BandCounts = { 
/**
 * Low churn risk.
 */
low: number, 
/**
 * Medium churn risk.
 */
medium: number, 
/**
 * High churn risk.
 */
high: number, 
/**
 * No churn risk could be computed.
 */
unknown: number, };

export type BgNbd = { 
/**
 * Shape of the Gamma distribution of purchase rates across customers.
 */
r: number, 
/**
 * Scale of that distribution, in the fit's time unit.
 */
alpha: number, 
/**
 * First shape of the Beta distribution of the chance to drop out after a purchase.
 */
a: number, 
/**
 * Second shape of that Beta distribution; a / (a + b) is the mean dropout chance.
 */
b: number, };

export type BgNbdFit = { 
/**
 * The maximum-likelihood parameters.
 */
params: BgNbd, 
/**
 * The unit of `alpha`, of every time and of the log-likelihood.
 */
unit: TimeUnit, 
/**
 * Σ ln L over all customers at `params`.
 */
log_likelihood: number, 
/**
 * Customers fitted.
 */
customers: number, 
/**
 * Of them, customers with at least one repeat purchase (the ones that identify the model).
 */
repeat_customers: number, 
/**
 * How the optimiser ended.
 */
convergence: Convergence, };

export type ChartKind = "revenue" | "customers" | "segments" | "eight-class" | "rf-heatmap" | "tiers" | "churn-trend" | "cohort" | "revenue-retention" | "ltv" | "km" | "repurchase" | "repurchase-categories";

export type Churn = { 
/**
 * Recency above which a customer is churned.
 */
threshold_days: number, 
/**
 * Customers analysed.
 */
customers: number, 
/**
 * Of them, churned now.
 */
churned: number, 
/**
 * `churned ÷ customers`; `None` without customers.
 */
rate: number | null, 
/**
 * Monthly churn rates, oldest first.
 */
by_month: Array<ChurnMonth>, 
/**
 * Smallest group shown in `breakdown`.
 */
min_group: number, 
/**
 * Groups by lift, highest first.
 */
breakdown: Array<ChurnGroup>, };

export type ChurnBand = "low" | "medium" | "high";

export type ChurnBands = { 
/**
 * Lowest churn risk that is medium (default 0.3).
 */
medium_from: number, 
/**
 * Lowest churn risk that is high (default 0.7).
 */
high_from: number, };

export type ChurnGroup = { 
/**
 * What groups the customers, e.g. `country` or `last_order_refunded`.
 */
dimension: string, 
/**
 * The group's value in that dimension.
 */
group: string, 
/**
 * Customers in the group.
 */
customers: number, 
/**
 * Of them, churned now.
 */
churned: number, 
/**
 * `churned ÷ customers`.
 */
churn_rate: number, 
/**
 * Group rate ÷ overall rate (above 1: churns more than average); `None` when the overall
 * rate is 0 or undefined.
 */
lift: number | null, };

export type ChurnMethod = "model" | "heuristic";

export type ChurnMonth = { 
/**
 * The month (YYYY-MM).
 */
month: string, 
/**
 * Customers who had bought before the month and had not yet passed the threshold.
 */
active_at_start: number, 
/**
 * Of them, those who passed the threshold during the month without buying.
 */
churned: number, 
/**
 * `churned ÷ active_at_start`; `None` when nobody was active.
 */
rate: number | null, 
/**
 * The as-of month: only churn up to the as-of date is counted.
 */
partial: boolean, };

export type ChurnRule = { "rule": "percentile", 
/**
 * Which percentile of the gaps, as a fraction (0.9 = p90).
 */
percentile: number, 
/**
 * The threshold is never below this many days (also used when there are no gaps).
 */
floor_days: number, } | { "rule": "fixed", 
/**
 * Days without a purchase after which a customer is churned.
 */
days: number, };

export type Class8 = "重要价值客户" | "重要保持客户" | "重要发展客户" | "重要挽留客户" | "一般价值客户" | "一般保持客户" | "一般发展客户" | "一般挽留客户";

export type ClassRow = { 
/**
 * The class, by its Chinese name.
 */
class: Class8, 
/**
 * English gloss of the class name.
 */
gloss: string, 
/**
 * Bought recently (recency below the bar).
 */
r_high: boolean, 
/**
 * Bought often (frequency above the bar).
 */
f_high: boolean, 
/**
 * Spent much (monetary above the bar): 重要 rather than 一般.
 */
m_high: boolean, 
/**
 * Customers in the class.
 */
customers: number, 
/**
 * Its share of the customers analysed.
 */
share: number | null, 
/**
 * Net revenue of its customers.
 */
net_revenue: number, };

export type CohortGroup = { 
/**
 * The group's name.
 */
group: string, 
/**
 * Customers in the group.
 */
customers: number, 
/**
 * Its cohorts, as in [`Cohorts::rows`].
 */
rows: Array<CohortRow>, };

export type CohortPeriod = "month" | "iso_week";

export type CohortRow = { 
/**
 * YYYY-MM or YYYY-Www.
 */
cohort: string, 
/**
 * Cohort size: customers whose first purchase fell in the period.
 */
customers: number, 
/**
 * Index k = periods since the cohort period; the arrays stop at the as-of period.
 */
active_customers: Array<number>, 
/**
 * Active customers ÷ cohort size, per period (1 at k = 0).
 */
customer_retention: Array<number>, 
/**
 * The cohort's net revenue per period.
 */
net_revenue: Array<number>, 
/**
 * null when the cohort's period-0 net revenue is not positive.
 */
revenue_retention: Array<number | null>, 
/**
 * Net revenue from period 0 to k ÷ cohort size (the LTV curve).
 */
cumulative_net_revenue_per_customer: Array<number>, };

export type CohortSplits = { 
/**
 * By shipping country of the first purchase (else the customer's country).
 */
first_order_country: Array<CohortGroup>, 
/**
 * By first SKU of the first purchase.
 */
first_product: Array<CohortGroup>, 
/**
 * By platform/store of the first purchase.
 */
platform: Array<CohortGroup>, };

export type Cohorts = { 
/**
 * `month` or `iso_week`.
 */
period: string, 
/**
 * Currency of the revenue arrays.
 */
currency: string, 
/**
 * Store-wide cohorts, oldest first.
 */
rows: Array<CohortRow>, 
/**
 * The same tables per group.
 */
splits: CohortSplits, };

export type Column = "customer_id" | "email" | "first_name" | "last_name" | "phone" | "country" | "accepts_marketing" | "tags" | "segment" | "class8" | "tier" | "lifecycle" | "purchases" | "net_revenue" | "currency" | "first_purchase" | "last_purchase" | "recency_days" | "coupon_code" | "churn_risk" | "churn_band" | "clv" | "next_purchase";

export type Convergence = { 
/**
 * `newton`, or with the fallbacks that ran: `newton+bfgs`, `newton+bfgs+nelder-mead`.
 */
method: string, 
/**
 * The stopping rule was met (gradient or simplex small enough).
 */
converged: boolean, 
/**
 * Optimiser iterations (Newton steps, BFGS steps or simplex moves).
 */
iterations: number, 
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

export type Correlation = { 
/**
 * Pearson's r between x and m̄.
 */
r: number, 
/**
 * Repeat customers it was computed on.
 */
customers: number, 
/**
 * |r| above which `warning` is raised.
 */
threshold: number, 
/**
 * The independence assumption of the Gamma-Gamma model looks broken (|r| > threshold).
 */
warning: boolean, };

export type CustomerDetail = { row: CustomerRow | null, profile: CustomerProfile, currency: string, timezone: string, 
/**
 * BG/NBD + Gamma-Gamma predictions (None: no purchase).
 */
prediction: CustomerForecast | null, };

export type CustomerForecast = { p_alive: number | null, churn_risk: number | null, churn_band: ChurnBand | null, 
/**
 * Heuristic when the store's data cannot carry the model (see `notes`).
 */
churn_method: ChurnMethod, expected_purchases: number | null, horizon_days: number, 
/**
 * YYYY-MM-DD, None when not expected within a year.
 */
next_purchase: string | null, expected_order_value: number | null, clv: number | null, clv_months: number, notes: Array<PredictionNote>, };

export type CustomerPage = { 
/**
 * Customers matching the filters.
 */
total: number, offset: number, rows: Array<CustomerRow>, };

export type CustomerPrediction = { 
/**
 * The caller's customer id.
 */
customer: number, 
/**
 * x: repeat purchase days.
 */
frequency: number, 
/**
 * t_x in `Predictions::unit`.
 */
recency: number, 
/**
 * T in `Predictions::unit`.
 */
age: number, 
/**
 * Mean repeat value (0 for one-time buyers).
 */
monetary: number, 
/**
 * Days from the last purchase day to the as-of day.
 */
days_since_last: number, 
/**
 * BG/NBD P(alive) at the as-of day; `None` without a usable model.
 */
p_alive: number | null, 
/**
 * Chance the customer has left: 1 − P(alive), or the heuristic (`Predictions::churn_method`).
 */
churn_risk: number | null, 
/**
 * `churn_risk` in bands.
 */
churn_band: ChurnBand | null, 
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
next_purchase_in_days: number | null, 
/**
 * Expected value of a future order (`Predictions::value_method` says which estimate).
 */
expected_order_value: number | null, 
/**
 * Discounted value of the next `clv_months` months (needs the BG/NBD).
 */
clv: number | null, };

export type CustomerProfile = { 
/**
 * The platform's customer id (or the normalized email where the source has no ids).
 */
platform_id: string, 
/**
 * E-mail, as stored.
 */
email: string | null, 
/**
 * Given name.
 */
first_name: string | null, 
/**
 * Family name.
 */
last_name: string | null, 
/**
 * Phone number, as stored.
 */
phone: string | null, 
/**
 * Country, as the source gave it.
 */
country: string | null, 
/**
 * `Some(true)` opted in, `Some(false)` opted out, `None` unknown.
 */
accepts_marketing: boolean | null, 
/**
 * As the platform gave them (Shopify: comma-separated).
 */
tags: string | null, 
/**
 * Newest first.
 */
orders: Array<ProfileOrder>, 
/**
 * Newest first.
 */
refunds: Array<ProfileRefund>, 
/**
 * Oldest first.
 */
history: Array<ProfileSnapshot>, };

export type CustomerQuery = { offset: number, limit: number, sort: CustomerSort, descending: boolean, 
/**
 * Case-insensitive substring of the customer id.
 */
search: string, segment: Segment | null, class8: Class8 | null, tier: Tier | null, lifecycle: Lifecycle | null, 
/**
 * An R×F cell: R score and F score (1–5).
 */
rf_cell: [number, number] | null, };

export type CustomerRow = { 
/**
 * Platform customer id.
 */
customer: string, 
/**
 * Lifecycle stage.
 */
lifecycle: Lifecycle, 
/**
 * Purchases counted.
 */
purchases: number, 
/**
 * Day of the first purchase.
 */
first_purchase: string | null, 
/**
 * Day of the last purchase.
 */
last_purchase: string | null, 
/**
 * Days from the last purchase day to the as-of day.
 */
recency_days: number | null, 
/**
 * Purchases minus refunds and returns.
 */
net_revenue: number, 
/**
 * The M value (net revenue or average order value, per `params.monetary`).
 */
monetary: number | null, 
/**
 * R score 1..5.
 */
r: number | null, 
/**
 * F score 1..5.
 */
f: number | null, 
/**
 * M score 1..5.
 */
m: number | null, 
/**
 * R×F segment.
 */
segment: Segment | null, 
/**
 * 8-class model class.
 */
class8: Class8 | null, 
/**
 * Value tier.
 */
tier: Tier | null, };

export type CustomerSort = "net_revenue" | "purchases" | "recency" | "last_purchase" | "first_purchase" | "customer";

export type DataSummary = { 
/**
 * Customer records in the store, with or without purchases.
 */
customer_records: number, 
/**
 * Orders read, counted or not.
 */
orders: number, 
/**
 * Orders that count as purchases (customers' and guests').
 */
purchases: number, 
/**
 * Purchases without a customer record: in revenue KPIs only.
 */
guest_purchases: number, 
/**
 * Orders left out as cancelled.
 */
excluded_cancelled: number, 
/**
 * Orders left out as test orders.
 */
excluded_test: number, 
/**
 * Orders left out because their total is zero or negative.
 */
excluded_non_positive: number, 
/**
 * Orders left out because their currency has no rate near the order date.
 */
excluded_no_fx_rate: number, 
/**
 * Orders dated after the as-of day.
 */
excluded_after_as_of: number, 
/**
 * Refunds and returns that reduce revenue.
 */
refunds_counted: number, 
/**
 * Refunds of excluded orders, after the as-of date, or without an FX rate.
 */
refunds_ignored: number, 
/**
 * Per currency without a usable rate: orders and refunds left out.
 */
fx_missing: Array<FxMissing>, };

export type EightClass = { 
/**
 * The bars used.
 */
thresholds: EightClassThresholds, 
/**
 * The 8 classes in table order.
 */
classes: Array<ClassRow>, };

export type EightClassThreshold = { "mode": "mean" } | { "mode": "median" } | { "mode": "fixed", 
/**
 * "R high" ⇔ recency below this many days.
 */
recency_days: number, 
/**
 * "F high" ⇔ more purchases than this.
 */
frequency: number, 
/**
 * "M high" ⇔ monetary above this.
 */
monetary: number, };

export type EightClassThresholds = { 
/**
 * `mean`, `median` or `fixed`.
 */
mode: string, 
/**
 * Recency bar: below it is "R high"; `None` without customers.
 */
recency_days: number | null, 
/**
 * Purchase-count bar: above it is "F high".
 */
frequency: number | null, 
/**
 * Monetary bar: above it is "M high".
 */
monetary: number | null, };

export type Encoding = "utf8" | "utf8_bom";

export type ExportPreview = { matched: number, rows: number, excluded_no_consent: number, excluded_no_email: number, header: Array<string>, first_rows: Array<Array<string>>, };

export type ExportRequest = { spec: ExportSpec, target: SaveTarget, };

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
columns: Array<Column>, 
/**
 * Which importer the file is for (default: our generic columns).
 */
preset: Preset, 
/**
 * UTF-8 with or without a byte-order mark (default without).
 */
encoding: Encoding, 
/**
 * Give every row a unique coupon code `PREFIX-XXXXXXXX` (see [`crate::CouponCodes`]).
 */
coupon_prefix: string | null, };

export type FirstProductRow = { 
/**
 * SKU or category.
 */
item: string, 
/**
 * Customers whose first order holds the item.
 */
customers: number, 
/**
 * Of those, customers with a second order by the as-of day.
 */
repeat_customers: number, 
/**
 * `repeat_customers ÷ customers`.
 */
repeat_rate: number, 
/**
 * Starters whose first purchase is at least 365 days before the as-of day.
 */
matured_customers: number, 
/**
 * Mean 12-month net revenue of the matured starters (reporting currency, major units);
 * None when none has matured.
 */
mean_net_revenue_12m: number | null, };

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
repeat_customers: number, 
/**
 * Of those, starters whose 12-month window has ended by the as-of day.
 */
matured_customers: number, 
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
paths: Array<ProductPath>, 
/**
 * Distinct paths in total (before `limit`).
 */
paths_total: number, };

export type Format = "svg" | "png";

export type FxMissing = { 
/**
 * The currency without a rate.
 */
currency: string, 
/**
 * Orders left out for it.
 */
orders: number, 
/**
 * Refunds left out for it.
 */
refunds: number, };

export type GammaGamma = { 
/**
 * Shape of each transaction value's Gamma distribution.
 */
p: number, 
/**
 * Shape of the Gamma distribution of the customers' scale parameters.
 */
q: number, 
/**
 * Scale of that distribution (lifetimes' `v`, γ in the papers).
 */
v: number, };

export type GammaGammaFit = { 
/**
 * The maximum-likelihood parameters.
 */
params: GammaGamma, 
/**
 * Σ ln L over the fitted customers at `params`.
 */
log_likelihood: number, 
/**
 * Repeat customers fitted.
 */
customers: number, 
/**
 * Repeat customers left out because their mean value was ≤ 0.
 */
excluded_nonpositive: number, 
/**
 * How the optimiser ended.
 */
convergence: Convergence, };

export type Gaps = { 
/**
 * Number of gaps.
 */
count: number, 
/**
 * Mean gap in days.
 */
mean: number | null, 
/**
 * 25th percentile (linear interpolation, as numpy).
 */
p25: number | null, 
/**
 * Median gap.
 */
median: number | null, 
/**
 * 75th percentile.
 */
p75: number | null, 
/**
 * 80th percentile: the default bar of the active stage.
 */
p80: number | null, 
/**
 * 90th percentile: the default churn threshold (before its floor).
 */
p90: number | null, };

export type ImportPhase = "reading" | "parsing" | "writing" | "done";

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
 * Problems in the previewed rows.
 */
errors: Array<ImportProblem>, };

export type ImportPreviewRow = { kind: string, order: string, customer: string | null, date: string, sku: string | null, product: string | null, quantity: number, 
/**
 * Major units of `currency`.
 */
amount: number, currency: string, country: string | null, };

export type ImportProblem = { line: number, column: string, value: string, 
/**
 * What the cell should hold: an `Expected` code (`date`, `amount`, `whole_number`, …).
 */
expected: string, 
/**
 * The CSV reader's own words, for a line it could not split.
 */
detail: string | null, 
/**
 * The problem in English.
 */
reason: string, };

export type ImportProgress = { phase: ImportPhase, rows_done: number, rows_total: number | null, rows_per_sec: number, };

export type ImportReport = { store_id: number, store_name: string, file: string, preset: string, rows_read: number, orders_new: number, orders_updated: number, orders_unchanged: number, returns: number, customers: number, skipped_rows: number, seconds: number, };

export type InsightChart = "backtest" | "churn-risk";

export type ItemCycle = { 
/**
 * SKU or category name.
 */
item: string, 
/**
 * Customers who bought the item.
 */
buyers: number, 
/**
 * Customers with at least one repeat of the item (contributing gaps).
 */
customers: number, 
/**
 * Gaps counted, over all customers.
 */
gaps: number, 
/**
 * At least `min_gaps` gaps: the percentiles are worth showing.
 */
enough_data: boolean, 
/**
 * 25th percentile of the gaps in days.
 */
p25_days: number | null, 
/**
 * Median gap: the item's cycle, used for due dates.
 */
median_days: number | null, 
/**
 * 75th percentile of the gaps.
 */
p75_days: number | null, };

export type ItemLevel = "sku" | "category";

export type ItemRef = { 
/**
 * Whether `name` is a SKU or a category.
 */
level: ItemRefLevel, 
/**
 * The SKU or category, exactly as stored.
 */
name: string, };

export type ItemRefLevel = "sku" | "category";

export type KmPoint = { 
/**
 * Days since the first purchase.
 */
day: number, 
/**
 * Customers still waiting for a second purchase on that day (censored that day included).
 */
at_risk: number, 
/**
 * Second purchases on that day.
 */
events: number, 
/**
 * S(day): share still without a second purchase after the day.
 */
survival: number, };

export type KpiValues = { 
/**
 * First day of the period; `None` for all time.
 */
from: string | null, 
/**
 * Last day of the period (the as-of day for the current period).
 */
to: string, 
/**
 * Customers with a purchase in the period.
 */
customers: number, 
/**
 * All purchases in the period, guests included.
 */
purchases: number, 
/**
 * Of `purchases`, those by guests.
 */
guest_purchases: number, 
/**
 * Purchases minus refunds dated in the period, guests included.
 */
net_revenue: number, 
/**
 * Order totals ÷ purchases, before refunds; `None` without purchases.
 */
average_order_value: number | null, 
/**
 * Customers' purchases ÷ customers, guests excluded.
 */
purchases_per_customer: number | null, 
/**
 * Customers with at least 2 purchases ÷ customers with at least 1, up to the period's end.
 */
repeat_customer_rate_all_time: number | null, 
/**
 * The same, counting only the look-back days before the period's end.
 */
repeat_customer_rate_lookback: number | null, 
/**
 * At the period's end: customers past the churn threshold ÷ customers who had bought by then.
 */
churn_rate: number | null, 
/**
 * Median of the purchase gaps that end inside the period.
 */
median_gap_days: number | null, };

export type Kpis = { 
/**
 * Currency of the money figures.
 */
currency: string, 
/**
 * Length of the current and previous periods, in days.
 */
period_days: number, 
/**
 * Look-back window of `repeat_customer_rate_lookback`, in days.
 */
repeat_rate_lookback_days: number, 
/**
 * The last `period_days` days up to the as-of day.
 */
current: KpiValues, 
/**
 * The `period_days` days before the current period.
 */
previous: KpiValues, 
/**
 * Everything up to the as-of day.
 */
all_time: KpiValues, };

export type Lang = "en" | "zh-CN";

export type Latency = { 
/**
 * n, the earlier purchase (1 for 1→2).
 */
from_purchase: number, 
/**
 * n + 1.
 */
to_purchase: number, 
/**
 * Customers who made both purchases.
 */
customers: number, 
/**
 * Median days between them; `None` without customers.
 */
median_days: number | null, };

export type Lifecycle = "prospect" | "new" | "active" | "dormant" | "churned";

export type LifecycleSummary = { 
/**
 * A first purchase fewer days ago than this makes a customer new.
 */
new_days: number, 
/**
 * Highest recency that still counts as active.
 */
active_max_recency_days: number, 
/**
 * Recency above this is churned.
 */
churn_threshold_days: number, 
/**
 * How the churn threshold was found, in words.
 */
churn_threshold_rule: string, 
/**
 * Every stage in order prospect, new, active, dormant, churned.
 */
stages: Array<StageRow>, };

export type Migration = { 
/**
 * As-of date of the earlier snapshot.
 */
from: string, 
/**
 * As-of date of the later snapshot.
 */
to: string, 
/**
 * R×F segment moves.
 */
segment: MigrationMatrix, 
/**
 * 8-class moves.
 */
class8: MigrationMatrix, 
/**
 * Tier moves.
 */
tier: MigrationMatrix, 
/**
 * Lifecycle stage moves.
 */
lifecycle: MigrationMatrix, };

export type MigrationCell = { 
/**
 * Label in the earlier snapshot.
 */
from: string, 
/**
 * Label in the later snapshot.
 */
to: string, 
/**
 * Customers who went from `from` to `to`.
 */
customers: number, };

export type MigrationMatrix = { 
/**
 * Cells with at least one customer, sorted by (from, to) in label order.
 */
cells: Array<MigrationCell>, 
/**
 * Customers whose label stayed the same (both present).
 */
unchanged: number, 
/**
 * Customers in both snapshots whose label changed.
 */
changed: number, };

export type MonetaryBasis = "net_revenue" | "average_order_value";

export type NamedRule = { 
/**
 * The items in the basket (X), by name.
 */
antecedent: Array<string>, 
/**
 * The item also bought (Y), by name.
 */
consequent: Array<string>, 
/**
 * Orders holding every item of the rule.
 */
orders: number, 
/**
 * Share of baskets holding X ∪ Y.
 */
support: number, 
/**
 * Share of baskets with X that also hold Y.
 */
confidence: number, 
/**
 * Confidence ÷ share of baskets with Y: above 1, X makes Y likelier.
 */
lift: number, 
/**
 * supp(X ∪ Y) − supp(X)·supp(Y).
 */
leverage: number, 
/**
 * None when infinite (confidence 1).
 */
conviction: number | null, };

export type NamedSequenceRule = { 
/**
 * A, the item bought first, by name.
 */
antecedent: string, 
/**
 * B, bought 1 to `within_days` days after A, by name.
 */
consequent: string, 
/**
 * Customers who bought B 1 to `within_days` days after A.
 */
customers: number, 
/**
 * Supporting customers ÷ all customers with a purchase of the level.
 */
support: number, 
/**
 * Supporting customers ÷ customers who ever bought A.
 */
confidence: number, 
/**
 * Confidence ÷ share of customers who ever bought B.
 */
lift: number, };

export type OverdueRow = { 
/**
 * The customer's platform id.
 */
customer: string, 
/**
 * `sku` or `category`.
 */
item_kind: string, 
/**
 * SKU or category.
 */
item: string, 
/**
 * Last day the customer bought the item.
 */
last_order: string, 
/**
 * Last day + the item's median cycle.
 */
due_date: string, 
/**
 * Days since the due date.
 */
days_overdue: number, 
/**
 * The customer's value tier (to decide whom to remind first).
 */
tier: Tier, };

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
stale_data_days: number, 
/**
 * What M measures (default net revenue).
 */
monetary: MonetaryBasis, 
/**
 * How the 8-class model sets its high/low bars (default the mean).
 */
eight_class: EightClassThreshold, 
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
active_percentile: number, 
/**
 * How the churn threshold is set (default p90 of all gaps, at least 30 days).
 */
churn: ChurnRule, 
/**
 * Month (default) or ISO week cohorts.
 */
cohort_period: CohortPeriod, 
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
repeat_rate_lookback_days: number, 
/**
 * Which date a refund counts on in period figures (default its own).
 */
refund_dating: RefundDating, 
/**
 * Include one row per customer in the output (default false; the JSON gets large).
 */
include_customers: boolean, };

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
monthly_discount: number, 
/**
 * Churn-risk cut-offs for the bands.
 */
churn_bands: ChurnBands, 
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

export type PredictedCustomer = { 
/**
 * The platform's customer id (or normalized email where the source has no ids).
 */
customer: string, 
/**
 * Repeat purchase days (same-day purchases collapse).
 */
frequency: number, 
/**
 * Days from the last purchase day to the as-of day.
 */
days_since_last: number, 
/**
 * BG/NBD chance the customer is still active; None without a usable model.
 */
p_alive: number | null, 
/**
 * Chance the customer has left, 0 to 1 (1 − P(alive), or the heuristic).
 */
churn_risk: number | null, 
/**
 * `churn_risk` in low/medium/high bands.
 */
churn_band: ChurnBand | null, 
/**
 * Expected purchases in the next `horizon_days` of the models' configuration.
 */
expected_purchases: number | null, 
/**
 * YYYY-MM-DD; None when not expected within the next-purchase horizon.
 */
next_purchase: string | null, 
/**
 * Expected value of a future order, in major units of the reporting currency.
 */
expected_order_value: number | null, 
/**
 * Discounted value of the next `clv_months` months (customer lifetime value), in major
 * units of the reporting currency; None without the BG/NBD.
 */
clv: number | null, };

export type PredictionNote = { "code": "churn_heuristic_model_kept", 
/**
 * Why P(alive) is not used for churn risk.
 */
because: Array<Unreliable>, } | { "code": "churn_heuristic_no_model", 
/**
 * Why the BG/NBD is not used.
 */
because: Array<Unreliable>, } | { "code": "observed_order_values", 
/**
 * Why the Gamma-Gamma model is not used.
 */
because: Array<Unreliable>, } | { "code": "value_frequency_correlated", 
/**
 * Pearson's r between purchase frequency and mean order value.
 */
r: number, };

export type PredictionReport = { 
/**
 * YYYY-MM-DD.
 */
as_of: string, 
/**
 * Reporting currency (ISO 4217) of every money figure.
 */
currency: string, 
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
valuable_at_risk_total: number, 
/**
 * How well a fit on the earlier history predicted the latest days; None with a note.
 */
backtest: BacktestReport | null, 
/**
 * Why there is no backtest (or why it failed).
 */
backtest_note: BacktestNote | null, };

export type PredictionTotals = { 
/**
 * Mean P(alive) over all customers; `None` without the model.
 */
mean_p_alive: number | null, 
/**
 * Σ expected purchases in the horizon.
 */
expected_purchases: number | null, 
/**
 * Σ CLV; `None` without the model.
 */
clv: number | null, 
/**
 * Customers per churn band.
 */
churn_bands: BandCounts, };

export type Predictions = { 
/**
 * Unit of every model time in the rows and fits.
 */
unit: TimeUnit, 
/**
 * The as-of day (the summaries' observation end).
 */
as_of: number, 
/**
 * The settings used.
 */
config: PredictConfig, 
/**
 * Customers predicted for.
 */
customers: number, 
/**
 * Of them, customers with a repeat purchase.
 */
repeat_customers: number, 
/**
 * The BG/NBD fit, when one could be run (used or not: see `unreliable`).
 */
bgnbd: BgNbdFit | null, 
/**
 * The Gamma-Gamma fit, when one could be run (see `value_unreliable`).
 */
gamma_gamma: GammaGammaFit | null, 
/**
 * Where churn risk came from.
 */
churn_method: ChurnMethod, 
/**
 * Why the BG/NBD was not used (empty when it was).
 */
unreliable: Array<Unreliable>, 
/**
 * Why churn risk is not 1 − P(alive) although the BG/NBD is used for expected purchases,
 * next-order dates and CLV (empty otherwise): [`Unreliable::NoDropout`].
 */
churn_unreliable: Array<Unreliable>, 
/**
 * Where expected order values came from.
 */
value_method: ValueMethod, 
/**
 * Why the Gamma-Gamma model was not used (empty when it was).
 */
value_unreliable: Array<Unreliable>, 
/**
 * Frequency–value correlation of the repeat customers (the Gamma-Gamma check).
 */
correlation: Correlation | null, 
/**
 * Notes for the seller (fallbacks, warnings), as codes with their numbers.
 */
notes: Array<PredictionNote>, 
/**
 * Store-wide totals.
 */
totals: PredictionTotals, 
/**
 * One row per customer, in the summaries' order (by customer).
 */
rows: Array<CustomerPrediction>, };

export type Preset = "generic" | "shopify_customer_import" | "klaviyo" | "mailchimp";

export type ProductInsight = { 
/**
 * The parameters used.
 */
params: ProductInsightParams, 
/**
 * Orders with at least one item of the level.
 */
baskets: number, 
/**
 * Basket rules by lift (single-item consequents), at most `limit`.
 */
basket_rules: Array<NamedRule>, 
/**
 * Basket rules found, before the `limit`.
 */
basket_rules_total: number, 
/**
 * Why there are no basket rules, when the search could not run.
 */
basket_note: string | null, 
/**
 * Customers with a purchase of the level.
 */
sequence_customers: number, 
/**
 * Sequential rules by lift, at most `limit`.
 */
sequence_rules: Array<NamedSequenceRule>, 
/**
 * Sequential rules found, before the `limit`.
 */
sequence_rules_total: number, 
/**
 * Why there are no sequential rules, when the search could not run.
 */
sequence_note: string | null, 
/**
 * The items customers start with, how often those starters come back, and the common
 * first → second item paths.
 */
first_products: FirstProducts, 
/**
 * SKU level: the most common product title of each SKU shown (SKUs are codes such as
 * "85123A"); empty at category level. See [`add_sku_titles`].
 */
item_titles: { [key in string]: string }, };

export type ProductInsightParams = { 
/**
 * "sku" or "category".
 */
level: ItemLevel, 
/**
 * Minimum share of baskets (basket rules) or customers (sequential rules) supporting a
 * rule (default 0.01).
 */
min_support: number, 
/**
 * Minimum confidence of a rule, basket or sequential (default 0.2).
 */
min_confidence: number, 
/**
 * Sequential rules: B within this many days after A.
 */
within_days: number, 
/**
 * Rows per table.
 */
limit: number, };

export type ProductPath = { 
/**
 * Item on the first order (A).
 */
first: string, 
/**
 * Item on the second order (B).
 */
second: string, 
/**
 * Customers who took this path.
 */
customers: number, 
/**
 * Customers on this path ÷ customers whose first order held `first` and who made a second
 * order (the chance of B next, given A first and a next order).
 */
share_of_first: number, };

export type ProfileLine = { 
/**
 * Product code.
 */
sku: string | null, 
/**
 * Product name.
 */
title: string | null, 
/**
 * Category or product type.
 */
category: string | null, 
/**
 * Units bought.
 */
quantity: number, 
/**
 * Quantity × unit price, in minor units of the order's currency.
 */
line_total_minor: number, };

export type ProfileOrder = { 
/**
 * The platform's order id.
 */
platform_id: string, 
/**
 * What the seller calls it (`#1001`).
 */
name: string | null, 
/**
 * When it was placed, UTC Unix seconds.
 */
created_at: number, 
/**
 * It was cancelled: not a purchase.
 */
cancelled: boolean, 
/**
 * A platform test order: not a purchase.
 */
is_test: boolean, 
/**
 * When it was shipped, UTC Unix seconds.
 */
fulfilled_at: number | null, 
/**
 * When it arrived, UTC Unix seconds.
 */
delivered_at: number | null, 
/**
 * ISO 4217 code of its amounts.
 */
currency: string, 
/**
 * What the buyer paid, before refunds, in minor units.
 */
total_minor: number, 
/**
 * Discount codes used, comma-separated.
 */
discount_codes: string | null, 
/**
 * In source order.
 */
lines: Array<ProfileLine>, };

export type ProfileRefund = { 
/**
 * The platform's refund id.
 */
platform_id: string, 
/**
 * `refund` (money only) or `return` (goods came back).
 */
kind: string, 
/**
 * When it was made, UTC Unix seconds.
 */
created_at: number, 
/**
 * ISO 4217 code of the amount.
 */
currency: string, 
/**
 * Positive: the money given back, in minor units.
 */
amount_minor: number, 
/**
 * Platform id of the order it was for, when known.
 */
order: string | null, };

export type ProfileSnapshot = { 
/**
 * The snapshot's analysis date, YYYY-MM-DD.
 */
as_of: string, 
/**
 * Classic R×F segment name; `None` for prospects.
 */
rf_segment: string | null, 
/**
 * Chinese 8-class RFM segment name; `None` for prospects.
 */
cn_segment: string | null, 
/**
 * Value tier (`top`, `middle`, `bottom`); `None` for prospects.
 */
tier: string | null, 
/**
 * Lifecycle stage (`prospect`, `new`, `active`, `dormant`, `churned`).
 */
lifecycle: string, };

export type RefundDating = "refund_date" | "order_date";

export type Repurchase = { 
/**
 * Gaps an item needs for `enough_data`.
 */
min_gaps: number, 
/**
 * Overdue means more than this share of a median cycle past the due date.
 */
overdue_share: number, 
/**
 * Cycles per SKU, sorted by customers, buyers, then name.
 */
skus: Array<ItemCycle>, 
/**
 * Cycles per category, same order.
 */
categories: Array<ItemCycle>, 
/**
 * All overdue (customer, item) pairs, before the list limit.
 */
overdue_total: number, 
/**
 * Overdue pairs, longest overdue first, at most the list limit.
 */
overdue: Array<OverdueRow>, };

export type Rfm = { 
/**
 * Customers analysed (with at least one purchase).
 */
customers: number, 
/**
 * The scoring rule, in words (mid-rank quintiles).
 */
score_rule: string, 
/**
 * What M measures: `net_revenue` or `average_order_value`.
 */
monetary_basis: string, 
/**
 * Customers per score 1..5.
 */
r_counts: [number, number, number, number, number], 
/**
 * Customers per F score 1..5.
 */
f_counts: [number, number, number, number, number], 
/**
 * Customers per M score 1..5.
 */
m_counts: [number, number, number, number, number], 
/**
 * rf_grid[r − 1][f − 1] = customers with that (R, F) pair.
 */
rf_grid: [[number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number], [number, number, number, number, number]], };

export type SaveTarget = "dialog" | "downloads";

export type Saved = { path: string, rows: number, };

export type Segment = "Champions" | "Loyal Customers" | "Potential Loyalists" | "New Customers" | "Promising" | "Need Attention" | "About To Sleep" | "At Risk" | "Can't Lose Them" | "Hibernating";

export type SegmentRow = { 
/**
 * Which segment.
 */
segment: Segment, 
/**
 * Customers in the segment.
 */
customers: number, 
/**
 * Its share of the customers analysed; `None` when there are none.
 */
share: number | null, 
/**
 * Net revenue of its customers.
 */
net_revenue: number, 
/**
 * Its share of all customers' net revenue; `None` when that total is not positive.
 */
revenue_share: number | null, };

export type StageRow = { 
/**
 * Which stage.
 */
stage: Lifecycle, 
/**
 * Customers in the stage.
 */
customers: number, 
/**
 * Share of all customers, prospects included.
 */
share: number | null, };

export type StoreChanged = { 
/**
 * The store whose data changed.
 */
store_id: number, };

export type StoreState = { 
/**
 * `ok`, `syncing`, `relink_needed` or `error`.
 */
state: string, 
/**
 * For `error` and `relink_needed`: what went wrong.
 */
message: string | null, 
/**
 * The machine-readable code of that error.
 */
error_code: string | null, 
/**
 * When the last successful run ended, UTC Unix seconds.
 */
last_success: number | null, };

export type StoreSummary = { 
/**
 * Row id, the `store_id` every other call takes.
 */
id: number, 
/**
 * The seller's name for the store, unique in the database.
 */
name: string, 
/**
 * Where the data comes from (`shopify`, `woocommerce`, …, `file`, `sample`).
 */
platform: string, 
/**
 * ISO 4217 code of the store's own currency.
 */
currency: string, 
/**
 * IANA timezone of the store's days.
 */
timezone: string, 
/**
 * Customers, tombstoned ones left out.
 */
customers: number, 
/**
 * Orders, cancelled and test orders included, tombstoned ones left out.
 */
orders: number, 
/**
 * Refunds and returns, those of tombstoned orders left out.
 */
returns: number, 
/**
 * Lines of those orders.
 */
order_lines: number, 
/**
 * Store-local `YYYY-MM-DD HH:MM`.
 */
first_order: string | null, 
/**
 * Store-local `YYYY-MM-DD HH:MM` of the newest order.
 */
last_order: string | null, 
/**
 * Σ order totals of orders that are neither cancelled nor test orders, minus the refunds and
 * returns not belonging to such excluded orders, in the store currency's minor units (orders
 * in other currencies are not converted here: that is the analysis' job).
 */
revenue_minor: number, };

export type StoreSyncState = { 
/**
 * The store.
 */
store_id: number, 
/**
 * `woocommerce`, `shopify`, …
 */
platform: string, 
/**
 * The site or shop it is linked to.
 */
external_id: string, 
/**
 * `ok`, `syncing`, `relink_needed` or `error`, with the message and its code.
 */
state: StoreState, };

export type SyncProgress = { 
/**
 * The resource being synced (`orders`, `customers`, …).
 */
resource: string, 
/**
 * Records of it read so far in this pass.
 */
done: number, 
/**
 * Records this pass will read, when the platform says.
 */
total: number | null, 
/**
 * Records per second since the run started (all resources).
 */
rate_per_sec: number, };

export type SyncReport = { 
/**
 * The `sync_runs` row.
 */
run_id: number, 
/**
 * The store synced.
 */
store_id: number, 
/**
 * `backfill` (nothing synced before) or `incremental`.
 */
kind: string, 
/**
 * Pages written.
 */
pages: number, 
/**
 * Orders added.
 */
orders_new: number, 
/**
 * Orders changed.
 */
orders_updated: number, 
/**
 * Orders read again unchanged.
 */
orders_unchanged: number, 
/**
 * Customers added.
 */
customers_new: number, 
/**
 * Customers changed.
 */
customers_updated: number, 
/**
 * Refunds added or changed.
 */
refunds_written: number, 
/**
 * Seconds the run took.
 */
seconds: number, };

export type Theme = "light" | "dark";

export type Tier = "top" | "middle" | "bottom";

export type TierRow = { 
/**
 * Which tier.
 */
tier: Tier, 
/**
 * Customers in the tier.
 */
customers: number, 
/**
 * Its share of the customers analysed.
 */
customer_share: number | null, 
/**
 * Net revenue of its customers.
 */
net_revenue: number, 
/**
 * Its share of all customers' net revenue; `None` when that total is not positive.
 */
revenue_share: number | null, 
/**
 * Smallest monetary value in the tier (its entry bar).
 */
monetary_min: number | null, };

export type TimeToSecond = { 
/**
 * Customers followed from their first purchase.
 */
customers: number, 
/**
 * Of them, those who bought a second time.
 */
second_purchases: number, 
/**
 * Those still waiting at the as-of day.
 */
censored: number, 
/**
 * S(30); `None` when no customer has been followed that long.
 */
s30: number | null, 
/**
 * S(90); `None` when no customer has been followed that long.
 */
s90: number | null, 
/**
 * S(180); `None` when no customer has been followed that long.
 */
s180: number | null, 
/**
 * S(365); `None` when no customer has been followed that long.
 */
s365: number | null, 
/**
 * First day where S ≤ 0.5; null if the curve never gets there.
 */
median_days: number | null, 
/**
 * Kaplan-Meier steps at each day with a second purchase.
 */
curve: Array<KmPoint>, 
/**
 * Latencies 1→2, 2→3 and 3→4.
 */
latency: Array<Latency>, };

export type TimeUnit = "days" | "weeks";

export type Unreliable = { "reason": "too_few_repeat_customers", 
/**
 * Repeat customers in the data.
 */
found: number, 
/**
 * Repeat customers needed.
 */
required: number, } | { "reason": "not_converged" } | { "reason": "parameters_at_bounds" } | { "reason": "infinite_mean_value" } | { "reason": "fit_failed", 
/**
 * The [`FitError`](crate::FitError), in English.
 */
error: string, } | { "reason": "no_dropout", 
/**
 * a / (a + b) of the fit.
 */
mean_dropout: number, };

export type ValueMethod = "gamma_gamma" | "observed_mean";

export type Verdict = "good" | "fair" | "poor";

/** Every code an `AppError` can have (`src-tauri/error.rs`). */
export const ERROR_CODES = [
  'store.newer_schema',
  'store.open',
  'store.folder',
  'store.no_such_store',
  'store.no_such_customer',
  'store.no_such_sync_run',
  'store.already_linked',
  'store.name_taken',
  'db.busy',
  'db.error',
  'import.io',
  'import.decode',
  'import.empty',
  'import.header_only',
  'import.bad_header',
  'import.unknown_timezone',
  'import.invalid_currency',
  'import.no_store_currency',
  'import.missing_column',
  'import.no_currency_column',
  'import.no_currency_for_totals',
  'import.mapped_column_missing',
  'import.unmapped_date_or_amount',
  'import.mixed_date_order',
  'import.ambiguous_date_order',
  'import.not_ecb_file',
  'import.bad_cell',
  'import.cancelled',
  'import.writer_stopped',
  'import.unknown_field',
  'engine.dataset',
  'engine.snapshot',
  'engine.bad_level',
  'analysis.gone',
  'analysis.no_purchases',
  'export.no_customer_rows',
  'export.overdue_truncated',
  'export.buyers_not_loaded',
  'export.forecasts_not_loaded',
  'export.bad_date_range',
  'export.bad_coupon_prefix',
  'export.coupon_without_prefix',
  'export.columns_not_supported',
  'export.unknown_name',
  'export.random',
  'export.write',
  'chart.size',
  'chart.draw',
  'sync.relink_needed',
  'sync.rate_limited',
  'sync.offline',
  'sync.server_error',
  'sync.bad_response',
  'sync.not_platform',
  'sync.plain_http',
  'sync.no_read_permission',
  'sync.already_syncing',
  'sync.not_linked',
  'sync.cancelled',
  'sync.keyring',
  'file.write',
  'file.no_home',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** How every command rejects: a stable code, the values its text needs, English. */
export type AppError = { code: ErrorCode; params: Record<string, unknown>; message: string };

/** The backend event after a store's data changed. */
export const STORE_CHANGED = 'store-changed';

/** Every backend command, as the UI calls it. */
export interface Commands {
  /** `app_info` — Version, database path and the sample data's credit. */
  appInfo(): Promise<AppInfo>;
  /** `list_stores` — Every store with its counts. */
  listStores(): Promise<Array<StoreSummary>>;
  /** `first_screen_ready` — Called by the UI once its first screen is interactive; logs the time since process start (the figure the start-up benchmark reads). */
  firstScreenReady(): Promise<number>;
  /** `get_app_settings` — The app-wide settings (defaults if none are saved). */
  getAppSettings(): Promise<AppSettings>;
  /** `save_app_settings` — Saves the app-wide settings. */
  saveAppSettings(settings: AppSettings): Promise<null>;
  /** `delete_store` — Deletes a store with all its rows, snapshots and settings, and for a linked store its OS keyring entry; false if it did not exist. Refused while the store syncs. */
  deleteStore(storeId: number): Promise<boolean>;
  /** `cancel_job` — Asks a running job (an import) to stop; it rolls back and keeps nothing. False if no job of that id runs. */
  cancelJob(job: string): Promise<boolean>;
  /** `load_sample_store` — Imports the bundled sample store (idempotent) as job `job`. */
  loadSampleStore(job: string, onProgress: (progress: ImportProgress) => void): Promise<ImportReport>;
  /** `import_file` — Imports a file as job `job` with `mapping` (empty: the backend detects the format) and the currency of files without a currency column. One transaction: a bad row or a cancel keeps nothing. */
  importFile(job: string, path: string, mapping: Array<[string, string]> | null, currency: string | null, onProgress: (progress: ImportProgress) => void): Promise<ImportReport>;
  /** `preview_import` — How a file would be imported with `mapping`: format, encoding, delimiter, target store, headers, the mapping used, the first 20 rows as they would be stored and their problems. Writes nothing. */
  previewImport(path: string, mapping: Array<[string, string]> | null, currency: string | null): Promise<ImportPreview>;
  /** `get_analysis_settings` — The saved analysis settings of a store (defaults if none). */
  getAnalysisSettings(storeId: number): Promise<AnalysisSettings>;
  /** `analyze_store` — Analyses a store with `settings` (saved for next time) and returns what the screens show, with the id every later command about this analysis takes. Reads on a connection of its own and writes nothing itself: the settings and the column cache are saved by the background writer (after any import that is writing). */
  analyzeStore(storeId: number, settings: AnalysisSettings): Promise<AnalysisView>;
  /** `customers_page` — One page of an analysis' customer table. */
  customersPage(analysisId: number, query: CustomerQuery): Promise<CustomerPage>;
  /** `customer_detail` — The customer 360 page of one customer of an analysis' store. */
  customerDetail(analysisId: number, customer: string): Promise<CustomerDetail>;
  /** `snapshot_dates` — Dates of a store's saved segment snapshots, oldest first. */
  snapshotDates(storeId: number): Promise<Array<string>>;
  /** `save_snapshot` — Records every customer's segments, tier and lifecycle as of an analysis' date (a snapshot of that date is replaced), for the migration view and segment histories. Returns the date. */
  saveSnapshot(analysisId: number): Promise<string>;
  /** `segment_migration` — How a store's customers moved between segments (and 8-class, tier, lifecycle) from one snapshot date to another. */
  segmentMigration(storeId: number, from: string, to: string): Promise<Migration>;
  /** `prediction_report` — BG/NBD + Gamma-Gamma predictions of an analysis (fits, notes, totals, distributions, ranked lists, backtest); null when nobody has bought yet. */
  predictionReport(analysisId: number): Promise<PredictionReport | null>;
  /** `product_insight` — Basket rules, "A then B within N days" rules, first products and 1st→2nd order paths of an analysis' store as of its date. */
  productInsight(analysisId: number, params: ProductInsightParams): Promise<ProductInsight>;
  /** `insight_chart_svg` — A Predictions chart as SVG for the screen; null when there is nothing to draw. */
  insightChartSvg(analysisId: number, kind: InsightChart, lang: Lang, theme: Theme, width: number, height: number): Promise<string | null>;
  /** `save_insight_chart` — Saves a Predictions chart as PNG or SVG; null when cancelled or there is nothing to draw. */
  saveInsightChart(analysisId: number, kind: InsightChart, lang: Lang, format: Format, target: SaveTarget): Promise<Saved | null>;
  /** `export_preview` — Counts and the first rows of the file an export would write (coupon codes are drawn anew when saving). */
  exportPreview(analysisId: number, spec: ExportSpec): Promise<ExportPreview>;
  /** `export_save` — Writes the coupon target list; null when the save dialog was cancelled. */
  exportSave(analysisId: number, request: ExportRequest): Promise<Saved | null>;
  /** `chart_svg` — A chart of an analysis as SVG text for the screen. */
  chartSvg(analysisId: number, kind: ChartKind, lang: Lang, theme: Theme, width: number, height: number): Promise<string>;
  /** `save_chart` — Saves a chart of an analysis as PNG or SVG; null when cancelled. */
  saveChart(analysisId: number, kind: ChartKind, lang: Lang, format: Format, target: SaveTarget): Promise<Saved | null>;
  /** `link_woocommerce_store` — Checks a WooCommerce site and its REST API key, then saves the secret in the OS keyring and creates the store linked to the site. Nothing is saved when the check fails. The first sync is the UI's next call (`sync_store`), with its progress bar. */
  linkWoocommerceStore(name: string, url: string, consumerKey: string, consumerSecret: string): Promise<StoreSyncState>;
  /** `sync_store` — Syncs a linked store as job `job` (cancel with `cancel_job`), streaming progress after every page; `full` reads everything again. The screens refresh when it ends. */
  syncStore(job: string, storeId: number, full: boolean, onProgress: (progress: SyncProgress) => void): Promise<SyncReport>;
  /** `sync_states` — The sync state of every linked store. */
  syncStates(): Promise<Array<StoreSyncState>>;
}

/** The command names, for transports and tests. */
export const COMMAND_NAMES = [
  'app_info',
  'list_stores',
  'first_screen_ready',
  'get_app_settings',
  'save_app_settings',
  'delete_store',
  'cancel_job',
  'load_sample_store',
  'import_file',
  'preview_import',
  'get_analysis_settings',
  'analyze_store',
  'customers_page',
  'customer_detail',
  'snapshot_dates',
  'save_snapshot',
  'segment_migration',
  'prediction_report',
  'product_insight',
  'insight_chart_svg',
  'save_insight_chart',
  'export_preview',
  'export_save',
  'chart_svg',
  'save_chart',
  'link_woocommerce_store',
  'sync_store',
  'sync_states',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Typed commands over a transport: `call(name, args)` performs one command (arguments camelCase,
 * as Tauri expects), `channel(callback)` turns a progress callback into what the transport sends.
 */
export function createCommands(
  call: (command: CommandName, args: Record<string, unknown>) => Promise<unknown>,
  channel: (callback: (progress: never) => void) => unknown,
): Commands {
  return {
    appInfo: () => call('app_info', {}) as Promise<AppInfo>,
    listStores: () => call('list_stores', {}) as Promise<Array<StoreSummary>>,
    firstScreenReady: () => call('first_screen_ready', {}) as Promise<number>,
    getAppSettings: () => call('get_app_settings', {}) as Promise<AppSettings>,
    saveAppSettings: (settings) => call('save_app_settings', { settings }) as Promise<null>,
    deleteStore: (storeId) => call('delete_store', { storeId }) as Promise<boolean>,
    cancelJob: (job) => call('cancel_job', { job }) as Promise<boolean>,
    loadSampleStore: (job, onProgress) => call('load_sample_store', { job, onProgress: channel(onProgress) }) as Promise<ImportReport>,
    importFile: (job, path, mapping, currency, onProgress) => call('import_file', { job, path, mapping, currency, onProgress: channel(onProgress) }) as Promise<ImportReport>,
    previewImport: (path, mapping, currency) => call('preview_import', { path, mapping, currency }) as Promise<ImportPreview>,
    getAnalysisSettings: (storeId) => call('get_analysis_settings', { storeId }) as Promise<AnalysisSettings>,
    analyzeStore: (storeId, settings) => call('analyze_store', { storeId, settings }) as Promise<AnalysisView>,
    customersPage: (analysisId, query) => call('customers_page', { analysisId, query }) as Promise<CustomerPage>,
    customerDetail: (analysisId, customer) => call('customer_detail', { analysisId, customer }) as Promise<CustomerDetail>,
    snapshotDates: (storeId) => call('snapshot_dates', { storeId }) as Promise<Array<string>>,
    saveSnapshot: (analysisId) => call('save_snapshot', { analysisId }) as Promise<string>,
    segmentMigration: (storeId, from, to) => call('segment_migration', { storeId, from, to }) as Promise<Migration>,
    predictionReport: (analysisId) => call('prediction_report', { analysisId }) as Promise<PredictionReport | null>,
    productInsight: (analysisId, params) => call('product_insight', { analysisId, params }) as Promise<ProductInsight>,
    insightChartSvg: (analysisId, kind, lang, theme, width, height) => call('insight_chart_svg', { analysisId, kind, lang, theme, width, height }) as Promise<string | null>,
    saveInsightChart: (analysisId, kind, lang, format, target) => call('save_insight_chart', { analysisId, kind, lang, format, target }) as Promise<Saved | null>,
    exportPreview: (analysisId, spec) => call('export_preview', { analysisId, spec }) as Promise<ExportPreview>,
    exportSave: (analysisId, request) => call('export_save', { analysisId, request }) as Promise<Saved | null>,
    chartSvg: (analysisId, kind, lang, theme, width, height) => call('chart_svg', { analysisId, kind, lang, theme, width, height }) as Promise<string>,
    saveChart: (analysisId, kind, lang, format, target) => call('save_chart', { analysisId, kind, lang, format, target }) as Promise<Saved | null>,
    linkWoocommerceStore: (name, url, consumerKey, consumerSecret) => call('link_woocommerce_store', { name, url, consumerKey, consumerSecret }) as Promise<StoreSyncState>,
    syncStore: (job, storeId, full, onProgress) => call('sync_store', { job, storeId, full, onProgress: channel(onProgress) }) as Promise<SyncReport>,
    syncStates: () => call('sync_states', {}) as Promise<Array<StoreSyncState>>,
  };
}
