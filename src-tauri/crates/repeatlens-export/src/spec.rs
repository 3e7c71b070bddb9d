//! What to export: the filters, the columns, the target platform's layout, the encoding and the
//! coupon codes. Serialisable, so the app can send an [`ExportSpec`] over IPC as JSON.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use repeatlens_analytics::{Class8, Lifecycle, Segment, Tier};
use repeatlens_models::ChurnBand;
use serde::{Deserialize, Serialize};

use crate::ExportError;

/// A coupon target list: who (filters), what (columns, preset) and how (encoding, coupons).
///
/// Filters combine with AND; the values within one filter with OR; an empty list or `None`
/// means "no filter". Every filter applies to the customers of the analysis (one row each).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSpec {
    /// R×F segments by their English names ("Champions", "At Risk", …).
    pub segments: Vec<Segment>,
    /// 8-class RFM classes by their Chinese names ("重要价值客户", …).
    pub classes: Vec<Class8>,
    /// Value tiers: "top", "middle", "bottom".
    pub tiers: Vec<Tier>,
    /// Lifecycle stages: "prospect", "new", "active", "dormant", "churned".
    pub lifecycle: Vec<Lifecycle>,
    /// Only customers on the analysis' overdue list (`repurchase.overdue`). The analysis must
    /// carry the whole list (`params.overdue_list_limit` at least `overdue_total`).
    pub overdue_only: bool,
    /// Customer record countries, compared trimmed and ignoring case ("GB", "United Kingdom").
    pub countries: Vec<String>,
    /// Customers who bought a product whose SKU, title or category contains this text (see
    /// `Store::scan_product_buyers`); [`crate::load_contacts`] looks the buyers up.
    pub product_bought: Option<String>,
    /// Last purchase on or after this day (store-local calendar day, inclusive).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_order_from: Option<NaiveDate>,
    /// Last purchase on or before this day (inclusive).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_order_to: Option<NaiveDate>,
    /// Net revenue (purchases minus refunds, reporting currency, major units) at least this.
    pub min_spend: Option<f64>,
    /// Predicted churn-risk bands ("low", "medium", "high") of the Predictions screen's models
    /// (needs the predictions: [`crate::select`]'s `forecasts`).
    pub churn_risk: Vec<ChurnBand>,
    /// Predicted customer lifetime value (the models' CLV horizon, reporting currency) at least
    /// this; customers without a CLV (the model not usable) do not match.
    pub min_clv: Option<f64>,
    /// Customers who bought exactly this SKU or category ("buyers of A"; a rule's antecedent).
    pub bought_item: Option<ItemRef>,
    /// … and never bought this one ("… without B"; the rule's consequent).
    pub not_bought_item: Option<ItemRef>,
    /// Also export customers who have not opted in to marketing. Off by default: only
    /// customers whose record says `accepts_marketing = 1` are exported; opted out (`0`) and
    /// unknown (`NULL`, e.g. files without a consent column) both count as "no consent".
    pub include_no_consent: bool,
    /// Generic preset: the columns, in order (empty: [`Column::GENERIC_DEFAULT`]).
    /// Klaviyo and Mailchimp: extra columns after the platform's own (custom properties /
    /// merge fields). Shopify: must be empty (its importer takes its template only).
    pub columns: Vec<Column>,
    /// Which importer the file is for (default: our generic columns).
    pub preset: Preset,
    /// UTF-8 with or without a byte-order mark (default without).
    pub encoding: Encoding,
    /// Give every row a unique coupon code `PREFIX-XXXXXXXX` (see [`crate::CouponCodes`]).
    pub coupon_prefix: Option<String>,
}

/// One SKU or category, matched exactly (as the rules name it).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    /// Whether `name` is a SKU or a category.
    pub level: ItemRefLevel,
    /// The SKU or category, exactly as stored.
    pub name: String,
}

/// What an [`ItemRef`] names.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRefLevel {
    /// A SKU.
    Sku,
    /// A product category.
    Category,
}

impl ExportSpec {
    /// Whether the spec filters on, or writes, the models' predictions.
    pub fn needs_forecasts(&self) -> bool {
        !self.churn_risk.is_empty()
            || self.min_clv.is_some()
            || self.columns.iter().any(|c| c.is_forecast())
    }

    /// The product text to filter by, trimmed; `None` when absent or blank.
    pub fn product_text(&self) -> Option<&str> {
        self.product_bought
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

/// The layout of the file: which headers, for which importer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Our own readable columns, chosen by the user; rows without an email are kept.
    #[default]
    Generic,
    /// Shopify admin → Customers → Import: Shopify's customer CSV template.
    ShopifyCustomerImport,
    /// Klaviyo → Lists → Import contacts: Klaviyo's profile property names.
    Klaviyo,
    /// Mailchimp → Audience → Import contacts.
    Mailchimp,
}

impl Preset {
    /// Every preset, in the order they are offered.
    pub const ALL: [Preset; 4] = [
        Preset::Generic,
        Preset::ShopifyCustomerImport,
        Preset::Klaviyo,
        Preset::Mailchimp,
    ];

