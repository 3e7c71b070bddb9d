//! The columnar input: one store's customers, orders, lines and refunds, loaded once.
//!
//! A loader streams rows into a [`DatasetBuilder`]; [`DatasetBuilder::finish`] converts money to
//! the reporting currency (see [`FxTable`]), turns timestamps into calendar days of the store's
//! timezone, groups lines by order and interns every string (SKU, category, country, platform,
//! currency) to a `u32`, so the analysis never hashes or compares strings in its loops.
//!
//! Lines are stored **customer-major**: the lines of a customer's orders are adjacent, in the
//! order of the customer's purchases (day, created_at, index). The analysis walks every buyer's
//! lines several times (repurchase cycles, overdue items); with lines grouped by push order
//! those walks jumped across the whole line column once per order and were bound by cache and
//! TLB misses. Grouping them at `finish` costs one scatter that has to happen anyway.
//!
//! Why one file of this size: `Dataset`'s crate-private columns and the `DatasetBuilder` that
//! fills them are one layout; `FxTable`, `Interner` and `DayConverter` exist only to build it.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::days;

/// Index of a customer inside a [`Dataset`] (0-based, in push order).
pub type CustomerIdx = u32;
/// Index of an order inside a [`Dataset`] (0-based, in push order).
pub type OrderIdx = u32;

/// Marks "none" in the interned and index columns.
pub(crate) const NONE: u32 = u32::MAX;
/// Marks "not known" in the day-count columns.
pub(crate) const NO_DAYS: i32 = i32::MIN;

/// Errors raised while building a dataset.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DatasetError {
    /// The store's timezone is not in the IANA database.
    #[error("unknown IANA timezone: {0}")]
    UnknownTimezone(String),
    /// An order names a customer index that was never pushed.
    #[error("order refers to customer index {0}, but only {1} customers were pushed")]
    UnknownCustomer(u32, usize),
    /// A line or refund names an order index that was never pushed.
    #[error("line or refund refers to order index {0}, but only {1} orders were pushed")]
    UnknownOrder(u32, usize),
    /// An exchange rate that cannot be used (zero, negative, NaN or infinite).
    #[error("fx rate for {currency} on {day} must be a positive finite number, got {rate}")]
    BadRate {
        /// Day of the rate.
        day: NaiveDate,
        /// Currency of the rate.
        currency: String,
        /// The rejected value, as text.
        rate: String,
    },
}

/// Minor-unit exponent of an ISO 4217 currency (2 unless listed: JPY 0, KWD 3, ...): the one
/// table in `repeatlens-money`, under the name this crate has always exported.
pub use repeatlens_money::minor_exponent as currency_exponent;

/// Daily reference rates, as published by the ECB: units of a currency per 1 EUR.
///
/// A day without a publication (weekend, holiday) uses the most recent earlier rate, at most
/// `max_carry_days` old (default 7), so a currency that stopped being published is reported as
/// "no rate" rather than converted at a stale rate forever. EUR is always 1.
#[derive(Debug, Clone)]
pub struct FxTable {
    /// currency → (day number, units per EUR), sorted by day.
    rates: BTreeMap<String, Vec<(i32, f64)>>,
    max_carry_days: i32,
    sorted: bool,
}

impl Default for FxTable {
    fn default() -> Self {
        FxTable {
            rates: BTreeMap::new(),
            max_carry_days: 7,
            sorted: true,
        }
    }
}

impl FxTable {
    /// An empty table (EUR only), carrying rates forward at most 7 days.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many days a rate is carried forward over non-publishing days (default 7).
    pub fn with_max_carry_days(mut self, days: u32) -> Self {
        self.max_carry_days = days.min(i32::MAX as u32) as i32;
        self
    }

    /// Adds the rate of `currency` on `day` (1 EUR = `per_eur` units). A later insert for the same
    /// day and currency replaces the earlier one.
    pub fn insert(
        &mut self,
        day: NaiveDate,
        currency: &str,
        per_eur: f64,
    ) -> Result<(), DatasetError> {
        if !(per_eur.is_finite() && per_eur > 0.0) {
            return Err(DatasetError::BadRate {
                day,
                currency: currency.to_string(),
                rate: per_eur.to_string(),
            });
        }
        self.rates
            .entry(currency.to_string())
            .or_default()
            .push((days::day_number(day), per_eur));
        self.sorted = false;
        Ok(())
    }

