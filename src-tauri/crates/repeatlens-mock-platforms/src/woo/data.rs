//! The mock store's records ([`WooData`]) and the ways to fill it: by hand, seeded generation,
//! or the UCI Online Retail data set.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::model::{
    cents_to_money, money_to_cents, slugify, Billing, CouponLine, Customer, LineItem, LineTax,
    MetaData, Order, Product, Refund, Shipping, ShippingLine, TaxLine,
};

/// Errors from loading a data set.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// File path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A CSV row could not be parsed.
    #[error("bad CSV in {path} (record {record}): {message}")]
    Csv {
        /// File path.
        path: String,
        /// 1-based record number.
        record: u64,
        /// What was wrong.
        message: String,
    },
}

/// All records of the mock store. Fields are public so tests can inspect or edit anything;
/// the helper methods keep `date_modified` and totals consistent the way WooCommerce would.
#[derive(Debug, Clone, Default)]
pub struct WooData {
    /// Store currency for new orders (ISO code, e.g. "EUR").
    pub currency: String,
    /// Orders by ID.
    pub orders: BTreeMap<u64, Order>,
    /// Refunds per order ID.
    pub refunds: BTreeMap<u64, Vec<Refund>>,
    /// Registered users (customers and the shop's staff) by user ID.
    pub customers: BTreeMap<u64, Customer>,
    /// Products by ID.
    pub products: BTreeMap<u64, Product>,
    /// Next post ID (orders, refunds and products share WordPress' post ID space).
    pub next_post_id: u64,
    /// Next order item ID (line, shipping, tax and coupon items share one table).
    pub next_item_id: u64,
    /// Next user ID.
    pub next_user_id: u64,
}

/// The reference instant generated data ends at: 2025-06-30T00:00:00Z.
pub const GENERATED_END_UNIX: i64 = 1_751_241_600;

const VAT_RATE_ID: u64 = 1;
const VAT_PERCENT: i64 = 19;

impl WooData {
    /// An empty store (currency EUR, no users, no records).
    pub fn empty() -> WooData {
        WooData {
            currency: "EUR".into(),
            next_post_id: 100,
            next_item_id: 1,
            next_user_id: 2,
            ..Default::default()
        }
    }

    /// Allocates a new post ID (for an order, refund or product).
    pub fn alloc_post_id(&mut self) -> u64 {
        let id = self.next_post_id;
        self.next_post_id += 1;
        id
    }

    fn alloc_item_id(&mut self) -> u64 {
        let id = self.next_item_id;
        self.next_item_id += 1;
        id
    }

    /// Number of orders (including trashed ones).
    pub fn orders_len(&self) -> usize {
        self.orders.len()
    }

    /// Number of refunds over all orders.
    pub fn refunds_len(&self) -> usize {
        self.refunds.values().map(Vec::len).sum()
    }

    /// Number of users (all roles).
    pub fn customers_len(&self) -> usize {
        self.customers.len()
    }

    /// Number of products.
    pub fn products_len(&self) -> usize {
        self.products.len()
    }

    /// An order by ID.
    pub fn order(&self, id: u64) -> Option<&Order> {
        self.orders.get(&id)
    }

