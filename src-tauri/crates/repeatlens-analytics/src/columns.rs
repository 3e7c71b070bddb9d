//! A [`Dataset`] as named byte columns, and back: the analysis cache's format.
//!
//! Why: building a dataset from SQLite reads every order and line row through the SQL engine
//! (seconds at millions of lines); the built columns are a few flat arrays. Saved next to the
//! rows (the store keeps them in the same SQLite file and drops them on any write), they load
//! with one copy per column, so a repeated analysis costs little more than the analysis itself.
//!
//! The format is deliberately dumb: each column is its values in little-endian order, strings
//! are a count, their lengths and their bytes. A `header` column (JSON) records the format
//! version, the byte order, the sizes and what is not a column (timezone, reporting currency,
//! orders without an exchange rate). Decoding checks sizes and that every index points inside
//! its table, so a damaged cache is rejected (and rebuilt by the caller) instead of panicking
//! later in the analysis.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, FxMissing, Interner, Strings, NONE};

/// Bumped whenever the layout below changes; a cache of another version is not read.
pub const COLUMNS_FORMAT: u32 = 1;

/// Where [`Dataset::from_columns`] reads named columns from (the store's cache tables). Reads
/// may come from two threads at once.
pub trait ColumnSource: Sync {
    /// Byte length of column `name`, or `None` when it is missing.
    fn column_len(&self, name: &str) -> Result<Option<usize>, String>;
    /// Fills `out` (exactly [`ColumnSource::column_len`] bytes) with column `name`.
    fn read_column(&self, name: &str, out: &mut [u8]) -> Result<(), String>;
}

/// A column to save: its name and bytes (borrowed from the dataset where the layout allows).
pub struct Column<'a> {
    /// Column name, as the cache table stores it.
    pub name: &'static str,
    /// The column's bytes in the cache format.
    pub bytes: std::borrow::Cow<'a, [u8]>,
}

/// Why cached columns could not be turned back into a dataset.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ColumnsError {
    /// The cache could not be read (the source's own message).
    #[error("the cached columns are unreadable: {0}")]
    Source(String),
    /// A column the format requires is absent.
    #[error("the cached columns lack '{0}'")]
    Missing(&'static str),
    /// The cache was written by another format version.
    #[error(
        "the cached columns were written in format {found} (this version reads {COLUMNS_FORMAT})"
    )]
    Format {
        /// The format version the cache was written in.
        found: u32,
    },
    /// Sizes or indices do not fit together: the cache is damaged.
    #[error("the cached columns are inconsistent: {0}")]
    Inconsistent(String),
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    little_endian: bool,
    timezone: String,
    reporting_currency: String,
    customers: usize,
    orders: usize,
    lines: usize,
    refunds: usize,
    fx_missing: Vec<(String, u64, u64)>,
}

/// Fixed-size values stored as their little-endian bytes.
trait Plain: Copy + Default {
    const SIZE: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Plain for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("sized chunk"))
            }
        }
    )*};
}
plain!(u8, u32, i32, i64);

/// The bytes of a slice of numbers. On little-endian machines (all the app ships on) this
/// borrows the slice's memory; elsewhere it converts.
fn bytes_of<T: Plain>(v: &[T]) -> std::borrow::Cow<'_, [u8]> {
    if cfg!(target_endian = "little") {
        // SAFETY: `T` is one of u8/u32/i32/i64 (the `Plain` impls): no padding, every byte
        // initialised, and on a little-endian machine their memory is their LE encoding.
        std::borrow::Cow::Borrowed(unsafe {
            std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v))
        })
    } else {
        let mut out = Vec::with_capacity(v.len() * T::SIZE);
        for &x in v {
            x.put(&mut out);
        }
        std::borrow::Cow::Owned(out)
    }
}