    fn normalize(&mut self) {
        if self.sorted {
            return;
        }
        for v in self.rates.values_mut() {
            // Stable sort keeps insertion order among equal days; keep the last inserted.
            v.sort_by_key(|&(d, _)| d);
            let mut out: Vec<(i32, f64)> = Vec::with_capacity(v.len());
            for &(d, r) in v.iter() {
                match out.last_mut() {
                    Some(last) if last.0 == d => last.1 = r,
                    _ => out.push((d, r)),
                }
            }
            *v = out;
        }
        self.sorted = true;
    }

    /// Units of `currency` per EUR on `day`, carrying the last publication forward.
    pub fn rate(&mut self, day: NaiveDate, currency: &str) -> Option<f64> {
        self.normalize();
        self.rate_on(days::day_number(day), currency)
    }

    fn rate_on(&self, day: i32, currency: &str) -> Option<f64> {
        if currency == "EUR" {
            return Some(1.0);
        }
        let v = self.rates.get(currency)?;
        let pos = v.partition_point(|&(d, _)| d <= day);
        if pos == 0 {
            return None;
        }
        let (d, r) = v[pos - 1];
        (day - d <= self.max_carry_days).then_some(r)
    }

    /// Converts `amount_minor` of `from` into minor units of `to` at the rates of `day`
    /// (rounded half away from zero). `None` when either currency has no rate that day.
    pub(crate) fn convert(&self, day: i32, amount_minor: i64, from: &str, to: &str) -> Option<i64> {
        if from == to {
            return Some(amount_minor);
        }
        let rf = self.rate_on(day, from)?;
        let rt = self.rate_on(day, to)?;
        let major = repeatlens_money::to_major(amount_minor, from);
        Some(repeatlens_money::from_major(major / rf * rt, to))
    }
}

/// One customer record (or a customer known only from orders: `has_record = false`).
#[derive(Debug, Clone, Copy)]
pub struct CustomerInput<'a> {
    /// The platform's id (stable across loads; snapshots and migrations join on it).
    pub platform_id: &'a str,
    /// The customer record's country, as the platform gives it: the churn groups' country, and
    /// the cohort split's when the first purchase has no shipping country.
    pub country: Option<&'a str>,
    /// Marketing consent as the platform reports it; `None` when unknown.
    pub accepts_marketing: Option<bool>,
    /// `true` for a customer record; customers without a purchase and with a record are prospects.
    pub has_record: bool,
}

/// One order, money in minor units of `currency`, times in UTC unix seconds.
#[derive(Debug, Clone, Copy)]
pub struct OrderInput<'a> {
    /// `None` = guest checkout (counts for revenue KPIs only).
    pub customer: Option<CustomerIdx>,
    /// Creation time: decides the store-local day the order counts on.
    pub created_at: i64,
    /// ISO 4217 code of `total_minor`.
    pub currency: &'a str,
    /// Order total in minor units, before refunds.
    pub total_minor: i64,
    /// The order was cancelled: not a purchase.
    pub cancelled: bool,
    /// A test order: not a purchase.
    pub test: bool,
    /// Shipping country, for the first-order-country split and churn groups.
    pub ship_country: Option<&'a str>,
    /// A discount code was used (a churn-breakdown group).
    pub has_discount_code: bool,
    /// Fulfilment time; its distance from `created_at` groups churn by days to fulfilment.
    pub fulfilled_at: Option<i64>,
    /// Delivery time, likewise for days to delivery.
    pub delivered_at: Option<i64>,
    /// Store or platform label ("shopify", "My Etsy shop"), used for splits.
    pub platform: &'a str,
}