    /// The refunds of an order (empty if none).
    pub fn refunds_of(&self, order_id: u64) -> &[Refund] {
        self.refunds
            .get(&order_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// A new, not yet stored, `processing` order paid at `created_unix`, with a fresh ID,
    /// the store currency and the given customer and billing email, and no lines.
    /// Add lines with [`WooData::add_line_item`], then store it with [`WooData::add_order`].
    pub fn new_order(&mut self, created_unix: i64, customer_id: u64, email: &str) -> Order {
        let id = self.alloc_post_id();
        Order {
            id,
            parent_id: 0,
            number: id.to_string(),
            order_key: format!(
                "wc_order_{:013x}",
                id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 12
            ),
            created_via: "checkout".into(),
            version: "9.4.2".into(),
            status: "processing".into(),
            currency: self.currency.clone(),
            date_created_gmt: created_unix,
            date_modified_gmt: created_unix,
            discount_total: "0.00".into(),
            discount_tax: "0.00".into(),
            shipping_total: "0.00".into(),
            shipping_tax: "0.00".into(),
            cart_tax: "0.00".into(),
            total: "0.00".into(),
            total_tax: "0.00".into(),
            prices_include_tax: false,
            customer_id,
            customer_ip_address: String::new(),
            customer_user_agent: String::new(),
            customer_note: String::new(),
            billing: Billing {
                email: email.to_string(),
                ..Default::default()
            },
            shipping: Shipping::default(),
            payment_method: "bacs".into(),
            payment_method_title: "Direct bank transfer".into(),
            transaction_id: String::new(),
            date_paid_gmt: Some(created_unix),
            date_completed_gmt: None,
            cart_hash: String::new(),
            meta_data: Vec::new(),
            line_items: Vec::new(),
            tax_lines: Vec::new(),
            shipping_lines: Vec::new(),
            fee_lines: Vec::new(),
            coupon_lines: Vec::new(),
        }
    }

    /// Adds an untaxed line item (`quantity` × `unit_cents`) to `order` and recomputes its totals.
    pub fn add_line_item(
        &mut self,
        order: &mut Order,
        name: &str,
        sku: &str,
        product_id: u64,
        quantity: i64,
        unit_cents: i64,
    ) {
        let id = self.alloc_item_id();
        let line = cents_to_money(quantity * unit_cents);
        order.line_items.push(LineItem {
            id,
            name: name.to_string(),
            product_id,
            variation_id: 0,
            quantity,
            tax_class: String::new(),
            subtotal: line.clone(),
            subtotal_tax: "0.00".into(),
            total: line,
            total_tax: "0.00".into(),
            taxes: Vec::new(),
            meta_data: Vec::new(),
            sku: sku.to_string(),
            price: unit_cents as f64 / 100.0,
        });
        recalc_totals(order);
    }

    /// Stores an order (an `id` of 0 gets a fresh ID) and returns its ID.
    pub fn add_order(&mut self, mut order: Order) -> u64 {
        if order.id == 0 {
            order.id = self.alloc_post_id();
        }
        if order.number.is_empty() {
            order.number = order.id.to_string();
        }
        self.next_post_id = self.next_post_id.max(order.id + 1);
        let id = order.id;
        self.orders.insert(id, order);
        id
    }

    /// Edits an order and bumps `date_modified(_gmt)` to `now_unix`. Returns false if absent.
    pub fn modify_order(&mut self, id: u64, now_unix: i64, f: impl FnOnce(&mut Order)) -> bool {
        match self.orders.get_mut(&id) {
            Some(o) => {
                f(o);
                o.date_modified_gmt = now_unix;
                true
            }
            None => false,
        }
    }

    /// Refunds `amount` (e.g. "5.00") of an order without line items, as a shop manager would
    /// from the order screen. Adds a refund record (which shows up in the order's `refunds[]`
    /// summary with total "-5.00"), sets status `refunded` once the whole total is refunded,
    /// and bumps `date_modified`. Returns the refund ID, or None if the order does not exist.
    pub fn refund_order(
        &mut self,
        id: u64,
        amount: &str,
        reason: &str,
        now_unix: i64,
    ) -> Option<u64> {
        self.refund_order_lines(id, amount, &[], reason, now_unix)
    }

    /// Like [`WooData::refund_order`], with refunded lines `(order line item ID, quantity)`.
    /// Each becomes a refund line item with negative quantity and totals and a
    /// `_refunded_item_id` meta entry, as in the docs' example. `amount` is what was refunded
    /// in total (it may differ from the lines' sum, as WooCommerce allows).
    pub fn refund_order_lines(
        &mut self,
        id: u64,
        amount: &str,
        lines: &[(u64, i64)],
        reason: &str,
        now_unix: i64,
    ) -> Option<u64> {
        let order = self.orders.get(&id)?.clone();
        let mut items = Vec::new();
        for &(item_id, qty) in lines {
            let Some(src) = order.line_items.iter().find(|l| l.id == item_id) else {
                continue;
            };
            let unit = (src.price * 100.0).round() as i64;
            let new_id = self.alloc_item_id();
            items.push(refund_line(new_id, src, qty, unit));
        }
        let refund_id = self.alloc_post_id();
        let refund = Refund {
            id: refund_id,
            order_id: id,
            date_created_gmt: now_unix,
            amount: cents_to_money(money_to_cents(amount)),
            reason: reason.to_string(),
            refunded_by: 1,
            refunded_payment: false,
            meta_data: Vec::new(),
            line_items: items,
        };
        self.refunds.entry(id).or_default().push(refund);
        let refunded: i64 = self
            .refunds_of(id)
            .iter()
            .map(|r| money_to_cents(&r.amount))
            .sum();
        let o = self.orders.get_mut(&id)?;
        if refunded >= money_to_cents(&o.total) {
            o.status = "refunded".into();
        }
        o.date_modified_gmt = now_unix;
        Some(refund_id)
    }

    /// Sets an order's status to `cancelled` and bumps `date_modified`. False if absent.
    pub fn cancel_order(&mut self, id: u64, now_unix: i64) -> bool {
        self.modify_order(id, now_unix, |o| o.status = "cancelled".into())
    }

    /// Deletes an order as `DELETE /orders/{id}` would: `force == false` moves it to the trash
    /// (status `trash`, hidden from `status=any`, still readable by ID) and bumps
    /// `date_modified`; `force == true` removes it and its refunds for good. False if absent.
    pub fn delete_order(&mut self, id: u64, force: bool, now_unix: i64) -> bool {
        if force {
            self.refunds.remove(&id);
            self.orders.remove(&id).is_some()
        } else {
            self.modify_order(id, now_unix, |o| o.status = "trash".into())
        }
    }

    /// Stores a user (an `id` of 0 gets a fresh user ID) and returns its ID.
    pub fn add_customer(&mut self, mut c: Customer) -> u64 {
        if c.id == 0 {
            c.id = self.next_user_id;
        }
        self.next_user_id = self.next_user_id.max(c.id + 1);
        let id = c.id;
        self.customers.insert(id, c);
        id
    }

    /// Edits a user and bumps its `date_modified(_gmt)`. False if absent.
    pub fn modify_customer(
        &mut self,
        id: u64,
        now_unix: i64,
        f: impl FnOnce(&mut Customer),
    ) -> bool {
        match self.customers.get_mut(&id) {
            Some(c) => {
                f(c);
                c.date_modified_gmt = now_unix;
                true
            }
            None => false,
        }
    }

    /// A deterministic synthetic EUR store with `orders` orders created over the two years
    /// before [`GENERATED_END_UNIX`] (IDs ascending with creation time, like WordPress posts).
    ///
    /// What it contains, so tests can rely on it:
    /// - user 1 is the shop owner (role `administrator`, excluded from the default `role=customer`);
    ///   about one registered customer per three orders; about a third of orders are guest
    ///   checkouts (`customer_id` 0) by a pool of repeat guests whose `billing.email` varies in
    ///   case and surrounding whitespace between orders (so identity needs normalisation);
    /// - 1–4 line items of 30 products, 19 % VAT on items (`prices_include_tax: false`),
    ///   shipping 4.90 below 50.00, a 10 % coupon on some orders;
    /// - statuses: mostly completed, some processing/on-hold/pending/failed/cancelled, and some
    ///   `refunded` (fully refunded with line items); some completed orders carry a partial
    ///   refund of one item;
    /// - `date_modified >= date_created` always (completion and refunds move it later).
    ///
    /// The same `(seed, orders)` always gives the same data (rand's `SmallRng` on this platform).
    pub fn generated(seed: u64, orders: usize) -> WooData {
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut d = WooData::empty();
        d.next_post_id = 10;
        let start = GENERATED_END_UNIX - 730 * 86_400;

        // Products.
        const NOUNS: [&str; 10] = [
            "Mug", "T-Shirt", "Notebook", "Tote Bag", "Candle", "Poster", "Cap", "Socks", "Scarf",
            "Bottle",
        ];
        const ADJ: [&str; 3] = ["Classic", "Organic", "Limited"];
        let mut product_ids = Vec::new();
        for (i, (adj, noun)) in ADJ
            .iter()
            .flat_map(|a| NOUNS.iter().map(move |n| (a, n)))
            .enumerate()
        {
            let id = d.alloc_post_id();
            let price = rng.gen_range(5..60) * 100 + [0, 50, 90, 99][rng.gen_range(0..4)];
            let name = format!("{adj} {noun}");
            d.products.insert(
                id,
                Product {
                    id,
                    slug: slugify(&name),
                    name,
                    date_created_gmt: start - 86_400 * (30 - i as i64),
                    date_modified_gmt: start - 86_400 * (30 - i as i64) + 3600,
                    r#type: "simple".into(),
                    status: "publish".into(),
                    sku: format!("SKU-{:03}", i + 1),
                    price: cents_to_money(price),
                    regular_price: cents_to_money(price),
                    sale_price: String::new(),
                    total_sales: 0,
                    categories: vec![noun.to_string()],
                },
            );
            product_ids.push(id);
        }

        // Shop owner.
        d.customers.insert(
            1,
            Customer {
                id: 1,
                date_created_gmt: start - 86_400 * 60,
                date_modified_gmt: start - 86_400 * 60,
                email: "owner@shop.example".into(),
                first_name: "Shop".into(),
                last_name: "Owner".into(),
                role: "administrator".into(),
                username: "admin".into(),
                billing: Billing::default(),
                shipping: Shipping::default(),
                is_paying_customer: false,
                avatar_url: avatar("owner@shop.example"),
                meta_data: Vec::new(),
            },
        );

        const FIRST: [&str; 16] = [
            "Anna", "Lukas", "Marie", "Jonas", "Sofia", "Elias", "Emma", "Noah", "Lea", "Paul",
            "Clara", "Felix", "Julia", "Louis", "Chloé", "Mateo",
        ];
        const LAST: [&str; 12] = [
            "Schmidt", "Müller", "Dubois", "Janssen", "García", "Rossi", "Weber", "Martin",
            "de Vries", "Fischer", "Bernard", "Lopez",
        ];
        const COUNTRIES: [&str; 7] = ["DE", "FR", "NL", "ES", "IT", "AT", "BE"];
        const DOMAINS: [&str; 4] = ["example.com", "mail.example", "post.example", "web.example"];
        let person = |rng: &mut SmallRng, n: usize| {
            let f = FIRST[rng.gen_range(0..FIRST.len())];
            let l = LAST[rng.gen_range(0..LAST.len())];
            let email = format!(
                "{}.{}{}@{}",
                ascii_fold(f).to_lowercase(),
                ascii_fold(l).to_lowercase().replace(' ', ""),
                n,
                DOMAINS[rng.gen_range(0..DOMAINS.len())]
            );
            let country = COUNTRIES[rng.gen_range(0..COUNTRIES.len())];
            (f.to_string(), l.to_string(), email, country.to_string())
        };

        // Registered customers: registration dates spread over the period.
        let n_customers = (orders / 3).max(1);
        let mut customer_ids = Vec::new();
        for n in 0..n_customers {
            let (f, l, email, country) = person(&mut rng, n);
            let reg = start + rng.gen_range(0..(700 * 86_400));
            let id = d.next_user_id;
            d.next_user_id += 1;
            let billing = address(&f, &l, &email, &country, n);
            d.customers.insert(
                id,
                Customer {
                    id,
                    date_created_gmt: reg,
                    date_modified_gmt: reg,
                    email: email.clone(),
                    first_name: f.clone(),
                    last_name: l.clone(),
                    role: "customer".into(),
                    username: email.split('@').next().unwrap_or_default().to_string(),
                    shipping: shipping_of(&billing),
                    billing,
                    is_paying_customer: false,
                    avatar_url: avatar(&email),
                    meta_data: Vec::new(),
                },
            );
            customer_ids.push(id);
        }
        let n_guests = (orders / 6).max(1);
        let guests: Vec<(String, String, String, String)> = (0..n_guests)
            .map(|n| person(&mut rng, 10_000 + n))
            .collect();

        // Creation times, sorted so IDs ascend with time.
        let mut created: Vec<i64> = (0..orders)
            .map(|_| start + rng.gen_range(0..(730 * 86_400 - 3 * 86_400)))
            .collect();
        created.sort_unstable();

        for (n, &t) in created.iter().enumerate() {
            let guest = rng.gen_bool(0.35);
            let (customer_id, mut billing) = if guest {
                let (f, l, email, country) = &guests[rng.gen_range(0..guests.len())];
                let mut b = address(f, l, email, country, n);
                b.email = mangle_email(email, &mut rng);
                (0, b)
            } else {
                // A registered customer who already registered (fall back to the first one).
                let eligible: Vec<u64> = customer_ids
                    .iter()
                    .copied()
                    .filter(|id| d.customers[id].date_created_gmt <= t)
                    .collect();
                let id = if eligible.is_empty() {
                    customer_ids[0]
                } else {
                    eligible[rng.gen_range(0..eligible.len())]
                };
                let c = &d.customers[&id];
                let mut b = c.billing.clone();
                if rng.gen_bool(0.1) {
                    b.email = mangle_email(&c.email, &mut rng);
                }
                (id, b)
            };
            if billing.phone.is_empty() {
                billing.phone = format!("+49 30 {:07}", n);
            }
            let mut o = d.new_order(t, customer_id, &billing.email);
            o.shipping = shipping_of(&billing);
            o.billing = billing;
            o.customer_ip_address = format!("203.0.113.{}", rng.gen_range(1..255));
            o.customer_user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0".into();
            let (pm, pmt) = [
                ("stripe", "Credit Card (Stripe)"),
                ("paypal", "PayPal"),
                ("bacs", "Direct bank transfer"),
            ][rng.gen_range(0..3)];
            o.payment_method = pm.into();
            o.payment_method_title = pmt.into();
            o.cart_hash = format!("{:032x}", rng.gen::<u128>());

            // Lines.
            let n_lines = rng.gen_range(1..=4);
            let coupon = rng.gen_bool(0.12);
            let mut used = Vec::new();
            for _ in 0..n_lines {
                let pid = product_ids[rng.gen_range(0..product_ids.len())];
                if used.contains(&pid) {
                    continue;
                }
                used.push(pid);
                let p = d.products[&pid].clone();
                let qty = rng.gen_range(1..=3);
                let unit = money_to_cents(&p.price);
                let sub = unit * qty;
                let tot = if coupon { sub - (sub + 5) / 10 } else { sub };
                let sub_tax = round_div(sub * VAT_PERCENT, 100);
                let tot_tax = round_div(tot * VAT_PERCENT, 100);
                let item_id = d.alloc_item_id();
                o.line_items.push(LineItem {
                    id: item_id,
                    name: p.name.clone(),
                    product_id: pid,
                    variation_id: 0,
                    quantity: qty,
                    tax_class: String::new(),
                    subtotal: cents_to_money(sub),
                    subtotal_tax: cents_to_money(sub_tax),
                    total: cents_to_money(tot),
                    total_tax: cents_to_money(tot_tax),
                    taxes: vec![LineTax {
                        id: VAT_RATE_ID,
                        total: cents_to_money(tot_tax),
                        subtotal: cents_to_money(sub_tax),
                    }],
                    meta_data: Vec::new(),
                    sku: p.sku.clone(),
                    price: tot as f64 / qty as f64 / 100.0,
                });
                if let Some(pp) = d.products.get_mut(&pid) {
                    pp.total_sales += qty;
                }
            }
            let items_total: i64 = o.line_items.iter().map(|l| money_to_cents(&l.total)).sum();
            let shipping = if items_total >= 5000 { 0 } else { 490 };
            let sid = d.alloc_item_id();
            o.shipping_lines.push(ShippingLine {
                id: sid,
                method_title: if shipping == 0 {
                    "Free shipping"
                } else {
                    "Flat rate"
                }
                .into(),
                method_id: if shipping == 0 {
                    "free_shipping"
                } else {
                    "flat_rate"
                }
                .into(),
                total: cents_to_money(shipping),
                total_tax: "0.00".into(),
                taxes: Vec::new(),
                meta_data: Vec::new(),
            });
            o.shipping_total = cents_to_money(shipping);
            if coupon {
                let disc: i64 = o
                    .line_items
                    .iter()
                    .map(|l| money_to_cents(&l.subtotal) - money_to_cents(&l.total))
                    .sum();
                let disc_tax: i64 = o
                    .line_items
                    .iter()
                    .map(|l| money_to_cents(&l.subtotal_tax) - money_to_cents(&l.total_tax))
                    .sum();
                let cid = d.alloc_item_id();
                o.coupon_lines.push(CouponLine {
                    id: cid,
                    code: "welcome10".into(),
                    discount: cents_to_money(disc),
                    discount_tax: cents_to_money(disc_tax),
                    meta_data: Vec::new(),
                });
            }
            let tid = d.alloc_item_id();
            o.tax_lines.push(TaxLine {
                id: tid,
                rate_code: format!("{}-VAT-1", o.billing.country),
                rate_id: VAT_RATE_ID,
                label: "VAT".into(),
                compound: false,
                tax_total: "0.00".into(),
                shipping_tax_total: "0.00".into(),
                meta_data: Vec::new(),
            });
            recalc_totals(&mut o);

            // Life cycle.
            let roll: f64 = rng.gen();
            let status = match roll {
                r if r < 0.70 => "completed",
                r if r < 0.77 => "processing",
                r if r < 0.80 => "on-hold",
                r if r < 0.84 => "pending",
                r if r < 0.88 => "failed",
                r if r < 0.94 => "cancelled",
                _ => "refunded",
            };
            let paid_at = t + rng.gen_range(0..600);
            o.status = status.into();
            o.date_paid_gmt = None;
            o.date_modified_gmt = t + rng.gen_range(1..120);
            match status {
                "completed" | "refunded" => {
                    let done = paid_at + rng.gen_range(3600..(5 * 86_400));
                    o.date_paid_gmt = Some(paid_at);
                    o.date_completed_gmt = Some(done);
                    o.date_modified_gmt = done;
                }
                "processing" | "on-hold" => {
                    o.date_paid_gmt = Some(paid_at);
                    o.date_modified_gmt = paid_at + rng.gen_range(1..3600);
                }
                "cancelled" => {
                    o.date_modified_gmt = t + rng.gen_range(3600..(3 * 86_400));
                }
                _ => {}
            }
            if customer_id > 0 && o.date_paid_gmt.is_some() {
                if let Some(c) = d.customers.get_mut(&customer_id) {
                    c.is_paying_customer = true;
                    c.date_modified_gmt = c.date_modified_gmt.max(o.date_modified_gmt);
                }
            }
            let id = o.id;
            let completed = o.date_completed_gmt.unwrap_or(o.date_modified_gmt);
            let first_line = o.line_items.first().map(|l| (l.id, l.quantity));
            let total = o.total.clone();
            let n_items = o
                .line_items
                .iter()
                .map(|l| (l.id, l.quantity))
                .collect::<Vec<_>>();
            d.orders.insert(id, o);
            if status == "refunded" {
                let at = completed + rng.gen_range(86_400..(20 * 86_400));
                d.refund_order_lines(id, &total, &n_items, "Returned", at.min(GENERATED_END_UNIX));
                if let Some(o) = d.orders.get_mut(&id) {
                    o.status = "refunded".into();
                }
            } else if status == "completed" && rng.gen_bool(0.08) {
                if let Some((item, _)) = first_line {
                    let o = &d.orders[&id];
                    let l = &o.line_items[0];
                    let unit = money_to_cents(&l.total) / l.quantity;
                    let unit_tax = money_to_cents(&l.total_tax) / l.quantity;
                    let at = completed + rng.gen_range(86_400..(20 * 86_400));
                    d.refund_order_lines(
                        id,
                        &cents_to_money(unit + unit_tax),
                        &[(item, 1)],
                        "Damaged item",
                        at.min(GENERATED_END_UNIX),
                    );
                }
            }
        }
        d
    }

    /// Loads the UCI Online Retail data set (`InvoiceNo,StockCode,Description,Quantity,
    /// InvoiceDate,UnitPrice,CustomerID,Country`; gzip or plain CSV) as a UK store in GBP.
    ///
    /// Mapping (documented choices):
    /// - **Orders**: each non-cancellation invoice becomes one `completed` order with
    ///   `id`/`number` = InvoiceNo, paid and completed at the invoice time. InvoiceDate is UK
    ///   wall time (GMT, or BST between the last Sundays of March and October) and is converted
    ///   to UTC. Both `2010-12-01 08:26:00` and the original `12/1/2010 8:26` spellings are read.
    /// - Rows with quantity ≤ 0 or unit price ≤ 0 inside normal invoices, and `A…` (bad-debt
    ///   adjustment) invoices, are skipped. Stock codes `POST`, `DOT` and `C2` (postage,
    ///   carriage) become `shipping_lines`; every other row is a line item (`sku` = StockCode,
    ///   `name` = Description, `price` = UnitPrice, `total` = quantity × price rounded to cents).
    ///   No tax: `total_tax` "0.00", `prices_include_tax` false. `total` = items + shipping.
    /// - **Customers**: CustomerID becomes the WordPress user ID (role `customer`, username
    ///   `customer<ID>`, email `customer<ID>@online-retail.example`, billing country from
    ///   Country, registered at their first order). **Rows without CustomerID are kept as guest
    ///   orders** (`customer_id` 0) with billing email `guest-<InvoiceNo>@online-retail.example`
    ///   (one identity per invoice, since the data set cannot tell guests apart).
    /// - **Refunds**: a `C…` invoice becomes one refund (ID = its number without the `C`, which
    ///   never collides with an invoice) of the same customer's most recent order created at or
    ///   before it that is not already fully refunded. Rows whose StockCode is on that order
    ///   become refund line items (quantity capped at what is left to refund, with
    ///   `_refunded_item_id`); other rows only add to the amount. The amount is capped at the
    ///   order's unrefunded total; the order becomes `refunded` when fully refunded and its
    ///   `date_modified` moves to the refund time. Cancellations without CustomerID, or with no
    ///   earlier order, are dropped.
    /// - `max_orders`: reading stops once that many orders exist (later cancellations are not
    ///   seen). Products (ID from 1000, `sku` = StockCode, latest price) come from the lines read.
    pub fn from_online_retail(
        path: &Path,
        max_orders: Option<usize>,
    ) -> Result<WooData, DataError> {
        let p = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| DataError::Io {
            path: p.clone(),
            source,
        })?;
        let reader: Box<dyn Read> = if p.ends_with(".gz") {
            Box::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)))
        } else {
            Box::new(std::io::BufReader::new(file))
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let mut d = WooData::empty();
        d.currency = "GBP".into();
        d.next_post_id = 1000;
        d.customers.insert(
            1,
            Customer {
                id: 1,
                date_created_gmt: 1_288_569_600,
                date_modified_gmt: 1_288_569_600,
                email: "owner@online-retail.example".into(),
                first_name: String::new(),
                last_name: String::new(),
                role: "administrator".into(),
                username: "admin".into(),
                billing: Billing::default(),
                shipping: Shipping::default(),
                is_paying_customer: false,
                avatar_url: avatar("owner@online-retail.example"),
                meta_data: Vec::new(),
            },
        );
        let mut loader = RetailLoader {
            data: d,
            products_by_sku: HashMap::new(),
            orders_by_customer: HashMap::new(),
            refunded_qty: HashMap::new(),
        };
        let mut group: Vec<RetailRow> = Vec::new();
        for (i, rec) in csv.records().enumerate() {
            let record_no = i as u64 + 1;
            let rec = rec.map_err(|e| DataError::Csv {
                path: p.clone(),
                record: record_no,
                message: e.to_string(),
            })?;
            let row = RetailRow::parse(&rec).ok_or_else(|| DataError::Csv {
                path: p.clone(),
                record: record_no,
                message: format!("unreadable row {rec:?}"),
            })?;
            if group.first().is_some_and(|g| g.invoice != row.invoice) {
                loader.flush(std::mem::take(&mut group));
                if max_orders.is_some_and(|m| loader.data.orders.len() >= m) {
                    break;
                }
            }
            group.push(row);
        }
        if !group.is_empty() && max_orders.is_none_or(|m| loader.data.orders.len() < m) {
            loader.flush(group);
        }
        Ok(loader.data)
    }
}

