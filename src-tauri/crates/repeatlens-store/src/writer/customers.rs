//! Customers: merged field by field (a partial record keeps what is stored), found by platform
//! id or, across the CSV/API key gap, by the normalized email a CSV keyed them by.

use rusqlite::types::ToSql;
use rusqlite::{params, OptionalExtension};

use super::{keyed, read_stored, verdict, Change, Kind, Stored, Verdict, Writer};
use crate::model::*;
use crate::RawKind;
use crate::Result;

impl Writer<'_> {
    /// Row id of a customer written in this batch or stored before. A file key that is an email
    /// resolves to the API customer with that email (module docs of `writer`).
    pub(super) fn customer_id(&mut self, platform_id: &str) -> Result<Option<i64>> {
        if let Some(id) = self.customers.get(platform_id) {
            return Ok(Some(*id));
        }
        let mut id = self.lookup("customers", platform_id)?;
        if id.is_none() {
            id = self.api_customer_by_email_key(platform_id)?.map(|s| s.id);
        }
        if let Some(id) = id {
            self.customers.insert(platform_id.to_string(), id);
        }
        Ok(id)
    }

    /// For a file record keyed by an email: the live API customer with that email.
    fn api_customer_by_email_key(&self, platform_id: &str) -> Result<Option<Stored>> {
        if self.fresh_store || self.source != Source::File {
            return Ok(None);
        }
        let Some(email) = normalize_email(platform_id).filter(|e| e == platform_id) else {
            return Ok(None);
        };
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, source, updated_at, deleted_at FROM customers \
                 WHERE email_normalized = ?2 AND store_id = ?1 AND source = 'api' \
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![self.store_id, email], read_stored)
            .optional()?)
    }

    /// The stored customer a record describes: by platform id, by the email key bridge, or
    /// (for an API record) the file customer keyed by its email, which it adopts.
    fn stored_customer(
        &mut self,
        c: &CustomerRecord,
        email: Option<&str>,
    ) -> Result<Option<Stored>> {
        if let Some(s) = self.stored("customers", &c.platform_id)? {
            return Ok(Some(s));
        }
        if let Some(s) = self.api_customer_by_email_key(&c.platform_id)? {
            return Ok(Some(s));
        }
        let (Source::Api, Some(email), false) = (self.source, email, self.fresh_store) else {
            return Ok(None);
        };
        let found = self
            .tx
            .prepare_cached(
                "SELECT id, source, updated_at, deleted_at FROM customers \
                 WHERE store_id = ?1 AND platform_id = ?2 AND source = 'file'",
            )?
            .query_row(params![self.store_id, email], read_stored)
            .optional()?;
        if let Some(s) = &found {
            self.tx
                .prepare_cached("UPDATE customers SET platform_id = ?2 WHERE id = ?1")?
                .execute(params![s.id, c.platform_id])?;
            self.customers.remove(email);
        }
        Ok(found)
    }

    /// Inserts or merges a customer. `None` fields keep what is stored. See the module docs of
    /// `writer` for which record wins over which.
    pub fn customer(&mut self, c: &CustomerRecord) -> Result<Change> {
        let email_norm = c.email.as_deref().and_then(normalize_email);
        let accepts = c.accepts_marketing.map(i64::from);
        let cached = self.customers.get(&c.platform_id).copied();
        let stored = match cached {
            Some(id) => Some(
                self.tx
                    .prepare_cached(
                        "SELECT id, source, updated_at, deleted_at FROM customers WHERE id = ?1",
                    )?
                    .query_row([id], read_stored)?,
            ),
            None => self.stored_customer(c, email_norm.as_deref())?,
        };
        let mut stale = false;
        let change = match stored {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO customers (store_id, platform_id, email, email_normalized, \
                         first_name, last_name, phone, country, accepts_marketing, created_at, \
                         updated_at, total_spent_minor, orders_count, tags, source) \
                         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                    )?
                    .execute(keyed(
                        params![self.store_id, c.platform_id],
                        &customer_values(c, &email_norm, &accepts, &self.source.as_str()),
                    ))?;
                let id = self.tx.last_insert_rowid();
                self.customers.insert(c.platform_id.clone(), id);
                Change::New
            }
            Some(s) => {
                self.customers.insert(c.platform_id.clone(), s.id);
                match verdict(&s, self.source, c.updated_at) {
                    Verdict::Stale => {
                        stale = true;
                        Change::Unchanged
                    }
                    v => {
                        let mut n = self.merge_customer(s.id, c, &email_norm, accepts)?;
                        if v == Verdict::Revive {
                            n += self
                                .tx
                                .prepare_cached(
                                    "UPDATE customers SET deleted_at = NULL WHERE id = ?1",
                                )?
                                .execute([s.id])?;
                        }
                        if n > 0 {
                            Change::Updated
                        } else {
                            Change::Unchanged
                        }
                    }
                }
            }
        };
        if !stale {
            if let Some(raw) = &c.raw {
                self.raw_payload(RawKind::Customer, &c.platform_id, raw)?;
            }
        }
        match self.customer_changes.get(&c.platform_id).copied() {
            None => {
                self.counts.count(Kind::Customer, change);
                self.counts.stale += u64::from(stale);
                self.customer_changes.insert(c.platform_id.clone(), change);
            }
            Some(Change::Unchanged) if change == Change::Updated => {
                self.counts.customers_unchanged -= 1;
                self.counts.customers_updated += 1;
                self.customer_changes.insert(c.platform_id.clone(), change);
            }
            Some(_) => {}
        }
        Ok(change)
    }

    /// Merge: a provided value replaces the stored one; a missing one keeps it. The source
    /// becomes this writer's (a file writer never gets here for an API row).
    fn merge_customer(
        &self,
        id: i64,
        c: &CustomerRecord,
        email_norm: &Option<String>,
        accepts: Option<i64>,
    ) -> Result<usize> {
        Ok(self
            .tx
            .prepare_cached(
                "UPDATE customers SET email = coalesce(?2, email), \
                 email_normalized = coalesce(?3, email_normalized), \
                 first_name = coalesce(?4, first_name), last_name = coalesce(?5, last_name), \
                 phone = coalesce(?6, phone), country = coalesce(?7, country), \
                 accepts_marketing = coalesce(?8, accepts_marketing), \
                 created_at = coalesce(?9, created_at), updated_at = coalesce(?10, updated_at), \
                 total_spent_minor = coalesce(?11, total_spent_minor), \
                 orders_count = coalesce(?12, orders_count), tags = coalesce(?13, tags), \
                 source = ?14 \
                 WHERE id = ?1 AND ( \
                   (?2 IS NOT NULL AND ?2 IS NOT email) OR (?3 IS NOT NULL AND ?3 IS NOT email_normalized) OR \
                   (?4 IS NOT NULL AND ?4 IS NOT first_name) OR (?5 IS NOT NULL AND ?5 IS NOT last_name) OR \
                   (?6 IS NOT NULL AND ?6 IS NOT phone) OR (?7 IS NOT NULL AND ?7 IS NOT country) OR \
                   (?8 IS NOT NULL AND ?8 IS NOT accepts_marketing) OR (?9 IS NOT NULL AND ?9 IS NOT created_at) OR \
                   (?10 IS NOT NULL AND ?10 IS NOT updated_at) OR (?11 IS NOT NULL AND ?11 IS NOT total_spent_minor) OR \
                   (?12 IS NOT NULL AND ?12 IS NOT orders_count) OR (?13 IS NOT NULL AND ?13 IS NOT tags) OR \
                   ?14 IS NOT source)",
            )?
            .execute(keyed(
                params![id],
                &customer_values(c, email_norm, &accepts, &self.source.as_str()),
            ))?)
    }
}

/// A customer's column values from `email` to `source`, bound after the key by both its INSERT
/// (from ?3) and its merge UPDATE (from ?2).
fn customer_values<'a>(
    c: &'a CustomerRecord,
    email_norm: &'a Option<String>,
    accepts: &'a Option<i64>,
    source: &'a &'static str,
) -> [&'a dyn ToSql; 13] {
    [
        &c.email,
        email_norm,
        &c.first_name,
        &c.last_name,
        &c.phone,
        &c.country,
        accepts,
        &c.created_at,
        &c.updated_at,
        &c.total_spent_minor,
        &c.orders_count,
        &c.tags,
        source,
    ]
}