/// One order line: which item (SKU and category) an order contained. Quantities and amounts
/// stay in SQLite — every money figure of the analysis comes from order totals and refunds.
#[derive(Debug, Clone, Copy)]
pub struct LineInput<'a> {
    /// The order the line belongs to (index from [`DatasetBuilder::push_order`]).
    pub order: OrderIdx,
    /// SKU, for SKU-level repurchase cycles, first products and rules.
    pub sku: Option<&'a str>,
    /// Category, for category-level cycles and rules.
    pub category: Option<&'a str>,
}

/// One refund or return (positive `amount_minor` = money given back).
#[derive(Debug, Clone, Copy)]
pub struct RefundInput<'a> {
    /// When `None`, the customer of `order` (if any) is used.
    pub customer: Option<CustomerIdx>,
    /// Refunded order, if known; its status decides whether the refund counts, and it can date the
    /// refund.
    pub order: Option<OrderIdx>,
    /// Refund time (its store-local day is the refund date).
    pub created_at: i64,
    /// ISO 4217 code of `amount_minor`.
    pub currency: &'a str,
    /// Amount given back, in minor units.
    pub amount_minor: i64,
}

/// FxHash-style string hash (rustc's multiply-rotate, 8 bytes per step, length mixed in, one
/// folded multiply at the end).
/// The interner hashes a string per pushed line, tens of millions of times per load, where
/// SipHash's DoS resistance buys nothing (the keys are the store's own SKUs) and costs most of
/// the build time.
#[inline]
fn fx_hash(bytes: &[u8]) -> u64 {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;
    let add = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(SEED);
    let u64_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes")) as u64;
    let n = bytes.len();
    let mut h = add(0, n as u64);
    // Whole words, then the tail read as (possibly overlapping) words: no byte loop, no copy.
    let mut i = 0;
    while i + 8 < n {
        h = add(h, u64_at(i));
        i += 8;
    }
    h = match n {
        0 => h,
        1..=3 => add(
            h,
            bytes[0] as u64 | (bytes[n / 2] as u64) << 8 | (bytes[n - 1] as u64) << 16,
        ),
        4..=8 => add(h, u32_at(0) | u32_at(n - 4) << 32),
        _ => add(h, u64_at(n - 8)),
    };
    // A multiply only mixes upward: the low bits (the slot index) would not depend on the last
    // characters ("SKU1231" vs "SKU1239" would collide). Fold the 128-bit product so every output
    // bit depends on every input bit.
    let m = h as u128 * SEED as u128;
    (m as u64) ^ ((m >> 64) as u64)
}

/// `a == b`, with keys of up to 16 bytes (SKUs, codes) compared as two overlapping word pairs
/// inline instead of through a `memcmp` call.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w64 = |x: &[u8], i: usize| u64::from_le_bytes(x[i..i + 8].try_into().expect("8 bytes"));
    let w32 = |x: &[u8], i: usize| u32::from_le_bytes(x[i..i + 4].try_into().expect("4 bytes"));
    match n {
        8..=16 => w64(a, 0) == w64(b, 0) && w64(a, n - 8) == w64(b, n - 8),
        4..=7 => w32(a, 0) == w32(b, 0) && w32(a, n - 4) == w32(b, n - 4),
        _ => a == b,
    }
}

/// Strings to dense ids in first-seen order. An open-addressing table of (hash, id) with linear
/// probing, at most half full: a lookup is one hash, usually one slot, and a byte comparison only
/// when the full 64-bit hashes agree.
#[derive(Debug, Clone)]
pub(crate) struct Interner {
    slots: Vec<(u64, u32)>,
    pub(crate) names: Vec<String>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            slots: vec![(0, NONE); 16],
            names: Vec::new(),
        }
    }
}