/// Recomputes an order's derived totals from its lines: `discount_total`/`discount_tax`
/// (subtotal − total), `cart_tax`, `shipping_total`/`shipping_tax`, `total_tax` and `total`.
/// Tax line totals are refreshed too.
pub fn recalc_totals(o: &mut Order) {
    let sum = |f: &dyn Fn(&LineItem) -> &str| -> i64 {
        o.line_items.iter().map(|l| money_to_cents(f(l))).sum()
    };
    let sub = sum(&|l| &l.subtotal);
    let tot = sum(&|l| &l.total);
    let sub_tax = sum(&|l| &l.subtotal_tax);
    let cart_tax = sum(&|l| &l.total_tax);
    let ship: i64 = o
        .shipping_lines
        .iter()
        .map(|s| money_to_cents(&s.total))
        .sum();
    let ship_tax: i64 = o
        .shipping_lines
        .iter()
        .map(|s| money_to_cents(&s.total_tax))
        .sum();
    let fees: i64 = o.fee_lines.iter().map(|f| money_to_cents(&f.total)).sum();
    let fee_tax: i64 = o
        .fee_lines
        .iter()
        .map(|f| money_to_cents(&f.total_tax))
        .sum();
    o.discount_total = cents_to_money(sub - tot);
    o.discount_tax = cents_to_money(sub_tax - cart_tax);
    o.cart_tax = cents_to_money(cart_tax + fee_tax);
    o.shipping_total = cents_to_money(ship);
    o.shipping_tax = cents_to_money(ship_tax);
    o.total_tax = cents_to_money(cart_tax + fee_tax + ship_tax);
    let total = tot + cart_tax + ship + ship_tax + fees + fee_tax;
    o.total = cents_to_money(total);
    let prices_tax = o.total_tax.clone();
    let ship_tax_s = o.shipping_tax.clone();
    for t in &mut o.tax_lines {
        t.tax_total = cents_to_money(money_to_cents(&prices_tax) - money_to_cents(&ship_tax_s));
        t.shipping_tax_total = ship_tax_s.clone();
    }
}

