//! The mock shop's records ([`ShopData`]) and the ways to fill it: by hand, seeded generation,
//! or the UCI Online Retail data set (through the WooCommerce mapping, so both mocks serve the
//! same invoices with the same totals).

use std::collections::BTreeMap;
use std::path::Path;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::woo::{money_to_cents, DataError, WooData};

/// An amount in the shop's currency and in the currency the customer paid in, both in cents
/// (Shopify's `MoneyBag { shopMoney presentmentMoney }`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoneyBag {
    /// Shop-currency cents.
    pub shop: i64,
    /// Presentment-currency cents.
    pub presentment: i64,
}

impl MoneyBag {
    /// Same amount in both currencies (presentment = shop currency).
    pub fn same(cents: i64) -> MoneyBag {
        MoneyBag {
            shop: cents,
            presentment: cents,
        }
    }

    /// Sum of two bags.
    pub fn plus(self, o: MoneyBag) -> MoneyBag {
        MoneyBag {
            shop: self.shop + o.shop,
            presentment: self.presentment + o.presentment,
        }
    }

    /// Difference of two bags.
    pub fn minus(self, o: MoneyBag) -> MoneyBag {
        MoneyBag {
            shop: self.shop - o.shop,
            presentment: self.presentment - o.presentment,
        }
    }
}

/// Shop-level facts (`QueryRoot.shop`).
#[derive(Debug, Clone, PartialEq)]
pub struct ShopInfo {
    /// `Shop.name`.
    pub name: String,
    /// `Shop.currencyCode` (ISO 4217), also every order's `currencyCode`.
    pub currency_code: String,
    /// `Shop.ianaTimezone`, e.g. "Europe/London".
    pub iana_timezone: String,
    /// `Shop.myshopifyDomain`, e.g. "repeatlens-mock.myshopify.com".
    pub myshopify_domain: String,
}

/// An order line (`LineItem`).
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    /// Numeric ID (`gid://shopify/LineItem/<id>`).
    pub id: u64,
    /// SKU, if any.
    pub sku: Option<String>,
    /// Title shown to the customer.
    pub name: String,
    /// Quantity ordered.
    pub quantity: i64,
    /// Variant ID, if the variant still exists.
    pub variant_id: Option<u64>,
    /// Product ID, if the product still exists.
    pub product_id: Option<u64>,
    /// `originalUnitPriceSet`.
    pub unit_price: MoneyBag,
    /// `discountedTotalSet` (quantity × unit price − line discounts).
    pub discounted_total: MoneyBag,
}

/// One refunded line (`RefundLineItem`).
#[derive(Debug, Clone, PartialEq)]
pub struct RefundLine {
    /// The order line it refunds (`LineItem.id`).
    pub line_item_id: u64,
    /// Units refunded (positive).
    pub quantity: i64,
    /// `subtotalSet` (positive).
    pub subtotal: MoneyBag,
}

/// A refund (`Refund`).
#[derive(Debug, Clone, PartialEq)]
pub struct Refund {
    /// Numeric ID (`gid://shopify/Refund/<id>`).
    pub id: u64,
    /// Creation instant (Unix seconds).
    pub created_at: i64,
    /// Merchant note.
    pub note: Option<String>,
    /// `totalRefundedSet` (positive).
    pub total: MoneyBag,
    /// Refunded lines.
    pub lines: Vec<RefundLine>,
}

/// A fulfillment (`Fulfillment`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fulfillment {
    /// Numeric ID.
    pub id: u64,
    /// Creation instant.
    pub created_at: i64,
    /// Delivery instant, if delivered.
    pub delivered_at: Option<i64>,
    /// `FulfillmentStatus` (SUCCESS, CANCELLED, …).
    pub status: String,
}