impl Interner {
    #[inline]
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let h = fx_hash(s.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (sh, id) = self.slots[i];
            if id == NONE {
                break;
            }
            if sh == h && same_bytes(self.names[id as usize].as_bytes(), s.as_bytes()) {
                return id;
            }
            i = (i + 1) & mask;
        }
        let id = self.names.len() as u32;
        self.names.push(s.to_string());
        self.slots[i] = (h, id);
        if self.names.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// An interner holding `names` with ids 0, 1, … in that order (as saved by `to_columns`);
    /// `None` if a name repeats (the ids would shift).
    pub(crate) fn from_names(names: Vec<String>) -> Option<Self> {
        let n = names.len();
        let mut i = Interner {
            slots: vec![(0, NONE); (names.len() * 2).next_power_of_two().max(16)],
            names: Vec::with_capacity(names.len()),
        };
        for name in names {
            i.intern(&name);
        }
        (i.names.len() == n).then_some(i)
    }

    fn grow(&mut self) {
        let doubled = vec![(0, NONE); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        let mask = self.slots.len() - 1;
        for (h, id) in old.into_iter().filter(|s| s.1 != NONE) {
            let mut i = h as usize & mask;
            while self.slots[i].1 != NONE {
                i = (i + 1) & mask;
            }
            self.slots[i] = (h, id);
        }
    }
    fn opt(&mut self, s: Option<&str>) -> u32 {
        match s.map(str::trim) {
            Some(t) if !t.is_empty() => self.intern(t),
            _ => NONE,
        }
    }
}

/// Orders or refunds that could not be converted to the reporting currency, per currency.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FxMissing {
    /// The currency without a rate.
    pub currency: String,
    /// Orders left out for it.
    pub orders: u64,
    /// Refunds left out for it.
    pub refunds: u64,
}

/// Turns UTC seconds into calendar-day numbers of one timezone, caching by 15-minute block.
pub(crate) struct DayConverter {
    tz: Tz,
    cache: Vec<(i64, i32)>,
}

impl DayConverter {
    pub(crate) fn new(tz: Tz) -> Self {
        DayConverter {
            tz,
            cache: vec![(i64::MIN, 0); 4096],
        }
    }
    fn offset(&self, ts: i64) -> i64 {
        match chrono::DateTime::from_timestamp(ts, 0) {
            Some(dt) => self
                .tz
                .offset_from_utc_datetime(&dt.naive_utc())
                .fix()
                .local_minus_utc() as i64,
            None => 0,
        }
    }
    /// Calendar day (days since 1970-01-01) of the local date of `ts`.
    pub(crate) fn day(&mut self, ts: i64) -> i32 {
        let block = ts.div_euclid(900);
        let slot = (block as usize) & 4095;
        let (key, off_or_day) = self.cache[slot];
        if key == block {
            // cached: the offset is constant over this block
            return (ts + off_or_day as i64).div_euclid(86_400) as i32;
        }
        let off = self.offset(ts);
        let start = block * 900;
        if self.offset(start) == off && self.offset(start + 899) == off {
            self.cache[slot] = (block, off as i32);
        }
        (ts + off).div_euclid(86_400) as i32
    }
}

/// Streams rows in; [`DatasetBuilder::finish`] produces the immutable [`Dataset`].
pub struct DatasetBuilder {
    d: Dataset,
    fx: FxTable,
    days: DayConverter,
    ord_total_src: Vec<i64>,
    /// Per order, needed only while building: the exact time (orders of a day are sorted by
    /// it) and the currency (money is converted at `finish`).
    ord_created: Vec<i64>,
    ord_currency: Vec<u32>,
    ref_currency: Vec<u32>,
    ref_src: Vec<i64>,
    ref_order_in: Vec<u32>,
    ref_customer_in: Vec<u32>,
    /// Lines as pushed (one column per field), regrouped at `finish`.
    line_order_in: Vec<u32>,
    line_sku_in: Vec<u32>,
    line_category_in: Vec<u32>,
    strings: Strings,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    pub(crate) countries: Interner,
    pub(crate) skus: Interner,
    pub(crate) categories: Interner,
    pub(crate) platforms: Interner,
    pub(crate) currencies: Interner,
}