fn refund_line(new_id: u64, src: &LineItem, qty: i64, unit_cents: i64) -> LineItem {
    let qty = qty.abs();
    let unit_tax = if src.quantity != 0 {
        money_to_cents(&src.total_tax) / src.quantity
    } else {
        0
    };
    LineItem {
        id: new_id,
        name: src.name.clone(),
        product_id: src.product_id,
        variation_id: src.variation_id,
        quantity: -qty,
        tax_class: src.tax_class.clone(),
        subtotal: cents_to_money(-qty * unit_cents),
        subtotal_tax: cents_to_money(-qty * unit_tax),
        total: cents_to_money(-qty * unit_cents),
        total_tax: cents_to_money(-qty * unit_tax),
        taxes: src
            .taxes
            .iter()
            .map(|t| LineTax {
                id: t.id,
                total: cents_to_money(-qty * unit_tax),
                subtotal: cents_to_money(-qty * unit_tax),
            })
            .collect(),
        meta_data: vec![MetaData {
            id: new_id * 10,
            key: "_refunded_item_id".into(),
            value: src.id.to_string(),
        }],
        sku: src.sku.clone(),
        price: -(unit_cents as f64) / 100.0,
    }
}

fn round_div(a: i64, b: i64) -> i64 {
    (a + b / 2).div_euclid(b)
}