/// Reads column `name` of `n` values straight into a new vector.
fn read_vec<T: Plain>(
    src: &dyn ColumnSource,
    name: &'static str,
    n: usize,
) -> Result<Vec<T>, ColumnsError> {
    let len = src
        .column_len(name)
        .map_err(ColumnsError::Source)?
        .ok_or(ColumnsError::Missing(name))?;
    if len != n * T::SIZE {
        return Err(ColumnsError::Inconsistent(format!(
            "column '{name}' has {len} bytes, expected {n} values of {} bytes",
            T::SIZE
        )));
    }
    let mut v = vec![T::default(); n];
    if cfg!(target_endian = "little") {
        // SAFETY: as in `bytes_of`; any byte pattern is a valid u8/u32/i32/i64.
        let bytes = unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<u8>(), len) };
        src.read_column(name, bytes).map_err(ColumnsError::Source)?;
    } else {
        let mut bytes = vec![0u8; len];
        src.read_column(name, &mut bytes)
            .map_err(ColumnsError::Source)?;
        for (x, chunk) in v.iter_mut().zip(bytes.chunks_exact(T::SIZE)) {
            *x = T::get(chunk);
        }
    }
    Ok(v)
}

fn read_bytes(src: &dyn ColumnSource, name: &'static str) -> Result<Vec<u8>, ColumnsError> {
    let len = src
        .column_len(name)
        .map_err(ColumnsError::Source)?
        .ok_or(ColumnsError::Missing(name))?;
    let mut v = vec![0u8; len];
    src.read_column(name, &mut v)
        .map_err(ColumnsError::Source)?;
    Ok(v)
}

/// Strings as: count (u64), each length (u32), then all bytes.
fn encode_strings(names: &[String]) -> Vec<u8> {
    let total: usize = names.iter().map(String::len).sum();
    let mut out = Vec::with_capacity(8 + 4 * names.len() + total);
    (names.len() as u64)
        .to_le_bytes()
        .iter()
        .for_each(|&b| out.push(b));
    for s in names {
        (s.len() as u32).put(&mut out);
    }
    for s in names {
        out.extend_from_slice(s.as_bytes());
    }
    out
}

fn decode_strings(bytes: &[u8], name: &str) -> Result<Vec<String>, ColumnsError> {
    let bad = || ColumnsError::Inconsistent(format!("string column '{name}' is truncated"));
    let n = u64::from_le_bytes(bytes.get(..8).ok_or_else(bad)?.try_into().expect("8")) as usize;
    let lens = bytes.get(8..8 + 4 * n).ok_or_else(bad)?;
    let mut at = 8 + 4 * n;
    let mut out = Vec::with_capacity(n);
    for chunk in lens.chunks_exact(4) {
        let len = u32::get(chunk) as usize;
        let s = bytes.get(at..at + len).ok_or_else(bad)?;
        out.push(
            String::from_utf8(s.to_vec())
                .map_err(|_| ColumnsError::Inconsistent(format!("'{name}' is not UTF-8")))?,
        );
        at += len;
    }
    if at != bytes.len() {
        return Err(bad());
    }
    Ok(out)
}

/// Options and flags as one byte each: 0 = false, 1 = true, 2 = unknown.
fn encode_opt_bools(v: &[Option<bool>]) -> Vec<u8> {
    v.iter()
        .map(|b| match b {
            Some(false) => 0,
            Some(true) => 1,
            None => 2,
        })
        .collect()
}