impl DatasetBuilder {
    /// A builder for a store in timezone `timezone` (IANA, e.g. "Europe/London") whose analysis
    /// is reported in `reporting_currency` (ISO 4217).
    pub fn new(timezone: &str, reporting_currency: &str) -> Result<Self, DatasetError> {
        let tz: Tz = timezone
            .parse()
            .map_err(|_| DatasetError::UnknownTimezone(timezone.to_string()))?;
        Ok(DatasetBuilder {
            d: Dataset {
                tz,
                reporting_currency: reporting_currency.to_string(),
                ..Dataset::empty(tz)
            },
            fx: FxTable::new(),
            days: DayConverter::new(tz),
            ord_total_src: Vec::new(),
            ord_created: Vec::new(),
            ord_currency: Vec::new(),
            ref_currency: Vec::new(),
            ref_src: Vec::new(),
            ref_order_in: Vec::new(),
            ref_customer_in: Vec::new(),
            line_order_in: Vec::new(),
            line_sku_in: Vec::new(),
            line_category_in: Vec::new(),
            strings: Strings::default(),
        })
    }

    /// The exchange rates used to convert orders and refunds (default: none, so only orders in
    /// the reporting currency are analysed and the rest are reported as missing a rate).
    pub fn set_fx(&mut self, fx: FxTable) {
        self.fx = fx;
    }

    /// Pre-sizes the columns.
    pub fn reserve(&mut self, customers: usize, orders: usize, lines: usize) {
        self.d.cust_platform_id.reserve(customers);
        self.d.ord_day.reserve(orders);
        self.d.ord_customer.reserve(orders);
        self.line_order_in.reserve(lines);
        self.line_sku_in.reserve(lines);
        self.line_category_in.reserve(lines);
    }

    /// Adds a customer; returns its index, to be named by its orders and refunds.
    pub fn push_customer(&mut self, c: CustomerInput<'_>) -> CustomerIdx {
        let id = self.d.cust_platform_id.len() as u32;
        self.d.cust_platform_id.push(c.platform_id.to_string());
        self.d
            .cust_country
            .push(self.strings.countries.opt(c.country));
        self.d.cust_accepts_marketing.push(c.accepts_marketing);
        self.d.cust_has_record.push(c.has_record);
        id
    }

    /// Adds an order; returns its index for its lines and refunds. Fails if its customer index was
    /// not pushed.
    pub fn push_order(&mut self, o: OrderInput<'_>) -> Result<OrderIdx, DatasetError> {
        let customer = match o.customer {
            Some(c) if (c as usize) < self.d.cust_platform_id.len() => c,
            Some(c) => {
                return Err(DatasetError::UnknownCustomer(
                    c,
                    self.d.cust_platform_id.len(),
                ))
            }
            None => NONE,
        };
        let id = self.d.ord_day.len() as u32;
        let d = &mut self.d;
        d.ord_customer.push(customer);
        self.ord_created.push(o.created_at);
        d.ord_day.push(self.days.day(o.created_at));
        self.ord_currency
            .push(self.strings.currencies.intern(o.currency));
        self.ord_total_src.push(o.total_minor);
        let mut flags = 0u8;
        if o.cancelled {
            flags |= F_CANCELLED;
        }
        if o.test {
            flags |= F_TEST;
        }
        if o.has_discount_code {
            flags |= F_DISCOUNT;
        }
        d.ord_flags.push(flags);
        d.ord_ship_country
            .push(self.strings.countries.opt(o.ship_country));
        let days_after = |t: Option<i64>| match t {
            Some(t) => (t - o.created_at)
                .div_euclid(86_400)
                .clamp(NO_DAYS as i64 + 1, i32::MAX as i64) as i32,
            None => NO_DAYS,
        };
        d.ord_days_to_fulfilment.push(days_after(o.fulfilled_at));
        d.ord_days_to_delivery.push(days_after(o.delivered_at));
        d.ord_platform
            .push(self.strings.platforms.intern(o.platform));
        Ok(id)
    }

    /// Adds a line of an already pushed order.
    pub fn push_line(&mut self, l: LineInput<'_>) -> Result<(), DatasetError> {
        if (l.order as usize) >= self.d.ord_day.len() {
            return Err(DatasetError::UnknownOrder(l.order, self.d.ord_day.len()));
        }
        let sku = self.strings.skus.opt(l.sku);
        let cat = self.strings.categories.opt(l.category);
        self.line_order_in.push(l.order);
        self.line_sku_in.push(sku);
        self.line_category_in.push(cat);
        Ok(())
    }