fn avatar(email: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in email.trim().to_lowercase().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("https://secure.gravatar.com/avatar/{h:016x}{h:016x}?s=96&d=mm&r=g")
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ü' => 'u',
            'é' => 'e',
            'í' => 'i',
            'á' => 'a',
            'ö' => 'o',
            c => c,
        })
        .collect()
}

fn mangle_email(email: &str, rng: &mut SmallRng) -> String {
    match rng.gen_range(0..5) {
        0 => email.to_string(),
        1 => email.to_uppercase(),
        2 => format!("  {email} "),
        3 => {
            // Capitalise each dot/at-separated part: "Anna.Schmidt3@Example.com".
            let mut out = String::new();
            let mut cap = true;
            for ch in email.chars() {
                if cap {
                    out.extend(ch.to_uppercase());
                } else {
                    out.push(ch);
                }
                cap = ch == '.' || ch == '@';
            }
            out
        }
        _ => format!("{} ", email.to_uppercase()),
    }
}

fn address(first: &str, last: &str, email: &str, country: &str, n: usize) -> Billing {
    let (city, postcode) = match country {
        "DE" => ("Berlin", "10115"),
        "FR" => ("Paris", "75001"),
        "NL" => ("Amsterdam", "1012"),
        "ES" => ("Madrid", "28001"),
        "IT" => ("Roma", "00118"),
        "AT" => ("Wien", "1010"),
        _ => ("Bruxelles", "1000"),
    };
    Billing {
        first_name: first.to_string(),
        last_name: last.to_string(),
        company: String::new(),
        address_1: format!("{} Example Street", 1 + n % 200),
        address_2: String::new(),
        city: city.into(),
        state: String::new(),
        postcode: postcode.into(),
        country: country.into(),
        email: email.to_string(),
        phone: String::new(),
    }
}