    /// The short name the CLI takes.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Generic => "generic",
            Preset::ShopifyCustomerImport => "shopify",
            Preset::Klaviyo => "klaviyo",
            Preset::Mailchimp => "mailchimp",
        }
    }

    /// Whether the platform's importer rejects a row without an email address.
    pub fn requires_email(self) -> bool {
        !matches!(self, Preset::Generic)
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, ExportError> {
        match key(s).as_str() {
            "generic" => Ok(Preset::Generic),
            "shopify" | "shopifycustomerimport" | "shopifycustomers" => {
                Ok(Preset::ShopifyCustomerImport)
            }
            "klaviyo" => Ok(Preset::Klaviyo),
            "mailchimp" => Ok(Preset::Mailchimp),
            _ => Err(unknown("preset", s, "generic, shopify, klaviyo, mailchimp")),
        }
    }
}

/// The text encoding of the file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark: what the platforms' importers expect.
    #[default]
    Utf8,
    /// UTF-8 starting with the bytes EF BB BF, so that Excel (Chinese Windows included) reads
    /// Chinese names correctly instead of guessing the ANSI code page.
    Utf8Bom,
}

/// One column of the generic layout (and the extra columns of Klaviyo and Mailchimp).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The platform's customer id.
    CustomerId,
    /// Email as stored.
    Email,
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// Phone number as stored.
    Phone,
    /// Customer record country.
    Country,
    /// `yes` (opted in), `no` (opted out), empty (unknown).
    AcceptsMarketing,
    /// The platform's tags.
    Tags,
    /// R×F segment name.
    Segment,
    /// 8-class name (Chinese).
    Class8,
    /// Value tier (`top`, `middle`, `bottom`).
    Tier,
    /// Lifecycle stage.
    Lifecycle,
    /// Purchases counted by the analysis.
    Purchases,
    /// Net revenue in the analysis' reporting currency, two decimals.
    NetRevenue,
    /// The reporting currency (ISO 4217).
    Currency,
    /// Day of the first purchase (YYYY-MM-DD).
    FirstPurchase,
    /// Day of the last purchase (YYYY-MM-DD).
    LastPurchase,
    /// Days since the last purchase as of the analysis date.
    RecencyDays,
    /// The row's coupon code (needs `coupon_prefix`).
    CouponCode,
    /// Predicted churn risk, 0–1, three decimals (the models' or the heuristic's).
    ChurnRisk,
    /// low / medium / high.
    ChurnBand,
    /// Predicted customer lifetime value, two decimals (reporting currency).
    Clv,
    /// The day by which one more purchase is expected (YYYY-MM-DD), empty when not within a year.
    NextPurchase,
}

impl Column {
    /// Every column, in the order they are offered.
    pub const ALL: [Column; 23] = [
        Column::CustomerId,
        Column::Email,
        Column::FirstName,
        Column::LastName,
        Column::Phone,
        Column::Country,
        Column::AcceptsMarketing,
        Column::Tags,
        Column::Segment,
        Column::Class8,
        Column::Tier,
        Column::Lifecycle,
        Column::Purchases,
        Column::NetRevenue,
        Column::Currency,
        Column::FirstPurchase,
        Column::LastPurchase,
        Column::RecencyDays,
        Column::CouponCode,
        Column::ChurnRisk,
        Column::ChurnBand,
        Column::Clv,
        Column::NextPurchase,
    ];

    /// Whether the column comes from the models' predictions.
    pub fn is_forecast(self) -> bool {
        matches!(
            self,
            Column::ChurnRisk | Column::ChurnBand | Column::Clv | Column::NextPurchase
        )
    }

    /// The generic layout's columns when none are chosen (the coupon code is added after them
    /// when coupons are on).
    pub const GENERIC_DEFAULT: [Column; 15] = [
        Column::CustomerId,
        Column::Email,
        Column::FirstName,
        Column::LastName,
        Column::Phone,
        Column::Country,
        Column::AcceptsMarketing,
        Column::Segment,
        Column::Class8,
        Column::Tier,
        Column::Lifecycle,
        Column::Purchases,
        Column::NetRevenue,
        Column::Currency,
        Column::LastPurchase,
    ];

