//! The known file shapes, detected by their headers, and the helpers they share.

mod amazon;
mod online_retail;
mod shopify;

use std::collections::HashMap;

use repeatlens_store::{CustomerRecord, OrderRecord, ProductRecord};

use crate::mapping::{self, Mapping};
use crate::source::Source;
use crate::table::Header;
use crate::{Batch, Ctx, ImportError, ImportOptions, Parser};

/// A known export format, or the generic mapped importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetKind {
    ShopifyOrders,
    ShopifyCustomers,
    AmazonAllOrders,
    OnlineRetail,
    Generic,
}

impl std::str::FromStr for PresetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "shopify-orders" => Self::ShopifyOrders,
            "shopify-customers" => Self::ShopifyCustomers,
            "amazon-all-orders" => Self::AmazonAllOrders,
            "online-retail" => Self::OnlineRetail,
            "generic" => Self::Generic,
            other => {
                return Err(format!(
                    "unknown preset '{other}': use shopify-orders, shopify-customers, \
                     amazon-all-orders, online-retail or generic"
                ))
            }
        })
    }
}

impl PresetKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::ShopifyOrders => "shopify-orders",
            Self::ShopifyCustomers => "shopify-customers",
            Self::AmazonAllOrders => "amazon-all-orders",
            Self::OnlineRetail => "online-retail",
            Self::Generic => "generic",
        }
    }

    /// Recognises an export by the columns only it has.
    pub fn detect(h: &Header) -> PresetKind {
        if h.has("InvoiceNo") && h.has("StockCode") && h.has("CustomerID") {
            Self::OnlineRetail
        } else if h.has("amazon-order-id") && h.has("purchase-date") {
            Self::AmazonAllOrders
        } else if h.has("Lineitem quantity") && h.has("Name") {
            Self::ShopifyOrders
        } else if h.has("Email")
            && h.has("First Name")
            && (h.has("Accepts Email Marketing") || h.has("Accepts Marketing"))
        {
            Self::ShopifyCustomers
        } else {
            Self::Generic
        }
    }

    pub fn platform(self) -> &'static str {
        match self {
            Self::ShopifyOrders | Self::ShopifyCustomers => "shopify",
            Self::AmazonAllOrders => "amazon",
            Self::OnlineRetail | Self::Generic => "file",
        }
    }

    pub fn default_store_name(self, file_name: &str) -> String {
        match self {
            Self::ShopifyOrders | Self::ShopifyCustomers => "Shopify".into(),
            Self::AmazonAllOrders => "Amazon".into(),
            Self::OnlineRetail => "Online Retail".into(),
            Self::Generic => file_name
                .trim_end_matches(".gz")
                .rsplit_once('.')
                .map_or(file_name, |(stem, _)| stem)
                .to_string(),
        }
    }

    /// The timezone of zone-less times when neither the user nor the store says.
    pub fn default_timezone(self) -> Option<&'static str> {
        match self {
            // The UCI data's InvoiceDate is UK local time.
            Self::OnlineRetail => Some("Europe/London"),
            _ => None,
        }
    }

    pub fn default_currency(self) -> Option<&'static str> {
        match self {
            Self::OnlineRetail => Some("GBP"),
            _ => None,
        }
    }

    pub(crate) fn parser(
        self,
        header: &Header,
        source: &Source,
        delimiter: u8,
        ctx: &Ctx,
        opts: &ImportOptions,
    ) -> Result<Box<dyn Parser>, ImportError> {
        let file = &source.file_name;
        Ok(match self {
            Self::OnlineRetail => Box::new(online_retail::OnlineRetail::new(header, ctx, file)?),
            Self::ShopifyOrders => Box::new(shopify::Orders::new(header, ctx, file)?),
            Self::ShopifyCustomers => Box::new(shopify::Customers::new(header, ctx, file)?),
            Self::AmazonAllOrders => Box::new(amazon::AllOrders::new(header, ctx, file)?),
            Self::Generic => {
                let m = Mapping::resolve(header, &opts.map, file)?;
                let mut ctx = ctx.clone();
                ctx.date_order =
                    mapping::resolve_date_order(&m, source, delimiter, ctx.date_order, file)?;
                Box::new(mapping::Generic::new(m, ctx, file)?)
            }
        })
    }

    /// The field → column pairs a preview shows.
    pub fn mapping_shown(self, header: &Header, opts: &ImportOptions) -> Vec<(String, String)> {
        let fields: &[(&str, &[&str])] = match self {
            Self::OnlineRetail => online_retail::COLUMNS,
            Self::ShopifyOrders => shopify::ORDER_COLUMNS,
            Self::ShopifyCustomers => shopify::CUSTOMER_COLUMNS,
            Self::AmazonAllOrders => amazon::COLUMNS,
            Self::Generic => {
                return Mapping::resolve(header, &opts.map, "")
                    .map(|m| m.shown())
                    .unwrap_or_default()
            }
        };
        fields
            .iter()
            .filter_map(|(field, names)| header.find(names).map(|c| (field.to_string(), c.name)))
            .collect()
    }
}

pub(crate) fn missing(file: &str, what: &str, names: &[&str]) -> ImportError {
    ImportError::MissingColumn {
        file: file.to_string(),
        what: what.to_string(),
        candidates: names.iter().map(|n| n.to_string()).collect(),
    }
}