fn shipping_of(b: &Billing) -> Shipping {
    Shipping {
        first_name: b.first_name.clone(),
        last_name: b.last_name.clone(),
        company: b.company.clone(),
        address_1: b.address_1.clone(),
        address_2: b.address_2.clone(),
        city: b.city.clone(),
        state: b.state.clone(),
        postcode: b.postcode.clone(),
        country: b.country.clone(),
    }
}

struct RetailRow {
    invoice: String,
    stock_code: String,
    description: String,
    quantity: i64,
    at_utc: i64,
    /// Unit price in thousandths (the data set has prices like 0.001).
    price_milli: i64,
    customer: Option<u64>,
    country: String,
}

impl RetailRow {
    fn parse(rec: &csv::StringRecord) -> Option<RetailRow> {
        let f = |i: usize| rec.get(i).unwrap_or("").trim();
        let customer = match f(6) {
            "" => None,
            s => Some(s.split('.').next()?.parse().ok()?),
        };
        Some(RetailRow {
            invoice: f(0).to_string(),
            stock_code: f(1).to_string(),
            description: f(2).to_string(),
            quantity: f(3).parse().ok()?,
            at_utc: uk_local_to_utc(parse_retail_date(f(4))?),
            price_milli: parse_milli(f(5))?,
            customer,
            country: f(7).to_string(),
        })
    }
}

fn parse_milli(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let mut frac: String = f.chars().take(3).collect();
    while frac.len() < 3 {
        frac.push('0');
    }
    let v = i.parse::<i64>().ok()? * 1000 + frac.parse::<i64>().ok()?;
    Some(if neg { -v } else { v })
}

/// Parses "2010-12-01 08:26:00" or "12/1/2010 8:26" as a naive wall time in Unix seconds.
fn parse_retail_date(s: &str) -> Option<i64> {
    use chrono::NaiveDateTime;
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc().timestamp());
        }
    }
    None
}