    /// Adds a refund or return; fails if its order or customer index was not pushed.
    pub fn push_refund(&mut self, r: RefundInput<'_>) -> Result<(), DatasetError> {
        let order = match r.order {
            Some(o) if (o as usize) < self.d.ord_day.len() => o,
            Some(o) => return Err(DatasetError::UnknownOrder(o, self.d.ord_day.len())),
            None => NONE,
        };
        let customer = match r.customer {
            Some(c) if (c as usize) < self.d.cust_platform_id.len() => c,
            Some(c) => {
                return Err(DatasetError::UnknownCustomer(
                    c,
                    self.d.cust_platform_id.len(),
                ))
            }
            None => NONE,
        };
        self.ref_order_in.push(order);
        self.ref_customer_in.push(customer);
        self.d.ref_day.push(self.days.day(r.created_at));
        self.ref_currency
            .push(self.strings.currencies.intern(r.currency));
        self.ref_src.push(r.amount_minor);
        Ok(())
    }

    /// Converts money, groups orders by customer and lines by order (customer-major, keeping push
    /// order within an order) and freezes.
    pub fn finish(mut self) -> Dataset {
        self.fx.normalize();
        let rep = self.d.reporting_currency.clone();
        let cur = &self.strings.currencies.names;
        let mut missing: BTreeMap<String, FxMissing> = BTreeMap::new();
        let n_orders = self.d.ord_day.len();
        self.d.ord_total_rep = Vec::with_capacity(n_orders);
        for i in 0..n_orders {
            let c = &cur[self.ord_currency[i] as usize];
            match self
                .fx
                .convert(self.d.ord_day[i], self.ord_total_src[i], c, &rep)
            {
                Some(v) => self.d.ord_total_rep.push(v),
                None => {
                    self.d.ord_total_rep.push(0);
                    self.d.ord_flags[i] |= F_NO_FX;
                    let m = missing.entry(c.clone()).or_default();
                    m.currency = c.clone();
                    m.orders += 1;
                }
            }
        }
        let n_ref = self.ref_src.len();
        for i in 0..n_ref {
            let order = self.ref_order_in[i];
            let customer = if self.ref_customer_in[i] != NONE {
                self.ref_customer_in[i]
            } else if order != NONE {
                self.d.ord_customer[order as usize]
            } else {
                NONE
            };
            // A refund is converted at the rate of its order's date (its own date without order).
            let day = if order != NONE {
                self.d.ord_day[order as usize]
            } else {
                self.d.ref_day[i]
            };
            let c = &cur[self.ref_currency[i] as usize];
            let (amount, ok) = match self.fx.convert(day, self.ref_src[i], c, &rep) {
                Some(v) => (v, true),
                None => {
                    let m = missing.entry(c.clone()).or_default();
                    m.currency = c.clone();
                    m.refunds += 1;
                    (0, false)
                }
            };
            self.d.ref_order.push(order);
            self.d.ref_customer.push(customer);
            self.d.ref_rep.push(amount);
            self.d.ref_fx_ok.push(ok);
        }
        self.group_by_customer();
        self.place_lines();
        self.d.fx_missing = missing.into_values().collect();
        self.d.strings = self.strings;
        self.d
    }