/// Orders assembled from rows (several rows of one order id are its lines), customers merged
/// by id (first value seen wins per field), products by id.
///
/// Streaming: when the file groups each order's rows together (real exports do), every order
/// but the one being read is complete, and [`Assembler::drain`] hands the complete records to the
/// writer while parsing goes on. If an order's rows turn up again after it was handed over, the
/// file is not grouped: [`Assembler::broken`] tells the import to start again without streaming.
/// Customers handed over and later filled in are handed over again (their writes merge).
#[derive(Default)]
pub(crate) struct Assembler {
    pub streaming: bool,
    orders: Vec<OrderRecord>,
    order_index: HashMap<String, usize>,
    /// Rows of one order usually follow each other: the last order found skips the hash lookup.
    last_order: Option<(String, usize)>,
    customers: Vec<CustomerRecord>,
    customer_index: HashMap<String, usize>,
    products: Vec<ProductRecord>,
    product_index: HashMap<String, ()>,
    /// `orders[..emitted_orders]` and `products[..emitted_products]` were handed to the writer
    /// (their slots are left empty); `customers[..emitted_customers]` were copied to it.
    emitted_orders: usize,
    emitted_customers: usize,
    emitted_products: usize,
    /// Handed-over customers that were filled in since.
    refilled: Vec<usize>,
    broken: bool,
}

impl Assembler {
    pub fn new(streaming: bool) -> Assembler {
        Assembler {
            streaming,
            ..Default::default()
        }
    }

    /// The order with this id, created by `make` on first sight.
    pub fn order(&mut self, id: &str, make: impl FnOnce() -> OrderRecord) -> &mut OrderRecord {
        if let Some((_, i)) = self.last_order.as_ref().filter(|(k, _)| k == id) {
            return &mut self.orders[*i];
        }
        let i = match self.order_index.get(id) {
            Some(&i) => {
                if i < self.emitted_orders {
                    self.broken = true;
                }
                i
            }
            None => {
                self.orders.push(make());
                self.order_index
                    .insert(id.to_string(), self.orders.len() - 1);
                self.orders.len() - 1
            }
        };
        self.last_order = Some((id.to_string(), i));
        &mut self.orders[i]
    }

    pub fn has_order(&self, id: &str) -> bool {
        self.last_order.as_ref().is_some_and(|(k, _)| k == id) || self.order_index.contains_key(id)
    }

    pub fn customer(&mut self, c: CustomerRecord) {
        match self.customer_index.get(&c.platform_id) {
            Some(&i) => {
                let e = &mut self.customers[i];
                let mut filled = false;
                macro_rules! fill {
                    ($($f:ident),*) => { $( if e.$f.is_none() && c.$f.is_some() { e.$f = c.$f; filled = true; } )* };
                }
                fill!(
                    email,
                    first_name,
                    last_name,
                    phone,
                    country,
                    accepts_marketing,
                    created_at,
                    updated_at,
                    total_spent_minor,
                    orders_count,
                    tags,
                    raw
                );
                if filled && i < self.emitted_customers && !self.refilled.contains(&i) {
                    self.refilled.push(i);
                }
            }
            None => {
                self.customer_index
                    .insert(c.platform_id.clone(), self.customers.len());
                self.customers.push(c);
            }
        }
    }

    /// Whether a customer with this id was already seen (checked before building a record, to
    /// keep allocation out of the per-row path of large files).
    pub fn has_customer(&self, id: &str) -> bool {
        self.customer_index.contains_key(id)
    }

    pub fn has_product(&self, id: &str) -> bool {
        self.product_index.contains_key(id)
    }

    pub fn product(&mut self, p: ProductRecord) {
        if !self.product_index.contains_key(&p.platform_id) {
            self.product_index.insert(p.platform_id.clone(), ());
            self.products.push(p);
        }
    }

    /// Moves the records that are complete into `out` (streaming only): customers and products
    /// seen so far, and every order but the one being read.
    pub fn drain(&mut self, out: &mut Batch) {
        if !self.streaming || self.broken || self.orders.len() < self.emitted_orders + 2 {
            return;
        }
        self.hand_over(out, self.orders.len() - 1);
    }

    fn hand_over(&mut self, out: &mut Batch, orders_to: usize) {
        for &i in &self.refilled {
            out.customers.push(self.customers[i].clone());
        }
        self.refilled.clear();
        // Customers stay here (cloned, not moved): a later row may still fill one in.
        out.customers
            .extend_from_slice(&self.customers[self.emitted_customers..]);
        self.emitted_customers = self.customers.len();
        let products = self.products[self.emitted_products..]
            .iter_mut()
            .map(std::mem::take);
        out.products.extend(products);
        self.emitted_products = self.products.len();
        let orders = self.orders[self.emitted_orders..orders_to]
            .iter_mut()
            .map(std::mem::take);
        out.orders.extend(orders);
        self.emitted_orders = orders_to;
    }

    /// True when rows of an order came after the order was handed over.
    pub fn broken(&self) -> bool {
        self.broken
    }

    /// Everything not handed over yet.
    pub fn into_batch(mut self) -> Batch {
        let mut out = Batch::default();
        let n = self.orders.len();
        self.hand_over(&mut out, n);
        out
    }
}

/// Adds a line's total to its order's subtotal and total (for sources without order totals).
pub(crate) fn add_line_total(o: &mut OrderRecord, line_total_minor: i64) {
    o.subtotal_minor += line_total_minor;
    o.total_minor = o.subtotal_minor - o.discount_minor + o.shipping_minor + o.tax_minor;
}

/// `yes`/`true`/`1`/`subscribed`/`是` → true; `no`/`false`/`0`/`not_subscribed`/`否` → false.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" | "subscribed" | "是" => Some(true),
        "no" | "false" | "0" | "n" | "not_subscribed" | "unsubscribed" | "否" => Some(false),
        _ => None,
    }
}