/// Unix seconds of the last Sunday of `month` in `year`, 01:00 UTC (UK DST switch instant).
fn last_sunday_0100_utc(year: i32, month: u32) -> i64 {
    use chrono::{Datelike, NaiveDate};
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let mut day = next.and_then(|d| d.pred_opt()).unwrap_or_default();
    while day.weekday() != chrono::Weekday::Sun {
        day = day.pred_opt().unwrap_or(day);
    }
    day.and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp()
}

/// Converts UK wall time (as naive seconds) to UTC: BST (UTC+1) applies from the last Sunday
/// of March 01:00 UTC to the last Sunday of October 01:00 UTC.
fn uk_local_to_utc(naive: i64) -> i64 {
    use chrono::Datelike;
    let year = chrono::DateTime::from_timestamp(naive, 0)
        .map(|d| d.year())
        .unwrap_or(2011);
    let start = last_sunday_0100_utc(year, 3);
    let end = last_sunday_0100_utc(year, 10);
    let bst = naive - 3600;
    if bst >= start && bst < end {
        bst
    } else {
        naive
    }
}

fn country_code(name: &str) -> &'static str {
    match name {
        "United Kingdom" => "GB",
        "France" => "FR",
        "Australia" => "AU",
        "Netherlands" => "NL",
        "Germany" => "DE",
        "Norway" => "NO",
        "EIRE" => "IE",
        "Switzerland" => "CH",
        "Spain" => "ES",
        "Poland" => "PL",
        "Portugal" => "PT",
        "Italy" => "IT",
        "Belgium" => "BE",
        "Lithuania" => "LT",
        "Japan" => "JP",
        "Iceland" => "IS",
        "Channel Islands" => "JE",
        "Denmark" => "DK",
        "Cyprus" => "CY",
        "Sweden" => "SE",
        "Austria" => "AT",
        "Israel" => "IL",
        "Finland" => "FI",
        "Bahrain" => "BH",
        "Greece" => "GR",
        "Hong Kong" => "HK",
        "Singapore" => "SG",
        "Lebanon" => "LB",
        "United Arab Emirates" => "AE",
        "Saudi Arabia" => "SA",
        "Czech Republic" => "CZ",
        "Canada" => "CA",
        "Brazil" => "BR",
        "USA" => "US",
        "Malta" => "MT",
        "RSA" => "ZA",
        _ => "",
    }
}

struct RetailLoader {
    data: WooData,
    products_by_sku: HashMap<String, u64>,
    orders_by_customer: HashMap<u64, Vec<u64>>,
    refunded_qty: HashMap<u64, i64>,
}

impl RetailLoader {
    fn product_for(&mut self, row: &RetailRow) -> u64 {
        if let Some(&id) = self.products_by_sku.get(&row.stock_code) {
            if let Some(p) = self.data.products.get_mut(&id) {
                let price = cents_to_money(round_div(row.price_milli, 10));
                p.price = price.clone();
                p.regular_price = price;
                p.date_modified_gmt = p.date_modified_gmt.max(row.at_utc);
                p.total_sales += row.quantity;
            }
            return id;
        }
        let id = self.data.alloc_post_id();
        let price = cents_to_money(round_div(row.price_milli, 10));
        self.data.products.insert(
            id,
            Product {
                id,
                name: row.description.clone(),
                slug: format!("{}-{}", slugify(&row.description), id),
                date_created_gmt: row.at_utc,
                date_modified_gmt: row.at_utc,
                r#type: "simple".into(),
                status: "publish".into(),
                sku: row.stock_code.clone(),
                price: price.clone(),
                regular_price: price,
                sale_price: String::new(),
                total_sales: row.quantity,
                categories: Vec::new(),
            },
        );
        self.products_by_sku.insert(row.stock_code.clone(), id);
        id
    }

    fn flush(&mut self, rows: Vec<RetailRow>) {
        let Some(first) = rows.first() else { return };
        if first.invoice.starts_with('A') {
            return;
        }
        if let Some(num) = first.invoice.strip_prefix('C') {
            self.refund(num, &rows);
            return;
        }
        let Ok(id) = first.invoice.parse::<u64>() else {
            return;
        };
        let t = first.at_utc;
        let country = country_code(&first.country).to_string();
        let (customer_id, email) = match first.customer {
            Some(c) => (c, format!("customer{c}@online-retail.example")),
            None => (0, format!("guest-{}@online-retail.example", first.invoice)),
        };
        let mut o = self.data.new_order(t, customer_id, &email);
        // new_order allocated a post ID we do not use: give it back.
        self.data.next_post_id -= 1;
        o.id = id;
        o.number = first.invoice.clone();
        o.currency = "GBP".into();
        o.status = "completed".into();
        o.date_completed_gmt = Some(t);
        o.billing.country = country.clone();
        o.shipping.country = country.clone();
        for r in &rows {
            if r.quantity <= 0 || r.price_milli <= 0 {
                continue;
            }
            let line_cents = round_div(r.quantity * r.price_milli, 10);
            if matches!(r.stock_code.as_str(), "POST" | "DOT" | "C2") {
                let sid = self.data.alloc_item_id();
                o.shipping_lines.push(ShippingLine {
                    id: sid,
                    method_title: r.description.clone(),
                    method_id: "flat_rate".into(),
                    total: cents_to_money(line_cents),
                    total_tax: "0.00".into(),
                    taxes: Vec::new(),
                    meta_data: Vec::new(),
                });
                continue;
            }
            let pid = self.product_for(r);
            let item_id = self.data.alloc_item_id();
            o.line_items.push(LineItem {
                id: item_id,
                name: r.description.clone(),
                product_id: pid,
                variation_id: 0,
                quantity: r.quantity,
                tax_class: String::new(),
                subtotal: cents_to_money(line_cents),
                subtotal_tax: "0.00".into(),
                total: cents_to_money(line_cents),
                total_tax: "0.00".into(),
                taxes: Vec::new(),
                meta_data: Vec::new(),
                sku: r.stock_code.clone(),
                price: r.price_milli as f64 / 1000.0,
            });
        }
        if o.line_items.is_empty() && o.shipping_lines.is_empty() {
            return;
        }
        recalc_totals(&mut o);
        if let Some(existing) = self.data.orders.get_mut(&id) {
            // Non-contiguous rows of one invoice: merge them.
            existing.line_items.extend(o.line_items);
            existing.shipping_lines.extend(o.shipping_lines);
            recalc_totals(existing);
            return;
        }
        if customer_id > 0 {
            let c = self
                .data
                .customers
                .entry(customer_id)
                .or_insert_with(|| Customer {
                    id: customer_id,
                    date_created_gmt: t,
                    date_modified_gmt: t,
                    email: email.clone(),
                    first_name: String::new(),
                    last_name: String::new(),
                    role: "customer".into(),
                    username: format!("customer{customer_id}"),
                    billing: Billing {
                        country: country.clone(),
                        email: email.clone(),
                        ..Default::default()
                    },
                    shipping: Shipping {
                        country: country.clone(),
                        ..Default::default()
                    },
                    is_paying_customer: true,
                    avatar_url: avatar(&email),
                    meta_data: Vec::new(),
                });
            c.date_modified_gmt = c.date_modified_gmt.max(t);
            self.data.next_user_id = self.data.next_user_id.max(customer_id + 1);
            self.orders_by_customer
                .entry(customer_id)
                .or_default()
                .push(id);
        }
        self.data.orders.insert(id, o);
        self.data.next_post_id = self.data.next_post_id.max(1000);
    }