    /// Fills `cust_order_start` / `cust_orders` / `ord_rank`: a counting sort by customer
    /// (stable, so push order within a customer), then each customer's orders sorted by
    /// (day, created_at, index) unless they already are. Guest orders come last, in push order.
    fn group_by_customer(&mut self) {
        let d = &mut self.d;
        let created = &self.ord_created;
        let (n_cust, n_orders) = (d.cust_platform_id.len(), d.ord_day.len());
        let slot = |c: u32| if c == NONE { n_cust } else { c as usize };
        let mut start = vec![0u32; n_cust + 2];
        for &c in &d.ord_customer {
            start[slot(c) + 1] += 1;
        }
        for k in 0..=n_cust {
            start[k + 1] += start[k];
        }
        let mut fill = start[..=n_cust].to_vec();
        let mut by_rank = vec![0u32; n_orders];
        for (o, &c) in d.ord_customer.iter().enumerate() {
            let k = slot(c);
            by_rank[fill[k] as usize] = o as u32;
            fill[k] += 1;
        }
        let key = |o: u32| (d.ord_day[o as usize], created[o as usize], o);
        for c in 0..n_cust {
            let s = &mut by_rank[start[c] as usize..start[c + 1] as usize];
            if s.windows(2).any(|w| key(w[0]) > key(w[1])) {
                s.sort_unstable_by_key(|&o| key(o));
            }
        }
        let mut ord_rank = vec![0u32; n_orders];
        for (r, &o) in by_rank.iter().enumerate() {
            ord_rank[o as usize] = r as u32;
        }
        start.truncate(n_cust + 1);
        d.cust_order_start = start;
        d.cust_orders = by_rank;
        d.ord_rank = ord_rank;
    }

    /// Lays the pushed lines out by order rank (see the module doc), stable within an order.
    fn place_lines(&mut self) {
        let d = &mut self.d;
        let n_orders = d.ord_day.len();
        let mut count = vec![0u32; n_orders];
        for &o in &self.line_order_in {
            count[o as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n_orders + 1);
        offsets.push(0u32);
        let mut acc = 0u32;
        for &o in &d.cust_orders {
            acc += count[o as usize];
            offsets.push(acc);
        }
        // `count` becomes each order's next write position.
        for (o, next) in count.iter_mut().enumerate() {
            *next = offsets[d.ord_rank[o] as usize];
        }
        let orders = std::mem::take(&mut self.line_order_in);
        let mut pos = Vec::with_capacity(orders.len());
        for &o in &orders {
            pos.push(count[o as usize]);
            count[o as usize] += 1;
        }
        drop(orders);
        fn scatter<T: Copy + Default>(pos: &[u32], src: Vec<T>) -> Vec<T> {
            let mut out = vec![T::default(); src.len()];
            for (&p, v) in pos.iter().zip(src) {
                out[p as usize] = v;
            }
            out
        }
        d.line_sku = scatter(&pos, std::mem::take(&mut self.line_sku_in));
        d.line_category = scatter(&pos, std::mem::take(&mut self.line_category_in));
        d.line_offsets = offsets;
    }
}

pub(crate) const F_CANCELLED: u8 = 1;
pub(crate) const F_TEST: u8 = 2;
pub(crate) const F_DISCOUNT: u8 = 4;
pub(crate) const F_NO_FX: u8 = 8;

/// One store's data as flat columns. Build it with [`DatasetBuilder`].
#[derive(Debug, Clone)]
pub struct Dataset {
    pub(crate) tz: Tz,
    pub(crate) reporting_currency: String,
    pub(crate) cust_platform_id: Vec<String>,
    pub(crate) cust_country: Vec<u32>,
    pub(crate) cust_accepts_marketing: Vec<Option<bool>>,
    pub(crate) cust_has_record: Vec<bool>,
    pub(crate) ord_customer: Vec<u32>,
    pub(crate) ord_day: Vec<i32>,
    pub(crate) ord_total_rep: Vec<i64>,
    pub(crate) ord_flags: Vec<u8>,
    pub(crate) ord_ship_country: Vec<u32>,
    /// Whole days from the order to its fulfilment / delivery ([`NO_DAYS`]: not known).
    pub(crate) ord_days_to_fulfilment: Vec<i32>,
    pub(crate) ord_days_to_delivery: Vec<i32>,
    pub(crate) ord_platform: Vec<u32>,
    /// Orders grouped by customer, each customer's sorted by (day, created_at, index):
    /// `cust_orders[cust_order_start[c]..cust_order_start[c + 1]]`; guest orders follow the last
    /// customer's. A position in `cust_orders` is the order's *rank*.
    pub(crate) cust_order_start: Vec<u32>,
    pub(crate) cust_orders: Vec<u32>,
    /// Rank of each order.
    pub(crate) ord_rank: Vec<u32>,
    /// Lines of the order of rank r: `line_offsets[r]..line_offsets[r + 1]`.
    pub(crate) line_offsets: Vec<u32>,
    pub(crate) line_sku: Vec<u32>,
    pub(crate) line_category: Vec<u32>,
    pub(crate) ref_customer: Vec<u32>,
    pub(crate) ref_order: Vec<u32>,
    pub(crate) ref_day: Vec<i32>,
    pub(crate) ref_rep: Vec<i64>,
    pub(crate) ref_fx_ok: Vec<bool>,
    pub(crate) fx_missing: Vec<FxMissing>,
    pub(crate) strings: Strings,
}

impl Dataset {
    fn empty(tz: Tz) -> Self {
        Dataset {
            tz,
            reporting_currency: String::new(),
            cust_platform_id: Vec::new(),
            cust_country: Vec::new(),
            cust_accepts_marketing: Vec::new(),
            cust_has_record: Vec::new(),
            ord_customer: Vec::new(),
            ord_day: Vec::new(),
            ord_total_rep: Vec::new(),
            ord_flags: Vec::new(),
            ord_ship_country: Vec::new(),
            ord_days_to_fulfilment: Vec::new(),
            ord_days_to_delivery: Vec::new(),
            ord_platform: Vec::new(),
            cust_order_start: vec![0],
            cust_orders: Vec::new(),
            ord_rank: Vec::new(),
            line_offsets: vec![0],
            line_sku: Vec::new(),
            line_category: Vec::new(),
            ref_customer: Vec::new(),
            ref_order: Vec::new(),
            ref_day: Vec::new(),
            ref_rep: Vec::new(),
            ref_fx_ok: Vec::new(),
            fx_missing: Vec::new(),
            strings: Strings::default(),
        }
    }