/// An order (`Order`). Times are Unix seconds, UTC.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// Numeric ID = `legacyResourceId` (`gid://shopify/Order/<id>`).
    pub id: u64,
    /// `name`, e.g. "#1001".
    pub name: String,
    /// `createdAt`.
    pub created_at: i64,
    /// `updatedAt`.
    pub updated_at: i64,
    /// `processedAt`.
    pub processed_at: i64,
    /// `cancelledAt`.
    pub cancelled_at: Option<i64>,
    /// `cancelReason` (`OrderCancelReason`).
    pub cancel_reason: Option<String>,
    /// `closedAt`.
    pub closed_at: Option<i64>,
    /// `test`.
    pub test: bool,
    /// `email` (protected: name/email level).
    pub email: Option<String>,
    /// `phone` (protected).
    pub phone: Option<String>,
    /// The customer's ID; `None` for a guest checkout without a customer record.
    pub customer_id: Option<u64>,
    /// `presentmentCurrencyCode` (the shop's currency is [`ShopInfo::currency_code`]).
    pub presentment_currency: String,
    /// `displayFinancialStatus` (`OrderDisplayFinancialStatus`).
    pub financial_status: String,
    /// `displayFulfillmentStatus` (`OrderDisplayFulfillmentStatus`).
    pub fulfillment_status: String,
    /// `subtotalPriceSet` (lines after discounts).
    pub subtotal: MoneyBag,
    /// `totalDiscountsSet`.
    pub total_discounts: MoneyBag,
    /// `totalShippingPriceSet`.
    pub total_shipping: MoneyBag,
    /// `totalTaxSet`.
    pub total_tax: MoneyBag,
    /// `totalPriceSet` (subtotal + shipping + tax).
    pub total_price: MoneyBag,
    /// `discountCodes`.
    pub discount_codes: Vec<String>,
    /// `shippingAddress.countryCodeV2`; `None` = no shipping address.
    pub shipping_country: Option<String>,
    /// Lines.
    pub line_items: Vec<LineItem>,
    /// Refunds, oldest first.
    pub refunds: Vec<Refund>,
    /// Fulfillments.
    pub fulfillments: Vec<Fulfillment>,
}

impl Order {
    /// `totalRefundedSet`: the sum of the refunds.
    pub fn total_refunded(&self) -> MoneyBag {
        self.refunds
            .iter()
            .fold(MoneyBag::default(), |a, r| a.plus(r.total))
    }

    /// `currentTotalPriceSet`: the total after refunds (this mock has no order edits).
    pub fn current_total(&self) -> MoneyBag {
        self.total_price.minus(self.total_refunded())
    }
}

/// A customer (`Customer`).
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// Numeric ID.
    pub id: u64,
    /// Email (protected).
    pub email: Option<String>,
    /// First name (protected).
    pub first_name: Option<String>,
    /// Last name (protected).
    pub last_name: Option<String>,
    /// Phone (protected).
    pub phone: Option<String>,
    /// `createdAt`.
    pub created_at: i64,
    /// `updatedAt`.
    pub updated_at: i64,
    /// `tags`.
    pub tags: Vec<String>,
    /// `emailMarketingConsent.marketingState` (`CustomerEmailMarketingState`).
    pub marketing_state: String,
    /// `defaultAddress.countryCodeV2`; `None` = no address.
    pub country: Option<String>,
}

/// A product variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Numeric ID (`gid://shopify/ProductVariant/<id>`).
    pub id: u64,
    /// SKU.
    pub sku: Option<String>,
    /// Title ("Default Title" for single-variant products).
    pub title: String,
    /// Price in shop-currency cents.
    pub price_cents: i64,
}

/// A product.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Numeric ID.
    pub id: u64,
    /// `title`.
    pub title: String,
    /// `productType`.
    pub product_type: String,
    /// `vendor`.
    pub vendor: String,
    /// `createdAt`.
    pub created_at: i64,
    /// `updatedAt`.
    pub updated_at: i64,
    /// Variants (at least one).
    pub variants: Vec<Variant>,
}

/// All records of the mock shop. Fields are public so tests can inspect or edit anything.
#[derive(Debug, Clone)]
pub struct ShopData {
    /// Shop facts.
    pub shop: ShopInfo,
    /// Orders by ID.
    pub orders: BTreeMap<u64, Order>,
    /// Customers by ID.
    pub customers: BTreeMap<u64, Customer>,
    /// Products by ID.
    pub products: BTreeMap<u64, Product>,
    /// Next ID handed out by [`ShopData::alloc_id`].
    pub next_id: u64,
}

/// The reference instant generated data ends at: 2025-06-30T00:00:00Z (as the woo mock's).
pub const GENERATED_END_UNIX: i64 = crate::woo::GENERATED_END_UNIX;

