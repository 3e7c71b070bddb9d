//! The generic importer: any CSV/TSV whose columns the user names (`--map field=Column`), or
//! whose headers we can guess from common English and Chinese names.
//!
//! Rows with the same `order` value are the lines of one order. Without an `order` column each
//! row is an order of its own, identified by the file name and line number so that importing
//! the same file again finds the same orders. The customer key is the `customer` column, else
//! the normalized email; rows with neither are guest orders. A line's amount is the `amount`
//! column, else `quantity` × `unit_price`.

use repeatlens_store::{normalize_email, CustomerRecord, LineRecord, OrderRecord, ProductRecord};

use crate::assemble::{add_line_total, Assembler};
use crate::error::Expected;
use crate::source::Source;
use crate::table::{Col, Header, Row, RowError};
use crate::values::{
    currency_code, micros_to_minor, order_hint, parse_datetime, parse_micros, parse_quantity,
    DateOrder,
};
use crate::{Batch, Ctx, ImportError, Parser};

/// What a column can mean to RepeatLens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Order id: rows with the same id are lines of one order (none: every row is an order).
    Order,
    /// Customer id (else the normalized email is the key).
    Customer,
    /// Customer email.
    Email,
    /// Order date or date-time.
    Date,
    /// Amount of the row's line (all units).
    Amount,
    /// Units on the line (default 1).
    Quantity,
    /// Price of one unit (with `Quantity`, instead of `Amount`).
    UnitPrice,
    /// ISO currency of the row's money.
    Currency,
    /// Shipping or customer country.
    Country,
    /// Product SKU.
    Sku,
    /// Product name.
    Product,
    /// Product category.
    Category,
}

impl Field {
    /// Every field, in the order they are listed to the user.
    pub const ALL: [Field; 12] = [
        Field::Order,
        Field::Customer,
        Field::Email,
        Field::Date,
        Field::Amount,
        Field::Quantity,
        Field::UnitPrice,
        Field::Currency,
        Field::Country,
        Field::Sku,
        Field::Product,
        Field::Category,
    ];

    /// Snake-case name, as in `--map field=Column`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Order => "order",
            Field::Customer => "customer",
            Field::Email => "email",
            Field::Date => "date",
            Field::Amount => "amount",
            Field::Quantity => "quantity",
            Field::UnitPrice => "unit_price",
            Field::Currency => "currency",
            Field::Country => "country",
            Field::Sku => "sku",
            Field::Product => "product",
            Field::Category => "category",
        }
    }

    /// Header names that suggest this field, most specific first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Order => &[
                "order id",
                "order_id",
                "order number",
                "order no",
                "order",
                "invoice",
                "invoiceno",
                "invoice no",
                "订单号",
                "订单编号",
                "订单id",
                "订单",
            ],
            Field::Customer => &[
                "customer id",
                "customer_id",
                "customerid",
                "customer",
                "buyer id",
                "buyer",
                "client id",
                "客户id",
                "客户编号",
                "客户",
                "买家",
            ],
            Field::Email => &[
                "email",
                "e-mail",
                "customer email",
                "buyer email",
                "邮箱",
                "电子邮件",
            ],
            Field::Date => &[
                "order date",
                "date",
                "created at",
                "created_at",
                "purchase date",
                "invoice date",
                "invoicedate",
                "time",
                "下单时间",
                "订单日期",
                "日期",
                "时间",
                "付款时间",
            ],
            Field::Amount => &[
                "amount",
                "total",
                "order total",
                "revenue",
                "sales",
                "line total",
                "金额",
                "订单金额",
                "实付金额",
                "销售额",
                "总价",
            ],
            Field::Quantity => &["quantity", "qty", "units", "数量"],
            Field::UnitPrice => &[
                "unit price",
                "unit_price",
                "unitprice",
                "price",
                "单价",
                "价格",
            ],
            Field::Currency => &["currency", "currency code", "币种", "货币"],
            Field::Country => &[
                "country",
                "ship country",
                "shipping country",
                "country code",
                "国家",
                "收货国家",
            ],
            Field::Sku => &[
                "sku",
                "stockcode",
                "stock code",
                "item code",
                "product code",
                "货号",
                "商品编码",
            ],
            Field::Product => &[
                "product",
                "product name",
                "item",
                "item name",
                "title",
                "description",
                "商品",
                "商品名称",
                "产品",
                "品名",
            ],
            Field::Category => &[
                "category",
                "product type",
                "product category",
                "department",
                "类目",
                "分类",
                "品类",
            ],
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Field::ALL
            .into_iter()
            .find(|f| f.name() == s.trim())
            .ok_or_else(|| {
                format!(
                    "unknown field '{s}': use {}",
                    Field::ALL.map(Field::name).join(", ")
                )
            })
    }
}

