//! Who is on the list: the spec's filters over the analysis' customer rows, then the consent
//! and email rules, with the count of everyone left out and why.

use std::collections::HashSet;

use repeatlens_analytics::{Analysis, Class8, Lifecycle, Segment, Tier};
use serde::Serialize;

use repeatlens_engine::PredictedCustomer;

use crate::{Contact, Contacts, ExportError, ExportSpec};

/// The models' predictions by platform customer id (`repeatlens_engine::PredictionSet`), as
/// the app keeps them beside its analysis and the CLI fits them for a list.
pub type Forecasts = std::collections::HashMap<String, PredictedCustomer>;

/// One customer on the list: the analysis' labels and figures with the contact fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelectedRow {
    /// The platform's customer id.
    pub customer: String,
    /// Email as stored.
    pub email: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Phone number as stored.
    pub phone: Option<String>,
    /// Customer record country.
    pub country: Option<String>,
    /// Marketing consent: opted in, opted out, or unknown (`None`).
    pub accepts_marketing: Option<bool>,
    /// The platform's tags.
    pub tags: Option<String>,
    /// R×F segment (`None` for prospects).
    pub segment: Option<Segment>,
    /// 8-class (`None` for prospects).
    pub class8: Option<Class8>,
    /// Value tier (`None` for prospects).
    pub tier: Option<Tier>,
    /// Lifecycle stage.
    pub lifecycle: Lifecycle,
    /// Purchases counted by the analysis.
    pub purchases: u64,
    /// Reporting currency, major units; negative when refunds exceed purchases.
    pub net_revenue: f64,
    /// Day of the first purchase (YYYY-MM-DD).
    pub first_purchase: Option<String>,
    /// Day of the last purchase.
    pub last_purchase: Option<String>,
    /// Days from the last purchase to the as-of day.
    pub recency_days: Option<u32>,
    /// The models' figures, when the spec needs them.
    pub forecast: Option<PredictedCustomer>,
}

/// The result of [`select`]: the rows to write (highest net revenue first) and the counts a
/// preview shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Selection {
    /// The customers on the list, highest net revenue first.
    pub rows: Vec<SelectedRow>,
    /// Customers that pass every filter, before the consent and email rules.
    pub total_matched: u64,
    /// Matched, but left out for lack of marketing consent (opted out or unknown).
    pub excluded_no_consent: u64,
    /// Matched, with consent (or consent not required), but left out because the preset's
    /// importer needs an email and the customer has none.
    pub excluded_no_email: u64,
    /// Reporting currency of `net_revenue`.
    pub currency: String,
    /// The analysis date the labels are for.
    pub as_of: String,
}

impl Selection {
    /// The first `n` rows, for a preview.
    pub fn preview(&self, n: usize) -> &[SelectedRow] {
        &self.rows[..n.min(self.rows.len())]
    }
}