/// Everything but the columns `from_columns` reads on its second thread (left empty here).
fn read_main(
    src: &dyn ColumnSource,
    header: Header,
    tz: chrono_tz::Tz,
) -> Result<Dataset, ColumnsError> {
    let (nc, no, nl, nr) = (
        header.customers,
        header.orders,
        header.lines,
        header.refunds,
    );
    let strings = |name: &'static str| decode_strings(&read_bytes(src, name)?, name);
    let interner = |name: &'static str| {
        Interner::from_names(strings(name)?)
            .ok_or_else(|| ColumnsError::Inconsistent(format!("'{name}' repeats a name")))
    };
    let flags = |name: &'static str, n: usize| {
        read_vec::<u8>(src, name, n)?
            .into_iter()
            .map(|b| match b {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(ColumnsError::Inconsistent(format!("'{name}' holds {b}"))),
            })
            .collect::<Result<Vec<bool>, _>>()
    };
    Ok(Dataset {
        tz,
        reporting_currency: header.reporting_currency,
        strings: Strings {
            countries: interner("countries")?,
            skus: interner("skus")?,
            categories: interner("categories")?,
            platforms: interner("platforms")?,
            currencies: interner("currencies")?,
        },
        cust_platform_id: strings("cust_platform_id")?,
        cust_country: read_vec(src, "cust_country", nc)?,
        cust_accepts_marketing: read_vec::<u8>(src, "cust_accepts_marketing", nc)?
            .into_iter()
            .map(|b| match b {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
            .collect(),
        cust_has_record: flags("cust_has_record", nc)?,
        ord_customer: read_vec(src, "ord_customer", no)?,
        ord_day: read_vec(src, "ord_day", no)?,
        ord_total_rep: Vec::new(),
        ord_flags: read_vec(src, "ord_flags", no)?,
        ord_ship_country: read_vec(src, "ord_ship_country", no)?,
        ord_days_to_fulfilment: Vec::new(),
        ord_days_to_delivery: Vec::new(),
        ord_platform: read_vec(src, "ord_platform", no)?,
        cust_order_start: read_vec(src, "cust_order_start", nc + 1)?,
        cust_orders: read_vec(src, "cust_orders", no)?,
        ord_rank: read_vec(src, "ord_rank", no)?,
        line_offsets: read_vec(src, "line_offsets", no + 1)?,
        line_sku: Vec::new(),
        line_category: read_vec(src, "line_category", nl)?,
        ref_customer: read_vec(src, "ref_customer", nr)?,
        ref_order: read_vec(src, "ref_order", nr)?,
        ref_day: read_vec(src, "ref_day", nr)?,
        ref_rep: read_vec(src, "ref_rep", nr)?,
        ref_fx_ok: flags("ref_fx_ok", nr)?,
        fx_missing: header
            .fx_missing
            .into_iter()
            .map(|(currency, orders, refunds)| FxMissing {
                currency,
                orders,
                refunds,
            })
            .collect(),
    })
}

/// Every index in `v` is below `n` (or is the "none" marker when `none_ok`).
fn check_index(v: &[u32], n: usize, none_ok: bool, what: &str) -> Result<(), ColumnsError> {
    let bad = v
        .iter()
        .any(|&x| (x as usize) >= n && !(none_ok && x == NONE));
    if bad {
        return Err(ColumnsError::Inconsistent(format!(
            "'{what}' points outside its table of {n}"
        )));
    }
    Ok(())
}

impl Dataset {
    /// The dataset as named columns, for [`Dataset::from_columns`].
    pub fn to_columns(&self) -> Vec<Column<'_>> {
        let header = Header {
            format: COLUMNS_FORMAT,
            little_endian: true,
            timezone: self.tz.name().to_string(),
            reporting_currency: self.reporting_currency.clone(),
            customers: self.customers(),
            orders: self.orders(),
            lines: self.lines(),
            refunds: self.refunds(),
            fx_missing: self
                .fx_missing
                .iter()
                .map(|m| (m.currency.clone(), m.orders, m.refunds))
                .collect(),
        };
        let owned = |name, bytes: Vec<u8>| Column {
            name,
            bytes: std::borrow::Cow::Owned(bytes),
        };
        let plain = |name, bytes| Column { name, bytes };
        let s = &self.strings;
        vec![
            owned(
                "header",
                serde_json::to_vec(&header).expect("the header serialises"),
            ),
            owned("cust_platform_id", encode_strings(&self.cust_platform_id)),
            plain("cust_country", bytes_of(&self.cust_country)),
            owned(
                "cust_accepts_marketing",
                encode_opt_bools(&self.cust_accepts_marketing),
            ),
            owned(
                "cust_has_record",
                self.cust_has_record.iter().map(|&b| b as u8).collect(),
            ),
            plain("ord_customer", bytes_of(&self.ord_customer)),
            plain("ord_day", bytes_of(&self.ord_day)),
            plain("ord_total_rep", bytes_of(&self.ord_total_rep)),
            plain("ord_flags", bytes_of(&self.ord_flags)),
            plain("ord_ship_country", bytes_of(&self.ord_ship_country)),
            plain(
                "ord_days_to_fulfilment",
                bytes_of(&self.ord_days_to_fulfilment),
            ),
            plain("ord_days_to_delivery", bytes_of(&self.ord_days_to_delivery)),
            plain("ord_platform", bytes_of(&self.ord_platform)),
            plain("cust_order_start", bytes_of(&self.cust_order_start)),
            plain("cust_orders", bytes_of(&self.cust_orders)),
            plain("ord_rank", bytes_of(&self.ord_rank)),
            plain("line_offsets", bytes_of(&self.line_offsets)),
            plain("line_sku", bytes_of(&self.line_sku)),
            plain("line_category", bytes_of(&self.line_category)),
            plain("ref_customer", bytes_of(&self.ref_customer)),
            plain("ref_order", bytes_of(&self.ref_order)),
            plain("ref_day", bytes_of(&self.ref_day)),
            plain("ref_rep", bytes_of(&self.ref_rep)),
            owned(
                "ref_fx_ok",
                self.ref_fx_ok.iter().map(|&b| b as u8).collect(),
            ),
            owned("countries", encode_strings(&s.countries.names)),
            owned("skus", encode_strings(&s.skus.names)),
            owned("categories", encode_strings(&s.categories.names)),
            owned("platforms", encode_strings(&s.platforms.names)),
            owned("currencies", encode_strings(&s.currencies.names)),
        ]
    }

    /// Rebuilds a dataset saved with [`Dataset::to_columns`]. The largest columns are read on
    /// a second thread (the source must allow concurrent reads: the store opens a second
    /// connection), so a large store loads in about half the time.
    pub fn from_columns(src: &dyn ColumnSource) -> Result<Dataset, ColumnsError> {
        let header: Header = serde_json::from_slice(&read_bytes(src, "header")?)
            .map_err(|e| ColumnsError::Inconsistent(format!("header: {e}")))?;
        if header.format != COLUMNS_FORMAT {
            return Err(ColumnsError::Format {
                found: header.format,
            });
        }
        if !header.little_endian {
            return Err(ColumnsError::Inconsistent("byte order".into()));
        }
        let tz = header
            .timezone
            .parse()
            .map_err(|_| ColumnsError::Inconsistent(format!("timezone {}", header.timezone)))?;
        let (no, nl) = (header.orders, header.lines);
        type Side = (Vec<u32>, Vec<i32>, Vec<i32>, Vec<i64>);
        let (side, d) = std::thread::scope(|s| {
            let side = s.spawn(|| -> Result<Side, ColumnsError> {
                Ok((
                    read_vec(src, "line_sku", nl)?,
                    read_vec(src, "ord_days_to_fulfilment", no)?,
                    read_vec(src, "ord_days_to_delivery", no)?,
                    read_vec(src, "ord_total_rep", no)?,
                ))
            });
            let d = read_main(src, header, tz);
            (side.join().expect("the column reader panicked"), d)
        });
        let mut d = d?;
        (
            d.line_sku,
            d.ord_days_to_fulfilment,
            d.ord_days_to_delivery,
            d.ord_total_rep,
        ) = side?;
        d.check()?;
        Ok(d)
    }

    /// The invariants the analysis indexes by: sizes agree and every index is in range.
    fn check(&self) -> Result<(), ColumnsError> {
        let (nc, no, nl) = (self.customers(), self.orders(), self.lines());
        if self.cust_platform_id.len() != self.cust_country.len() {
            return Err(ColumnsError::Inconsistent("customer columns differ".into()));
        }
        let s = &self.strings;
        check_index(
            &self.cust_country,
            s.countries.names.len(),
            true,
            "cust_country",
        )?;
        check_index(&self.ord_customer, nc, true, "ord_customer")?;
        check_index(
            &self.ord_ship_country,
            s.countries.names.len(),
            true,
            "ord_ship_country",
        )?;
        check_index(
            &self.ord_platform,
            s.platforms.names.len(),
            false,
            "ord_platform",
        )?;
        check_index(&self.cust_orders, no, false, "cust_orders")?;
        check_index(&self.ord_rank, no, false, "ord_rank")?;
        check_index(&self.line_sku, s.skus.names.len(), true, "line_sku")?;
        check_index(
            &self.line_category,
            s.categories.names.len(),
            true,
            "line_category",
        )?;
        check_index(&self.ref_customer, nc, true, "ref_customer")?;
        check_index(&self.ref_order, no, true, "ref_order")?;
        // Guest orders follow the last customer's, so customers' orders may end before `no`.
        let monotone = |v: &[u32], last: usize, exact: bool| {
            v.first() == Some(&0)
                && v.last()
                    .is_some_and(|&l| l as usize == last || !exact && l as usize <= last)
                && v.windows(2).all(|w| w[0] <= w[1])
        };
        if !monotone(&self.cust_order_start, no, false) || !monotone(&self.line_offsets, nl, true) {
            return Err(ColumnsError::Inconsistent("offsets".into()));
        }
        Ok(())
    }
}