    /// The name `--columns` and the JSON spec use.
    pub fn key(self) -> &'static str {
        match self {
            Column::CustomerId => "customer_id",
            Column::Email => "email",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Phone => "phone",
            Column::Country => "country",
            Column::AcceptsMarketing => "accepts_marketing",
            Column::Tags => "tags",
            Column::Segment => "segment",
            Column::Class8 => "class8",
            Column::Tier => "tier",
            Column::Lifecycle => "lifecycle",
            Column::Purchases => "purchases",
            Column::NetRevenue => "net_revenue",
            Column::Currency => "currency",
            Column::FirstPurchase => "first_purchase",
            Column::LastPurchase => "last_purchase",
            Column::RecencyDays => "recency_days",
            Column::CouponCode => "coupon_code",
            Column::ChurnRisk => "churn_risk",
            Column::ChurnBand => "churn_band",
            Column::Clv => "clv",
            Column::NextPurchase => "next_purchase",
        }
    }

    /// The header in the generic layout (and for extra columns of Klaviyo and Mailchimp).
    pub fn header(self) -> &'static str {
        match self {
            Column::CustomerId => "Customer ID",
            Column::Email => "Email",
            Column::FirstName => "First Name",
            Column::LastName => "Last Name",
            Column::Phone => "Phone",
            Column::Country => "Country",
            Column::AcceptsMarketing => "Accepts Marketing",
            Column::Tags => "Tags",
            Column::Segment => "Segment",
            Column::Class8 => "8-Class",
            Column::Tier => "Tier",
            Column::Lifecycle => "Lifecycle",
            Column::Purchases => "Purchases",
            Column::NetRevenue => "Net Revenue",
            Column::Currency => "Currency",
            Column::FirstPurchase => "First Purchase",
            Column::LastPurchase => "Last Purchase",
            Column::RecencyDays => "Days Since Last Purchase",
            Column::CouponCode => "Coupon Code",
            Column::ChurnRisk => "Churn Risk",
            Column::ChurnBand => "Churn Risk Band",
            Column::Clv => "Predicted CLV",
            Column::NextPurchase => "Expected Next Purchase",
        }
    }
}

impl FromStr for Column {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, ExportError> {
        let k = key(s);
        Column::ALL
            .into_iter()
            .find(|c| key(c.key()) == k || key(c.header()) == k)
            .ok_or_else(|| {
                let all: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
                unknown("column", s, &all.join(", "))
            })
    }
}

/// Parses a comma-separated column list such as `email,first_name,segment`.
pub fn parse_columns(s: &str) -> Result<Vec<Column>, ExportError> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::parse)
        .collect()
}

/// An R×F segment by name, ignoring case, spaces and punctuation: "Champions", "at-risk",
/// "cant_lose_them"; "Loyal" and "New" stand for "Loyal Customers" and "New Customers".
pub fn parse_segment(s: &str) -> Result<Segment, ExportError> {
    let k = key(s);
    Segment::ALL
        .into_iter()
        .find(|seg| {
            let name = key(seg.name());
            name == k || name.strip_suffix("customers") == Some(k.as_str())
        })
        .ok_or_else(|| {
            let all: Vec<&str> = Segment::ALL.iter().map(|s| s.name()).collect();
            unknown("segment", s, &all.join(", "))
        })
}

/// An 8-class class by its Chinese name, with or without 客户 ("重要价值客户", "重要价值"), or
/// by its English key ("important-value", "general_retain").
pub fn parse_class8(s: &str) -> Result<Class8, ExportError> {
    let t = s.trim();
    let english = |c: Class8| match c {
        Class8::ImportantValue => "importantvalue",
        Class8::ImportantKeep => "importantkeep",
        Class8::ImportantDevelop => "importantdevelop",
        Class8::ImportantRetain => "importantretain",
        Class8::GeneralValue => "generalvalue",
        Class8::GeneralKeep => "generalkeep",
        Class8::GeneralDevelop => "generaldevelop",
        Class8::GeneralRetain => "generalretain",
    };
    Class8::ALL
        .into_iter()
        .find(|c| {
            c.name() == t || c.name().strip_suffix("客户") == Some(t) || english(*c) == key(t)
        })
        .ok_or_else(|| {
            unknown(
                "8-class class",
                s,
                "重要价值 重要保持 重要发展 重要挽留 一般价值 一般保持 一般发展 一般挽留 \
                 (or important-value … general-retain)",
            )
        })
}

/// A value tier: top, middle, bottom.
pub fn parse_tier(s: &str) -> Result<Tier, ExportError> {
    let k = key(s);
    Tier::ALL
        .into_iter()
        .find(|t| t.name() == k)
        .ok_or_else(|| unknown("tier", s, "top, middle, bottom"))
}