/// Parses `--map order=Order ID,date=Created,amount=Total`.
pub fn parse_map(spec: &str) -> Result<Vec<(Field, String)>, String> {
    spec.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (f, col) = pair
                .split_once('=')
                .ok_or_else(|| format!("'{pair}' is not field=Column"))?;
            Ok((f.parse()?, col.trim().to_string()))
        })
        .collect()
}

/// Fields resolved to columns of this file.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    cols: Vec<(Field, Col)>,
}

impl Mapping {
    /// The user's mapping, completed by guesses for the fields the user did not name.
    pub fn resolve(
        h: &Header,
        user: &[(Field, String)],
        file: &str,
    ) -> Result<Mapping, ImportError> {
        let mut cols: Vec<(Field, Col)> = Vec::new();
        for (f, name) in user {
            let c = h
                .named(name)
                .ok_or_else(|| ImportError::MappedColumnMissing {
                    file: file.into(),
                    field: f.name().to_string(),
                    column: name.clone(),
                    columns: h.names.clone(),
                })?;
            cols.push((*f, c));
        }
        for f in Field::ALL {
            if cols.iter().any(|(g, _)| *g == f) {
                continue;
            }
            if let Some(c) = h.find(f.synonyms()) {
                if !cols.iter().any(|(_, d)| d.idx == c.idx) {
                    cols.push((f, c));
                }
            }
        }
        let m = Mapping { cols };
        let has = |f| m.get(f).is_some();
        if !has(Field::Date)
            || !(has(Field::Amount) || (has(Field::Quantity) && has(Field::UnitPrice)))
        {
            return Err(ImportError::UnmappedDateOrAmount {
                file: file.into(),
                guessed: m.shown(),
                columns: h.names.clone(),
            });
        }
        Ok(m)
    }

    /// The column mapped to `f`, if any.
    pub fn get(&self, f: Field) -> Option<Col> {
        self.cols
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, c)| c.clone())
    }

    /// Field → column pairs, as shown in previews and error messages.
    pub fn shown(&self) -> Vec<(String, String)> {
        Field::ALL
            .into_iter()
            .filter_map(|f| self.get(f).map(|c| (f.name().to_string(), c.name)))
            .collect()
    }
}

