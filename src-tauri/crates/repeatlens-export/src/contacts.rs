//! The customers' contact fields (which the analysis does not carry) and, when the spec filters
//! by product, who bought it. Read from the store in one pass each.

use std::collections::{HashMap, HashSet};

use repeatlens_store::Store;

use crate::{ExportError, ExportSpec, ItemRef, ItemRefLevel};

/// A customer's contact fields, as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    /// Email as stored (may be missing or malformed: see [`Contact::usable_email`]).
    pub email: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Phone number as stored.
    pub phone: Option<String>,
    /// Country as stored (a code or a name).
    pub country: Option<String>,
    /// `Some(true)` opted in; `Some(false)` opted out; `None` unknown (counts as no consent).
    pub accepts_marketing: Option<bool>,
    /// The platform's tags, comma-separated.
    pub tags: Option<String>,
}

impl Contact {
    /// Whether the customer opted in to marketing. Unknown consent is no consent.
    pub fn has_consent(&self) -> bool {
        self.accepts_marketing == Some(true)
    }

    /// The email, trimmed, when it looks like an address (has an `@`).
    pub fn usable_email(&self) -> Option<&str> {
        self.email
            .as_deref()
            .map(str::trim)
            .filter(|e| e.contains('@'))
    }
}

/// Contact fields by customer (`platform_id`), and the buyers of the spec's product text.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    by_customer: HashMap<String, Contact>,
    /// (the product text looked up, the customers who bought it).
    product_buyers: Option<(String, HashSet<String>)>,
    /// Buyers of exact SKUs or categories (the spec's `bought_item` and `not_bought_item`).
    item_buyers: Vec<(ItemRef, HashSet<String>)>,
}

impl Contacts {
    /// No contacts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the contact fields of `customer` (platform id), replacing earlier ones.
    pub fn insert(&mut self, customer: impl Into<String>, contact: Contact) {
        self.by_customer.insert(customer.into(), contact);
    }

    /// The contact fields of `customer`, if the store has a record.
    pub fn get(&self, customer: &str) -> Option<&Contact> {
        self.by_customer.get(customer)
    }

    /// Customers with contact fields.
    pub fn len(&self) -> usize {
        self.by_customer.len()
    }

    /// Whether no customer has contact fields.
    pub fn is_empty(&self) -> bool {
        self.by_customer.is_empty()
    }

    /// Records who bought a product matching `text` (the spec's `product_bought`).
    pub fn set_product_buyers(&mut self, text: &str, buyers: impl IntoIterator<Item = String>) {
        self.product_buyers = Some((text.trim().to_string(), buyers.into_iter().collect()));
    }

    /// Records who bought exactly `item`.
    pub fn set_item_buyers(&mut self, item: &ItemRef, buyers: impl IntoIterator<Item = String>) {
        self.item_buyers.retain(|(i, _)| i != item);
        self.item_buyers
            .push((item.clone(), buyers.into_iter().collect()));
    }

    /// The buyers of `item`, if they were looked up.
    pub(crate) fn item_buyers(&self, item: &ItemRef) -> Option<&HashSet<String>> {
        self.item_buyers
            .iter()
            .find(|(i, _)| i == item)
            .map(|(_, s)| s)
    }

    /// The buyers of `text`, if they were looked up for exactly that text.
    pub(crate) fn buyers_of(&self, text: &str) -> Option<&HashSet<String>> {
        match &self.product_buyers {
            Some((t, set)) if t == text => Some(set),
            _ => None,
        }
    }
}

/// Reads every customer's contact fields of a store and, if the spec filters by product, the
/// customers who bought a matching product.
pub fn load_contacts(
    store: &Store,
    store_id: i64,
    spec: &ExportSpec,
) -> Result<Contacts, ExportError> {
    let owned = |s: Option<&str>| s.map(str::to_string);
    let mut contacts = Contacts::new();
    store.scan_contacts(store_id, |c| {
        contacts.insert(
            c.platform_id,
            Contact {
                email: owned(c.email),
                first_name: owned(c.first_name),
                last_name: owned(c.last_name),
                phone: owned(c.phone),
                country: owned(c.country),
                accepts_marketing: c.accepts_marketing,
                tags: owned(c.tags),
            },
        );
    })?;
    if let Some(text) = spec.product_text() {
        let mut buyers = Vec::new();
        store.scan_product_buyers(store_id, text, |id| buyers.push(id.to_string()))?;
        contacts.set_product_buyers(text, buyers);
    }
    for item in spec.bought_item.iter().chain(&spec.not_bought_item) {
        let field = match item.level {
            ItemRefLevel::Sku => repeatlens_store::contacts::ItemField::Sku,
            ItemRefLevel::Category => repeatlens_store::contacts::ItemField::Category,
        };
        let mut buyers = Vec::new();
        store.scan_item_buyers(store_id, field, &item.name, |id| {
            buyers.push(id.to_string())
        })?;
        contacts.set_item_buyers(item, buyers);
    }
    Ok(contacts)
}
