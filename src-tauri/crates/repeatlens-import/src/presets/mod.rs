//! The known file shapes, detected by their headers, and the helpers they share.

mod amazon;
mod online_retail;
mod shopify;

use crate::mapping::{self, Mapping};
use crate::source::Source;
use crate::table::Header;
use crate::{Ctx, ImportError, ImportOptions, Parser};

/// A known export format, or the generic mapped importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetKind {
    /// Shopify's orders export (one row per line item).
    ShopifyOrders,
    /// Shopify's customers export.
    ShopifyCustomers,
    /// Amazon's "All Orders" report (tab-separated, no buyer identity).
    AmazonAllOrders,
    /// The UCI Online Retail data set (the sample store's format).
    OnlineRetail,
    /// Any other file, through a column [`Mapping`].
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
    /// Kebab-case name, as `--preset` takes it.
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

    /// Platform recorded for a new store (`shopify`, `amazon`, `file`).
    pub fn platform(self) -> &'static str {
        match self {
            Self::ShopifyOrders | Self::ShopifyCustomers => "shopify",
            Self::AmazonAllOrders => "amazon",
            Self::OnlineRetail | Self::Generic => "file",
        }
    }

    /// Name of the store a file imports into when none is given.
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

    /// Currency of files without one when neither the user nor the store says (the UCI data is in
    /// GBP).
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

/// `yes`/`true`/`1`/`subscribed`/`是` → true; `no`/`false`/`0`/`not_subscribed`/`否` → false.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" | "subscribed" | "是" => Some(true),
        "no" | "false" | "0" | "n" | "not_subscribed" | "unsubscribed" | "否" => Some(false),
        _ => None,
    }
}