    fn refund(&mut self, num: &str, rows: &[RetailRow]) {
        let Ok(refund_id) = num.parse::<u64>() else {
            return;
        };
        let first = &rows[0];
        let Some(customer) = first.customer else {
            return;
        };
        let t = first.at_utc;
        let Some(candidates) = self.orders_by_customer.get(&customer) else {
            return;
        };
        let refunded_cents = |d: &WooData, oid: u64| -> i64 {
            d.refunds_of(oid)
                .iter()
                .map(|r| money_to_cents(&r.amount))
                .sum()
        };
        let Some(&order_id) = candidates.iter().rev().find(|&&oid| {
            let o = &self.data.orders[&oid];
            o.date_created_gmt <= t && refunded_cents(&self.data, oid) < money_to_cents(&o.total)
        }) else {
            return;
        };
        let order = self.data.orders[&order_id].clone();
        let mut amount = 0i64;
        let mut items = Vec::new();
        for r in rows {
            let qty = r.quantity.abs();
            let line_cents = round_div(qty * r.price_milli, 10);
            if let Some(src) = order.line_items.iter().find(|l| l.sku == r.stock_code) {
                let done = self.refunded_qty.get(&src.id).copied().unwrap_or(0);
                let take = qty.min(src.quantity - done);
                if take > 0 {
                    let unit = money_to_cents(&src.total) / src.quantity.max(1);
                    let exact = round_div(take * (src.price * 1000.0).round() as i64, 10);
                    let new_id = self.data.alloc_item_id();
                    let mut li = refund_line(new_id, src, take, unit);
                    li.subtotal = cents_to_money(-exact);
                    li.total = cents_to_money(-exact);
                    li.price = -src.price;
                    items.push(li);
                    *self.refunded_qty.entry(src.id).or_default() += take;
                    amount += exact;
                    amount += round_div((qty - take) * r.price_milli, 10);
                    continue;
                }
            }
            amount += line_cents;
        }
        let left = money_to_cents(&order.total) - refunded_cents(&self.data, order_id);
        let amount = amount.min(left);
        if amount <= 0 {
            return;
        }
        self.data.refunds.entry(order_id).or_default().push(Refund {
            id: refund_id,
            order_id,
            date_created_gmt: t,
            amount: cents_to_money(amount),
            reason: format!("Cancelled invoice C{num}"),
            refunded_by: 1,
            refunded_payment: false,
            meta_data: Vec::new(),
            line_items: items,
        });
        let fully = amount >= left;
        if let Some(o) = self.data.orders.get_mut(&order_id) {
            if fully {
                o.status = "refunded".into();
            }
            o.date_modified_gmt = o.date_modified_gmt.max(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dst_conversion() {
        // 2011-06-01 12:00 BST = 11:00 UTC; 2010-12-01 08:26 GMT = 08:26 UTC.
        let summer = parse_retail_date("2011-06-01 12:00:00").unwrap();
        assert_eq!(uk_local_to_utc(summer), summer - 3600);
        let winter = parse_retail_date("12/1/2010 8:26").unwrap();
        assert_eq!(uk_local_to_utc(winter), winter);
        assert_eq!(winter, 1_291_191_960);
    }

    #[test]
    fn refund_helpers_keep_order_consistent() {
        let mut d = WooData::empty();
        let mut o = d.new_order(1_700_000_000, 0, "a@b.example");
        d.add_line_item(&mut o, "Mug", "MUG", 5, 2, 750);
        let id = d.add_order(o);
        assert_eq!(d.order(id).unwrap().total, "15.00");
        let item = d.order(id).unwrap().line_items[0].id;
        let r = d
            .refund_order_lines(id, "7.50", &[(item, 1)], "broken", 1_700_000_100)
            .unwrap();
        assert_eq!(d.refunds_of(id)[0].id, r);
        assert_eq!(d.refunds_of(id)[0].line_items[0].quantity, -1);
        assert_eq!(d.refunds_of(id)[0].line_items[0].total, "-7.50");
        assert_eq!(d.order(id).unwrap().status, "processing");
        d.refund_order(id, "7.50", "rest", 1_700_000_200);
        assert_eq!(d.order(id).unwrap().status, "refunded");
        assert_eq!(d.order(id).unwrap().date_modified_gmt, 1_700_000_200);
    }
}