/// For `DateOrder::Auto`, scans the date column for a day or month over 12.
pub(crate) fn resolve_date_order(
    m: &Mapping,
    source: &Source,
    delimiter: u8,
    order: DateOrder,
    file: &str,
) -> Result<DateOrder, ImportError> {
    if order != DateOrder::Auto {
        return Ok(order);
    }
    let Some(col) = m.get(Field::Date) else {
        return Ok(order);
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(source.text.as_bytes());
    let (mut dmy, mut mdy, mut ambiguous) = (false, false, false);
    for rec in reader.records().flatten() {
        let Some(v) = rec.get(col.idx) else { continue };
        match order_hint(v) {
            Some(DateOrder::Dmy) => dmy = true,
            Some(DateOrder::Mdy) => mdy = true,
            Some(_) => {}
            None => {
                ambiguous |= v.contains(['/', '.']) || (v.len() >= 8 && v.as_bytes()[2] == b'-')
            }
        }
    }
    match (dmy, mdy) {
        (true, false) => Ok(DateOrder::Dmy),
        (false, true) => Ok(DateOrder::Mdy),
        (true, true) => Err(ImportError::MixedDateOrder {
            file: file.into(),
            column: col.name,
        }),
        (false, false) if ambiguous => Err(ImportError::AmbiguousDateOrder {
            file: file.into(),
            column: col.name,
        }),
        _ => Ok(DateOrder::Auto),
    }
}

pub(crate) struct Generic {
    ctx: Ctx,
    order: Option<Col>,
    customer: Option<Col>,
    email: Option<Col>,
    date: Option<Col>,
    amount: Option<Col>,
    quantity: Option<Col>,
    unit_price: Option<Col>,
    currency: Option<Col>,
    country: Option<Col>,
    sku: Option<Col>,
    product: Option<Col>,
    category: Option<Col>,
    out: Assembler,
}

impl Generic {
    pub fn new(m: Mapping, ctx: Ctx, file: &str) -> Result<Self, ImportError> {
        if m.get(Field::Currency).is_none() && ctx.currency.is_none() {
            return Err(ImportError::NoCurrencyColumn {
                file: file.into(),
                column: None,
            });
        }
        Ok(Generic {
            order: m.get(Field::Order),
            customer: m.get(Field::Customer),
            email: m.get(Field::Email),
            date: m.get(Field::Date),
            amount: m.get(Field::Amount),
            quantity: m.get(Field::Quantity),
            unit_price: m.get(Field::UnitPrice),
            currency: m.get(Field::Currency),
            country: m.get(Field::Country),
            sku: m.get(Field::Sku),
            product: m.get(Field::Product),
            category: m.get(Field::Category),
            out: Assembler::new(ctx.streaming),
            ctx,
        })
    }
}

impl Parser for Generic {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let (tz, fmt) = (self.ctx.tz, self.ctx.date_order);
        let at = row.parse_required(&self.date, Expected::Date, |v| parse_datetime(v, fmt, tz))?;
        let currency = match row.get(&self.currency) {
            Some(v) => currency_code(v)
                .ok_or_else(|| row.error(&self.currency, v, Expected::CurrencyCode))?,
            None => self
                .ctx
                .currency
                .clone()
                .ok_or_else(|| row.error(&self.currency, "", Expected::CurrencyCode))?,
        };
        let quantity = match &self.quantity {
            Some(_) => row.parse_required(&self.quantity, Expected::WholeNumber, parse_quantity)?,
            None => 1,
        };
        let (unit_price, line_total) = if self.amount.is_some() {
            let amount = row.parse_required(&self.amount, Expected::Amount, parse_micros)?;
            let unit = if quantity != 0 {
                amount / quantity
            } else {
                amount
            };
            (unit, micros_to_minor(i128::from(amount), &currency))
        } else {
            let unit = row.parse_required(&self.unit_price, Expected::Amount, parse_micros)?;
            (
                unit,
                micros_to_minor(i128::from(unit) * i128::from(quantity), &currency),
            )
        };
        let email = row.get_string(&self.email);
        let customer = row
            .get_string(&self.customer)
            .or_else(|| email.as_deref().and_then(normalize_email));
        let country = row.get_string(&self.country);
        if let Some(c) = &customer {
            self.out.customer(CustomerRecord {
                platform_id: c.clone(),
                email: email.clone(),
                country: country.clone(),
                ..Default::default()
            });
        }
        let id = match row.get(&self.order) {
            Some(v) => v.to_string(),
            None => format!("{}#{}", self.ctx.file_stem, row.line),
        };
        let sku = row.get_string(&self.sku);
        let title = row.get_string(&self.product);
        let category = row.get_string(&self.category);
        let o = self.out.order(&id, || OrderRecord {
            platform_id: id.clone(),
            name: Some(id.clone()),
            customer: customer.clone(),
            email: email.clone(),
            created_at: at,
            currency: currency.clone(),
            ship_country: country.clone(),
            ..Default::default()
        });
        add_line_total(o, line_total);
        o.lines.push(LineRecord {
            product_id: sku.clone().or_else(|| title.clone()),
            sku: sku.clone(),
            title: title.clone(),
            category: category.clone(),
            quantity,
            unit_price_micros: unit_price,
            line_total_minor: line_total,
            ..Default::default()
        });
        if let Some(pid) = sku.clone().or_else(|| title.clone()) {
            self.out.product(ProductRecord {
                platform_id: pid,
                sku,
                title,
                category,
                ..Default::default()
            });
        }
        Ok(())
    }

    fn drain(&mut self, out: &mut Batch) {
        self.out.drain(out);
    }

    fn broken(&self) -> bool {
        self.out.broken()
    }

    fn finish(self: Box<Self>) -> Batch {
        self.out.into_batch()
    }
}