impl ShopData {
    /// An empty shop (USD, UTC).
    pub fn empty() -> ShopData {
        ShopData {
            shop: ShopInfo {
                name: "RepeatLens Mock Shop".into(),
                currency_code: "USD".into(),
                iana_timezone: "Etc/UTC".into(),
                myshopify_domain: "repeatlens-mock.myshopify.com".into(),
            },
            orders: BTreeMap::new(),
            customers: BTreeMap::new(),
            products: BTreeMap::new(),
            next_id: 1,
        }
    }

    /// A fresh ID (IDs are unique across all record kinds here, as Shopify's are in practice).
    pub fn alloc_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Number of orders.
    pub fn orders_len(&self) -> usize {
        self.orders.len()
    }

    /// An order by ID.
    pub fn order(&self, id: u64) -> Option<&Order> {
        self.orders.get(&id)
    }

    /// Changes an order and sets its `updated_at` to `now_unix` (as any Shopify edit does).
    /// Returns false if there is no such order.
    pub fn modify_order(&mut self, id: u64, now_unix: i64, f: impl FnOnce(&mut Order)) -> bool {
        match self.orders.get_mut(&id) {
            Some(o) => {
                f(o);
                o.updated_at = now_unix;
                true
            }
            None => false,
        }
    }

    /// Refunds `cents` (shop currency; presentment converted at the order's rate) of an order at
    /// `now_unix`, without lines; updates the financial status and `updated_at`.
    pub fn refund_order(&mut self, id: u64, cents: i64, now_unix: i64) -> Option<u64> {
        let rid = self.alloc_id();
        let o = self.orders.get_mut(&id)?;
        let rate = rate_of(o);
        o.refunds.push(Refund {
            id: rid,
            created_at: now_unix,
            note: None,
            total: MoneyBag {
                shop: cents,
                presentment: (cents as f64 * rate).round() as i64,
            },
            lines: Vec::new(),
        });
        o.financial_status = if o.current_total().shop <= 0 {
            "REFUNDED".into()
        } else {
            "PARTIALLY_REFUNDED".into()
        };
        o.updated_at = now_unix;
        Some(rid)
    }

    /// `numberOfOrders` and `amountSpent` (shop-currency cents) of every customer, from the
    /// orders: all non-test orders count; the amount is their current total (after refunds).
    pub fn customer_stats(&self) -> BTreeMap<u64, (u64, i64)> {
        let mut m: BTreeMap<u64, (u64, i64)> = BTreeMap::new();
        for o in self.orders.values() {
            if let (Some(c), false) = (o.customer_id, o.test) {
                let e = m.entry(c).or_default();
                e.0 += 1;
                e.1 += o.current_total().shop;
            }
        }
        m
    }

