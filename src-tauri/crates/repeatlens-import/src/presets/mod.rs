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
    ImportError::Setup {
        file: file.to_string(),
        message: format!(
            "no {what} column: expected one named {}. Check that this is the right preset, or map \
             the columns yourself with --preset generic --map field=Column",
            names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// Orders assembled from rows (several rows of one order id are its lines), customers merged
/// by id (first value seen wins per field), products by id.
#[derive(Default)]
pub(crate) struct Assembler {
    pub orders: Vec<OrderRecord>,
    order_index: HashMap<String, usize>,
    pub customers: Vec<CustomerRecord>,
    customer_index: HashMap<String, usize>,
    pub products: Vec<ProductRecord>,
    product_index: HashMap<String, ()>,
}

impl Assembler {
    /// The order with this id, created by `make` on first sight.
    pub fn order(&mut self, id: &str, make: impl FnOnce() -> OrderRecord) -> &mut OrderRecord {
        let i = match self.order_index.get(id) {
            Some(&i) => i,
            None => {
                self.orders.push(make());
                self.order_index
                    .insert(id.to_string(), self.orders.len() - 1);
                self.orders.len() - 1
            }
        };
        &mut self.orders[i]
    }

    pub fn has_order(&self, id: &str) -> bool {
        self.order_index.contains_key(id)
    }

    pub fn customer(&mut self, c: CustomerRecord) {
        match self.customer_index.get(&c.platform_id) {
            Some(&i) => {
                let e = &mut self.customers[i];
                macro_rules! fill {
                    ($($f:ident),*) => { $( if e.$f.is_none() { e.$f = c.$f; } )* };
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

    pub fn into_batch(self) -> Batch {
        Batch {
            customers: self.customers,
            products: self.products,
            orders: self.orders,
            refunds: Vec::new(),
        }
    }
}

/// Sums an order's line totals into its subtotal and total (for sources without order totals).
pub(crate) fn total_from_lines(o: &mut OrderRecord) {
    let sum: i64 = o.lines.iter().map(|l| l.line_total_minor).sum();
    o.subtotal_minor = sum;
    o.total_minor = sum - o.discount_minor + o.shipping_minor + o.tax_minor;
}

/// `yes`/`true`/`1`/`subscribed`/`是` → true; `no`/`false`/`0`/`not_subscribed`/`否` → false.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" | "subscribed" | "是" => Some(true),
        "no" | "false" | "0" | "n" | "not_subscribed" | "unsubscribed" | "否" => Some(false),
        _ => None,
    }
}