    /// Customers pushed (records and order-only customers).
    pub fn customers(&self) -> usize {
        self.cust_platform_id.len()
    }
    /// Orders pushed, counted or not.
    pub fn orders(&self) -> usize {
        self.ord_day.len()
    }
    /// Lines pushed.
    pub fn lines(&self) -> usize {
        self.line_sku.len()
    }
    /// Refunds and returns pushed.
    pub fn refunds(&self) -> usize {
        self.ref_rep.len()
    }
    /// IANA name of the timezone whose calendar days the analysis uses.
    pub fn timezone(&self) -> &str {
        self.tz.name()
    }
    /// ISO 4217 code every money figure is converted to.
    pub fn reporting_currency(&self) -> &str {
        &self.reporting_currency
    }
    /// The platform id of customer `c`.
    pub fn customer_platform_id(&self, c: CustomerIdx) -> &str {
        &self.cust_platform_id[c as usize]
    }
    /// Whether customer `c` accepted marketing (None = unknown).
    pub fn customer_accepts_marketing(&self, c: CustomerIdx) -> Option<bool> {
        self.cust_accepts_marketing[c as usize]
    }
    /// Orders and refunds left out because their currency had no rate.
    pub fn fx_missing(&self) -> &[FxMissing] {
        &self.fx_missing
    }
    /// The calendar date (store timezone) of a UTC timestamp.
    pub fn local_date(&self, ts: i64) -> NaiveDate {
        days::date_of(DayConverter::new(self.tz).day(ts))
    }
    pub(crate) fn order_total_rep(&self, o: usize) -> i64 {
        self.ord_total_rep[o]
    }
    /// Lines of order `o`.
    pub(crate) fn lines_of(&self, o: usize) -> std::ops::Range<usize> {
        self.lines_of_rank(self.ord_rank[o] as usize)
    }
    /// Lines of the order of rank `r` (see `cust_orders`).
    pub(crate) fn lines_of_rank(&self, r: usize) -> std::ops::Range<usize> {
        self.line_offsets[r] as usize..self.line_offsets[r + 1] as usize
    }
}