/// Applies the spec to an analysis made with `params.include_customers`, the store's contacts
/// (from [`crate::load_contacts`]) and, when the spec filters on or writes predictions, the
/// models' forecasts as of the same date.
///
/// Order of the rules: the filters decide `total_matched`; of those, customers without
/// consent are left out first (unless `include_no_consent`), then customers without an email
/// when the preset needs one. Each left-out customer is counted once, under the first rule
/// that left them out. Rows are sorted by net revenue, highest first, then by customer id.
pub fn select(
    spec: &ExportSpec,
    analysis: &Analysis,
    contacts: &Contacts,
    forecasts: Option<&Forecasts>,
) -> Result<Selection, ExportError> {
    let forecasts = if spec.needs_forecasts() {
        Some(forecasts.ok_or(ExportError::ForecastsNotLoaded)?)
    } else {
        None
    };
    let item_buyers = |item: &Option<crate::ItemRef>| match item {
        Some(i) => contacts
            .item_buyers(i)
            .map(Some)
            .ok_or_else(|| ExportError::ProductBuyersNotLoaded(i.name.clone())),
        None => Ok(None),
    };
    let bought = item_buyers(&spec.bought_item)?;
    let not_bought = item_buyers(&spec.not_bought_item)?;
    let known: u64 = analysis.lifecycle.stages.iter().map(|s| s.customers).sum();
    if analysis.customers.is_empty() && known > 0 {
        return Err(ExportError::NoCustomerRows);
    }
    if let (Some(from), Some(to)) = (spec.last_order_from, spec.last_order_to) {
        if from > to {
            return Err(ExportError::BadDateRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    let overdue: Option<HashSet<&str>> = if spec.overdue_only {
        let r = &analysis.repurchase;
        if (r.overdue.len() as u64) < r.overdue_total {
            return Err(ExportError::OverdueListTruncated {
                listed: r.overdue.len() as u64,
                total: r.overdue_total,
            });
        }
        Some(r.overdue.iter().map(|o| o.customer.as_str()).collect())
    } else {
        None
    };
    let buyers = match spec.product_text() {
        Some(text) => Some(
            contacts
                .buyers_of(text)
                .ok_or_else(|| ExportError::ProductBuyersNotLoaded(text.to_string()))?,
        ),
        None => None,
    };
    let countries: Vec<String> = spec
        .countries
        .iter()
        .map(|c| c.trim().to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let from = spec
        .last_order_from
        .map(|d| d.format("%Y-%m-%d").to_string());
    let to = spec.last_order_to.map(|d| d.format("%Y-%m-%d").to_string());

    let no_contact = Contact::default();
    let mut sel = Selection {
        rows: Vec::new(),
        total_matched: 0,
        excluded_no_consent: 0,
        excluded_no_email: 0,
        currency: analysis.currency.clone(),
        as_of: analysis.as_of.date.clone(),
    };
    for c in &analysis.customers {
        let contact = contacts.get(&c.customer).unwrap_or(&no_contact);
        let matched = one_of(&spec.segments, c.segment)
            && one_of(&spec.classes, c.class8)
            && one_of(&spec.tiers, c.tier)
            && one_of(&spec.lifecycle, Some(c.lifecycle))
            && overdue
                .as_ref()
                .is_none_or(|o| o.contains(c.customer.as_str()))
            && buyers.is_none_or(|b| b.contains(&c.customer))
            && (countries.is_empty()
                || contact
                    .country
                    .as_deref()
                    .is_some_and(|k| countries.contains(&k.trim().to_lowercase())))
            // Dates are YYYY-MM-DD, so they compare as text.
            && from.as_deref().is_none_or(|f| {
                c.last_purchase.as_deref().is_some_and(|d| d >= f)
            })
            && to
                .as_deref()
                .is_none_or(|t| c.last_purchase.as_deref().is_some_and(|d| d <= t))
            && spec.min_spend.is_none_or(|m| c.net_revenue >= m)
            && bought.is_none_or(|b| b.contains(&c.customer))
            && not_bought.is_none_or(|b| !b.contains(&c.customer));
        if !matched {
            continue;
        }
        let forecast = forecasts.and_then(|f| f.get(&c.customer)).cloned();
        if forecasts.is_some() {
            let f = forecast.as_ref();
            let band_ok = spec.churn_risk.is_empty()
                || f.and_then(|f| f.churn_band)
                    .is_some_and(|b| spec.churn_risk.contains(&b));
            let clv_ok = spec
                .min_clv
                .is_none_or(|m| f.and_then(|f| f.clv).is_some_and(|v| v >= m));
            if !(band_ok && clv_ok) {
                continue;
            }
        }
        sel.total_matched += 1;
        if !spec.include_no_consent && !contact.has_consent() {
            sel.excluded_no_consent += 1;
            continue;
        }
        if spec.preset.requires_email() && contact.usable_email().is_none() {
            sel.excluded_no_email += 1;
            continue;
        }
        sel.rows.push(SelectedRow {
            customer: c.customer.clone(),
            email: contact.usable_email().map(str::to_string),
            first_name: contact.first_name.clone(),
            last_name: contact.last_name.clone(),
            phone: contact.phone.clone(),
            country: contact.country.clone(),
            accepts_marketing: contact.accepts_marketing,
            tags: contact.tags.clone(),
            segment: c.segment,
            class8: c.class8,
            tier: c.tier,
            lifecycle: c.lifecycle,
            purchases: c.purchases,
            net_revenue: c.net_revenue,
            first_purchase: c.first_purchase.clone(),
            last_purchase: c.last_purchase.clone(),
            recency_days: c.recency_days,
            forecast,
        });
    }
    sel.rows.sort_by(|a, b| {
        b.net_revenue
            .total_cmp(&a.net_revenue)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    Ok(sel)
}

/// An empty filter lets everyone through; otherwise the value must be one of those wanted.
fn one_of<T: PartialEq>(wanted: &[T], value: Option<T>) -> bool {
    wanted.is_empty() || value.is_some_and(|v| wanted.contains(&v))
}