/// A lifecycle stage: prospect, new, active, dormant, churned.
pub fn parse_lifecycle(s: &str) -> Result<Lifecycle, ExportError> {
    let k = key(s);
    Lifecycle::ALL
        .into_iter()
        .find(|l| l.name() == k)
        .ok_or_else(|| {
            unknown(
                "lifecycle stage",
                s,
                "prospect, new, active, dormant, churned",
            )
        })
}

/// Lower-case ASCII letters and digits only: the comparison key of names typed by people.
fn key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unknown(kind: &'static str, value: &str, expected: &str) -> ExportError {
    ExportError::UnknownName {
        kind,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_typed_by_people_parse() {
        assert_eq!(parse_segment("Champions").unwrap(), Segment::Champions);
        assert_eq!(parse_segment("at-risk").unwrap(), Segment::AtRisk);
        assert_eq!(
            parse_segment("Can't Lose Them").unwrap(),
            Segment::CantLoseThem
        );
        assert_eq!(parse_segment("loyal").unwrap(), Segment::LoyalCustomers);
        assert_eq!(parse_segment("new").unwrap(), Segment::NewCustomers);
        assert!(parse_segment("VIP")
            .unwrap_err()
            .to_string()
            .contains("Champions"));
        assert_eq!(
            parse_class8("重要价值客户").unwrap(),
            Class8::ImportantValue
        );
        assert_eq!(parse_class8("一般挽留").unwrap(), Class8::GeneralRetain);
        assert_eq!(
            parse_class8("important-keep").unwrap(),
            Class8::ImportantKeep
        );
        assert!(parse_class8("重要").is_err());
        assert_eq!(parse_tier("Top").unwrap(), Tier::Top);
        assert_eq!(parse_lifecycle("dormant").unwrap(), Lifecycle::Dormant);
        assert!(parse_lifecycle("asleep").is_err());
        assert_eq!(
            "shopify".parse::<Preset>().unwrap(),
            Preset::ShopifyCustomerImport
        );
        assert_eq!("Klaviyo".parse::<Preset>().unwrap(), Preset::Klaviyo);
        assert!("hubspot".parse::<Preset>().is_err());
        assert_eq!(
            parse_columns("email, first_name,Net Revenue,coupon-code").unwrap(),
            vec![
                Column::Email,
                Column::FirstName,
                Column::NetRevenue,
                Column::CouponCode
            ]
        );
        assert!(parse_columns("email,shoe_size").is_err());
        for c in Column::ALL {
            assert_eq!(c.key().parse::<Column>().unwrap(), c);
        }
    }

    #[test]
    fn the_spec_round_trips_through_json_with_readable_names() {
        let spec = ExportSpec {
            segments: vec![Segment::Champions, Segment::AtRisk],
            classes: vec![Class8::ImportantValue],
            tiers: vec![Tier::Top],
            lifecycle: vec![Lifecycle::Active],
            overdue_only: true,
            countries: vec!["GB".into()],
            product_bought: Some("mug".into()),
            last_order_from: NaiveDate::from_ymd_opt(2011, 1, 1),
            last_order_to: NaiveDate::from_ymd_opt(2011, 12, 9),
            min_spend: Some(100.0),
            churn_risk: vec![ChurnBand::High],
            min_clv: Some(50.0),
            bought_item: Some(ItemRef {
                level: ItemRefLevel::Sku,
                name: "85123A".into(),
            }),
            not_bought_item: Some(ItemRef {
                level: ItemRefLevel::Category,
                name: "Candles".into(),
            }),
            include_no_consent: false,
            columns: vec![Column::Email, Column::NetRevenue],
            preset: Preset::Klaviyo,
            encoding: Encoding::Utf8Bom,
            coupon_prefix: Some("VIP".into()),
        };
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(
            json["segments"],
            serde_json::json!(["Champions", "At Risk"])
        );
        assert_eq!(json["classes"], serde_json::json!(["重要价值客户"]));
        assert_eq!(json["last_order_from"], "2011-01-01");
        assert_eq!(json["preset"], "klaviyo");
        assert_eq!(json["encoding"], "utf8_bom");
        assert_eq!(json["columns"], serde_json::json!(["email", "net_revenue"]));
        assert_eq!(json["churn_risk"], serde_json::json!(["high"]));
        assert_eq!(
            json["not_bought_item"],
            serde_json::json!({"level": "category", "name": "Candles"})
        );
        let back: ExportSpec = serde_json::from_value(json).unwrap();
        assert_eq!(back, spec);
        // Every field is optional: `{}` is "everyone with consent, generic layout".
        let empty: ExportSpec = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, ExportSpec::default());
        assert!(!empty.include_no_consent);
        assert_eq!(empty.preset, Preset::Generic);
    }
}
