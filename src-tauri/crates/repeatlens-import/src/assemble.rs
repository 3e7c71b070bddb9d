//! Records assembled from rows, shared by the presets and the generic importer ([`crate::mapping`]):
//! several rows of one order id are its lines; customers and products are merged by id. Its
//! own module so that `mapping` and `presets` need not import each other.

use std::collections::HashMap;

use repeatlens_store::{CustomerRecord, OrderRecord, ProductRecord};

use crate::Batch;

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