    /// A deterministic shop with `orders` orders over the two years before
    /// [`GENERATED_END_UNIX`]: shop currency USD, about 30 % of orders presented in EUR, GBP or
    /// CAD (fixed rates 0.92, 0.79, 1.36), about a third as many customers as orders, 8 % guest
    /// orders without a customer, 3 % test orders, 4 % cancelled (and refunded in full), 10 %
    /// partly refunded with refund lines, 15 % with a discount code.
    pub fn generated(seed: u64, orders: usize) -> ShopData {
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut d = ShopData::empty();
        d.next_id = 1000;
        let start = GENERATED_END_UNIX - 730 * 86_400;
        const FIRST: [&str; 10] = [
            "Ana", "Ben", "Chloé", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun",
        ];
        const LAST: [&str; 8] = [
            "Meyer", "Okafor", "Silva", "Novak", "Tanaka", "Dubois", "Rossi", "Khan",
        ];
        const COUNTRIES: [&str; 6] = ["US", "DE", "GB", "CA", "FR", "AU"];
        for i in 0..40u64 {
            let pid = d.alloc_id();
            let vid = d.alloc_id();
            let t = start - 86_400 * (40 - i as i64);
            d.products.insert(
                pid,
                Product {
                    id: pid,
                    title: format!("Product {}", i + 1),
                    product_type: ["Mug", "Shirt", "Poster", "Tea"][(i % 4) as usize].into(),
                    vendor: "RepeatLens Supply".into(),
                    created_at: t,
                    updated_at: t + rng.gen_range(0..86_400 * 300),
                    variants: vec![Variant {
                        id: vid,
                        sku: Some(format!("SKU-{:03}", i + 1)),
                        title: "Default Title".into(),
                        price_cents: rng.gen_range(300..9000),
                    }],
                },
            );
        }
        let n_customers = (orders / 3).max(1);
        let mut customer_ids = Vec::new();
        for i in 0..n_customers {
            let id = d.alloc_id();
            let f = FIRST[i % FIRST.len()];
            let l = LAST[(i / FIRST.len()) % LAST.len()];
            let t = start + rng.gen_range(0..86_400 * 600);
            d.customers.insert(
                id,
                Customer {
                    id,
                    email: Some(format!(
                        "{}.{}{}@example.com",
                        ascii(f).to_lowercase(),
                        l.to_lowercase(),
                        i
                    )),
                    first_name: Some(f.into()),
                    last_name: Some(l.into()),
                    phone: (i % 3 == 0).then(|| format!("+1555{:07}", i)),
                    created_at: t,
                    updated_at: t,
                    tags: if i % 5 == 0 {
                        vec!["vip".into()]
                    } else {
                        Vec::new()
                    },
                    marketing_state: ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED"][i % 3].into(),
                    country: Some(COUNTRIES[i % COUNTRIES.len()].into()),
                },
            );
            customer_ids.push(id);
        }
        let product_ids: Vec<u64> = d.products.keys().copied().collect();
        let mut times: Vec<i64> = (0..orders)
            .map(|_| start + rng.gen_range(0..730 * 86_400))
            .collect();
        times.sort_unstable();
        for (n, t) in times.into_iter().enumerate() {
            let id = d.alloc_id();
            let guest = rng.gen_bool(0.08);
            let customer_id = if guest {
                None
            } else {
                Some(customer_ids[rng.gen_range(0..customer_ids.len())])
            };
            let (cur, rate) = match rng.gen_range(0..10) {
                0..=6 => ("USD", 1.0),
                7 => ("EUR", 0.92),
                8 => ("GBP", 0.79),
                _ => ("CAD", 1.36),
            };
            let conv = |c: i64| MoneyBag {
                shop: c,
                presentment: (c as f64 * rate).round() as i64,
            };
            let mut lines = Vec::new();
            for _ in 0..rng.gen_range(1..=4) {
                let p = &d.products[&product_ids[rng.gen_range(0..product_ids.len())]];
                let v = &p.variants[0];
                let q = rng.gen_range(1..=3);
                lines.push(LineItem {
                    id: 0,
                    sku: v.sku.clone(),
                    name: p.title.clone(),
                    quantity: q,
                    variant_id: Some(v.id),
                    product_id: Some(p.id),
                    unit_price: conv(v.price_cents),
                    discounted_total: conv(v.price_cents * q),
                });
            }
            for l in &mut lines {
                l.id = d.alloc_id();
            }
            let gross: i64 = lines.iter().map(|l| l.discounted_total.shop).sum();
            let discount = if rng.gen_bool(0.15) { gross / 10 } else { 0 };
            let shipping = if gross > 5000 { 0 } else { 499 };
            let tax = (gross - discount) * 8 / 100;
            let subtotal = gross - discount;
            let test = rng.gen_bool(0.03);
            let cancelled = !test && rng.gen_bool(0.04);
            let email = match customer_id {
                Some(c) => d.customers[&c].email.clone(),
                None => rng.gen_bool(0.7).then(|| format!("guest{n}@example.net")),
            };
            let country = match customer_id {
                Some(c) => d.customers[&c].country.clone(),
                None => Some(COUNTRIES[n % COUNTRIES.len()].into()),
            };
            let mut o = Order {
                id,
                name: format!("#{}", 1001 + n),
                created_at: t,
                updated_at: t + rng.gen_range(60..86_400),
                processed_at: t,
                cancelled_at: None,
                cancel_reason: None,
                closed_at: None,
                test,
                email,
                phone: None,
                customer_id,
                presentment_currency: cur.into(),
                financial_status: "PAID".into(),
                fulfillment_status: "FULFILLED".into(),
                subtotal: conv(subtotal),
                total_discounts: conv(discount),
                total_shipping: conv(shipping),
                total_tax: conv(tax),
                total_price: conv(subtotal + shipping + tax),
                discount_codes: if discount > 0 {
                    vec!["WELCOME10".into()]
                } else {
                    Vec::new()
                },
                shipping_country: country,
                line_items: lines,
                refunds: Vec::new(),
                fulfillments: Vec::new(),
            };
            if cancelled {
                let at = t + 3600;
                let rid = d.alloc_id();
                o.cancelled_at = Some(at);
                o.cancel_reason = Some("CUSTOMER".into());
                o.closed_at = Some(at);
                o.financial_status = "REFUNDED".into();
                o.fulfillment_status = "UNFULFILLED".into();
                o.refunds.push(Refund {
                    id: rid,
                    created_at: at,
                    note: Some("Order canceled".into()),
                    total: o.total_price,
                    lines: o
                        .line_items
                        .iter()
                        .map(|l| RefundLine {
                            line_item_id: l.id,
                            quantity: l.quantity,
                            subtotal: l.discounted_total,
                        })
                        .collect(),
                });
                o.updated_at = o.updated_at.max(at);
            } else {
                let fid = d.alloc_id();
                let ship = t + rng.gen_range(3600..3 * 86_400);
                o.fulfillments.push(Fulfillment {
                    id: fid,
                    created_at: ship,
                    delivered_at: Some(ship + rng.gen_range(86_400..6 * 86_400)),
                    status: "SUCCESS".into(),
                });
                o.closed_at = Some(ship);
                o.updated_at = o.updated_at.max(ship);
                if !test && rng.gen_bool(0.10) {
                    let l = &o.line_items[0];
                    let at = ship + rng.gen_range(86_400..20 * 86_400);
                    let rid = d.alloc_id();
                    let line = RefundLine {
                        line_item_id: l.id,
                        quantity: 1,
                        subtotal: l.unit_price,
                    };
                    o.refunds.push(Refund {
                        id: rid,
                        created_at: at,
                        note: Some("Damaged in transit".into()),
                        total: l.unit_price,
                        lines: vec![line],
                    });
                    o.financial_status = "PARTIALLY_REFUNDED".into();
                    o.updated_at = o.updated_at.max(at);
                }
            }
            if let Some(c) = customer_id.and_then(|c| d.customers.get_mut(&c)) {
                c.updated_at = c.updated_at.max(o.updated_at);
                c.created_at = c.created_at.min(t);
            }
            d.orders.insert(id, o);
        }
        d
    }

    /// The shop the WooCommerce mapping of the same data describes: one order per Woo order
    /// (same ID, `name` `"#<number>"`, shop and presentment currency = the Woo currency, totals
    /// and line totals copied, `processedAt` = `createdAt` = creation, `updatedAt` =
    /// modification, `closedAt` = completion), refunds with their refund lines (linked by
    /// `_refunded_item_id`), registered Woo customers with role `customer`, and one product
    /// with one variant (same ID) per Woo product. Statuses: Woo `refunded` → REFUNDED, any
    /// refund → PARTIALLY_REFUNDED, `cancelled` → VOIDED with `cancelledAt`, else PAID;
    /// `completed` → FULFILLED, else UNFULFILLED. Guests (customer 0) get no customer.
    pub fn from_woo(w: &WooData) -> ShopData {
        let mut d = ShopData::empty();
        d.shop.currency_code = w.currency.clone();
        let same = |s: &str| MoneyBag::same(money_to_cents(s));
        for c in w.customers.values().filter(|c| c.role == "customer") {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            d.customers.insert(
                c.id,
                Customer {
                    id: c.id,
                    email: opt(&c.email),
                    first_name: opt(&c.first_name),
                    last_name: opt(&c.last_name),
                    phone: opt(&c.billing.phone),
                    created_at: c.date_created_gmt,
                    updated_at: c.date_modified_gmt,
                    tags: Vec::new(),
                    marketing_state: "NOT_SUBSCRIBED".into(),
                    country: opt(&c.billing.country),
                },
            );
        }
        for p in w.products.values() {
            d.products.insert(
                p.id,
                Product {
                    id: p.id,
                    title: p.name.clone(),
                    product_type: String::new(),
                    vendor: d.shop.name.clone(),
                    created_at: p.date_created_gmt,
                    updated_at: p.date_modified_gmt,
                    variants: vec![Variant {
                        id: p.id,
                        sku: (!p.sku.is_empty()).then(|| p.sku.clone()),
                        title: "Default Title".into(),
                        price_cents: money_to_cents(&p.price),
                    }],
                },
            );
        }
        let mut max_id = 0;
        for o in w.orders.values() {
            let lines: Vec<LineItem> = o
                .line_items
                .iter()
                .map(|l| {
                    max_id = max_id.max(l.id);
                    LineItem {
                        id: l.id,
                        sku: (!l.sku.is_empty()).then(|| l.sku.clone()),
                        name: l.name.clone(),
                        quantity: l.quantity,
                        variant_id: (l.product_id > 0).then_some(l.product_id),
                        product_id: (l.product_id > 0).then_some(l.product_id),
                        unit_price: MoneyBag::same((l.price * 100.0).round() as i64),
                        discounted_total: same(&l.total),
                    }
                })
                .collect();
            let refunds: Vec<Refund> = w
                .refunds_of(o.id)
                .iter()
                .map(|r| Refund {
                    id: r.id,
                    created_at: r.date_created_gmt,
                    note: (!r.reason.is_empty()).then(|| r.reason.clone()),
                    total: same(&r.amount),
                    lines: r
                        .line_items
                        .iter()
                        .filter_map(|l| {
                            let src = l
                                .meta_data
                                .iter()
                                .find(|m| m.key == "_refunded_item_id")?
                                .value
                                .parse()
                                .ok()?;
                            Some(RefundLine {
                                line_item_id: src,
                                quantity: l.quantity.abs(),
                                subtotal: MoneyBag::same(money_to_cents(&l.total).abs()),
                            })
                        })
                        .collect(),
                })
                .collect();
            let subtotal: i64 = o.line_items.iter().map(|l| money_to_cents(&l.total)).sum();
            let financial = if o.status == "refunded" {
                "REFUNDED"
            } else if o.status == "cancelled" {
                "VOIDED"
            } else if !refunds.is_empty() {
                "PARTIALLY_REFUNDED"
            } else {
                "PAID"
            };
            max_id = max_id.max(o.id);
            let email = (!o.billing.email.is_empty()).then(|| o.billing.email.clone());
            d.orders.insert(
                o.id,
                Order {
                    id: o.id,
                    name: format!("#{}", o.number),
                    created_at: o.date_created_gmt,
                    updated_at: o.date_modified_gmt,
                    processed_at: o.date_created_gmt,
                    cancelled_at: (o.status == "cancelled").then_some(o.date_modified_gmt),
                    cancel_reason: (o.status == "cancelled").then(|| "OTHER".to_string()),
                    closed_at: o.date_completed_gmt,
                    test: false,
                    email,
                    phone: (!o.billing.phone.is_empty()).then(|| o.billing.phone.clone()),
                    customer_id: (o.customer_id > 0).then_some(o.customer_id),
                    presentment_currency: o.currency.clone(),
                    financial_status: financial.into(),
                    fulfillment_status: if o.status == "completed" || o.status == "refunded" {
                        "FULFILLED".into()
                    } else {
                        "UNFULFILLED".into()
                    },
                    subtotal: MoneyBag::same(subtotal),
                    total_discounts: same(&o.discount_total),
                    total_shipping: same(&o.shipping_total),
                    total_tax: same(&o.total_tax),
                    total_price: same(&o.total),
                    discount_codes: o.coupon_lines.iter().map(|c| c.code.clone()).collect(),
                    shipping_country: (!o.shipping.country.is_empty())
                        .then(|| o.shipping.country.clone()),
                    line_items: lines,
                    refunds,
                    fulfillments: Vec::new(),
                },
            );
        }
        d.next_id = max_id
            .max(w.next_post_id)
            .max(w.next_item_id)
            .max(w.next_user_id)
            + 1;
        d
    }

    /// The UCI Online Retail data set as a Shopify shop: read with the WooCommerce mapping
    /// ([`WooData::from_online_retail`], whose rules apply: one order per invoice, `C…`
    /// invoices as refunds, guests kept) and converted with [`ShopData::from_woo`]. The shop
    /// is named "Online Retail", currency GBP, timezone Europe/London.
    pub fn from_online_retail(
        path: &Path,
        max_orders: Option<usize>,
    ) -> Result<ShopData, DataError> {
        let w = WooData::from_online_retail(path, max_orders)?;
        let mut d = ShopData::from_woo(&w);
        d.shop.name = "Online Retail".into();
        d.shop.iana_timezone = "Europe/London".into();
        d.shop.myshopify_domain = "online-retail.myshopify.com".into();
        Ok(d)
    }
}

fn rate_of(o: &Order) -> f64 {
    if o.total_price.shop == 0 {
        1.0
    } else {
        o.total_price.presentment as f64 / o.total_price.shop as f64
    }
}

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' => 'e',
            c => c,
        })
        .collect()
}
