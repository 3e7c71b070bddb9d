//! Importers against small files written here (every encoding, delimiter and failure the issue
//! names) and against the real Online Retail file in `../shared/data/`.
//!
//! Why one file of this size: it is the crate's only integration-test binary (each file in tests/
//! links SQLite and the store again, slow on 2 cores); the tests share store/write/import/dump.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use repeatlens_import::{
    import_file, preview, DateOrder, Expected, Field, ImportError, ImportOptions, PresetKind,
};
use repeatlens_store::Store;
use repeatlens_testkit::shared_data;

fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("t.sqlite")).unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(
    s: &mut Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<repeatlens_import::ImportReport, ImportError> {
    import_file(s, path, opts, &mut |_| {}, &AtomicBool::new(false))
}

fn generic(currency: &str) -> ImportOptions {
    ImportOptions {
        currency: Some(currency.into()),
        ..Default::default()
    }
}

/// Every row of every table, for before/after equality.
fn dump(path: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{t}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

const ORDERS_CSV: &str = "Order ID,Customer,Email,Order Date,Total,Currency,Country,SKU,Product\n\
A1,c1,Ann@Example.com,2024-03-01 10:00,25.50,USD,US,S1,Mug\n\
A1,c1,Ann@Example.com,2024-03-01 10:00,4.50,USD,US,S2,Spoon\n\
A2,c2,bo@example.com,2024-03-05 11:30,12.00,USD,DE,S1,Mug\n";

#[test]
fn generic_file_with_guessed_mapping_imports_orders_lines_and_customers() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(&dir, "orders.csv", ORDERS_CSV.as_bytes());
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!((r.orders_new, r.customers_new, r.rows_read), (2, 2, 3));
    assert_eq!(r.preset, "generic");
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.order_lines, 3);
    assert_eq!(st.gross_purchase_revenue_all_minor, 4200);
    assert_eq!(st.countries, 2);
    assert_eq!(st.store.first_order.as_deref(), Some("2024-03-01 10:00"));
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let mut s = Store::open(&db).unwrap();
    let f = write(&dir, "orders.csv", ORDERS_CSV.as_bytes());
    import(&mut s, &f, &ImportOptions::default()).unwrap();
    let before = s.stats(1).unwrap();
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(
        (r.orders_new, r.orders_updated, r.orders_unchanged),
        (0, 0, 2)
    );
    assert_eq!(
        (r.customers_new, r.customers_updated, r.customers_unchanged),
        (0, 0, 2)
    );
    assert_eq!(s.stats(1).unwrap(), before);
    // A changed amount updates the order in place: still two orders.
    let changed = ORDERS_CSV.replace("12.00", "13.00");
    std::fs::write(&f, changed).unwrap();
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(
        (r.orders_new, r.orders_updated, r.orders_unchanged),
        (0, 1, 1)
    );
    assert_eq!(s.stats(1).unwrap().orders, 2);
}

#[test]
fn a_bad_row_names_file_line_column_and_value_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let mut s = Store::open(&db).unwrap();
    let good = write(&dir, "good.csv", ORDERS_CSV.as_bytes());
    import(
        &mut s,
        &good,
        &ImportOptions {
            store: Some("orders".into()),
            ..Default::default()
        },
    )
    .unwrap();
    drop(s);
    let before = dump(&db);
    let bad =
        ORDERS_CSV.to_string() + "A3,c3,cy@example.com,2024-03-06 09:00,twelve,USD,FR,S3,Bowl\n";
    let f = write(&dir, "bad.csv", bad.as_bytes());
    let mut s = Store::open(&db).unwrap();
    let err = import(
        &mut s,
        &f,
        &ImportOptions {
            store: Some("orders".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("bad.csv, line 5, column 'Total': 'twelve'"),
        "{msg}"
    );
    // The CLI adds "--skip-bad-rows" to this message (checked in repeatlens-cli's tests); the
    // library says what was expected, in data.
    assert!(
        matches!(
            &err,
            ImportError::Row {
                line: 5,
                expected: Expected::Amount,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "import.bad_cell");
    drop(s);
    assert_eq!(
        dump(&db),
        before,
        "the database changed after a failed import"
    );

    // With --skip-bad-rows the line is reported and the rest imported.
    let mut s = Store::open(&db).unwrap();
    let r = import(
        &mut s,
        &f,
        &ImportOptions {
            skip_bad_rows: true,
            store: Some("orders".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.skipped_rows, 1);
    assert_eq!(r.skipped[0].line, 5);
    assert_eq!(r.orders_unchanged, 2);
}

#[test]
fn garbage_lines_are_reported_or_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let text = format!("{ORDERS_CSV}this line is garbage\n\n\"unterminated,quote\n");
    let f = write(&dir, "garbage.csv", text.as_bytes());
    let err = import(&mut s, &f, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 5"), "{err}");
    let r = import(
        &mut s,
        &f,
        &ImportOptions {
            skip_bad_rows: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.orders_new, 2);
    assert!(r.skipped_rows >= 1);
}

#[test]
fn empty_and_header_only_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let empty = write(&dir, "empty.csv", b"");
    let e = import(&mut s, &empty, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, ImportError::Empty { .. }), "{e}");
    assert!(e.to_string().contains("empty.csv is empty"));
    let header = write(
        &dir,
        "header.csv",
        ORDERS_CSV.lines().next().unwrap().as_bytes(),
    );
    let e = import(&mut s, &header, &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, ImportError::HeaderOnly { .. }), "{e}");
    assert!(
        s.stores().unwrap().is_empty(),
        "no store may be created by a failed import"
    );
}

const CHINESE_CSV: &str = "订单号;客户;下单时间;金额;币种;国家;商品\n\
D1;王芳;2024/3/1 10:00;199,00;CNY;中国;保温杯\n\
D2;李雷;2024/3/2 12:00;88,50;CNY;中国;茶叶\n";

fn check_chinese(bytes: &[u8], expected_encoding: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(&dir, "中文订单.csv", bytes);
    let r = import(
        &mut s,
        &f,
        &ImportOptions {
            tz: Some("Asia/Shanghai".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.encoding, expected_encoding);
    assert_eq!(r.delimiter, ";");
    assert_eq!(r.orders_new, 2);
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.gross_purchase_revenue_customers_minor, 28750);
    assert_eq!(st.store.first_order.as_deref(), Some("2024-03-01 10:00"));
    assert_eq!(st.store.timezone, "Asia/Shanghai");
}

#[test]
fn gbk_semicolon_file_with_chinese_headers() {
    let (gbk, _, bad) = encoding_rs::GBK.encode(CHINESE_CSV);
    assert!(!bad);
    check_chinese(&gbk, "gb18030");
}

#[test]
fn utf16_files_with_bom() {
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(CHINESE_CSV.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    check_chinese(&le, "UTF-16LE");
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(CHINESE_CSV.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    check_chinese(&be, "UTF-16BE");
}

#[test]
fn utf8_with_and_without_bom() {
    let bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .copied()
        .chain(CHINESE_CSV.bytes())
        .collect();
    check_chinese(&bom, "UTF-8");
    check_chinese(CHINESE_CSV.as_bytes(), "UTF-8");
}

#[test]
fn forced_encoding_that_does_not_fit_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let (gbk, _, _) = encoding_rs::GBK.encode(CHINESE_CSV);
    let f = write(&dir, "gbk.csv", &gbk);
    let opts = ImportOptions {
        encoding: Some(encoding_rs::UTF_8),
        ..Default::default()
    };
    let e = import(&mut s, &f, &opts).unwrap_err().to_string();
    assert!(e.contains("could not be decoded as UTF-8"), "{e}");
}

#[test]
fn tab_separated_with_explicit_mapping_and_day_first_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let text = "Ref\tBuyer mail\tWhen\tQty\tEach\n1\tx@y.com\t13/02/2024 09:00\t2\t3.25\n2\tz@y.com\t01/03/2024 09:00\t1\t10\n";
    let f = write(&dir, "sales.tsv", text.as_bytes());
    let opts = ImportOptions {
        map: vec![
            (Field::Order, "Ref".into()),
            (Field::Email, "Buyer mail".into()),
            (Field::Date, "When".into()),
            (Field::Quantity, "Qty".into()),
            (Field::UnitPrice, "Each".into()),
        ],
        currency: Some("EUR".into()),
        ..Default::default()
    };
    let r = import(&mut s, &f, &opts).unwrap();
    assert_eq!(r.delimiter, "tab");
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.gross_purchase_revenue_customers_minor, 1650);
    // 01/03 is read day-first because 13/02 fixes the order for the file.
    assert_eq!(st.store.last_order.as_deref(), Some("2024-03-01 09:00"));
    assert_eq!(st.customers, 2);
}

#[test]
fn ambiguous_dates_ask_for_the_date_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(
        &dir,
        "a.csv",
        b"order,date,amount\n1,01/02/2024,5\n2,03/04/2024,6\n",
    );
    // The CLI's advice ("--date-format") is checked in repeatlens-cli's tests.
    let e = import(&mut s, &f, &generic("USD")).unwrap_err();
    assert!(
        matches!(&e, ImportError::AmbiguousDateOrder { column, .. } if column == "date"),
        "{e}"
    );
    let opts = ImportOptions {
        date_order: Some(DateOrder::Mdy),
        ..generic("USD")
    };
    let r = import(&mut s, &f, &opts).unwrap();
    assert_eq!(
        s.stats(r.store_id).unwrap().store.first_order.as_deref(),
        Some("2024-01-02 00:00")
    );
}

#[test]
fn rows_without_order_column_are_orders_of_their_own_and_reimport_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(
        &dir,
        "flat.csv",
        b"email,date,amount\na@x.com,2024-01-01,5\na@x.com,2024-02-01,7\n",
    );
    let r = import(&mut s, &f, &generic("USD")).unwrap();
    assert_eq!(r.orders_new, 2);
    let r = import(&mut s, &f, &generic("USD")).unwrap();
    assert_eq!((r.orders_new, r.orders_unchanged), (0, 2));
}

#[test]
fn unmapped_file_explains_how_to_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(&dir, "odd.csv", b"foo,bar\n1,2\n");
    let e = import(&mut s, &f, &generic("USD")).unwrap_err();
    assert_eq!(e.code(), "import.unmapped_date_or_amount");
    // The CLI's advice ("--map …") is checked in repeatlens-cli's tests.
    let e = e.to_string();
    assert!(e.contains("foo, bar"), "{e}");
}

const SHOPIFY_ORDERS: &str = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing Country,Shipping Country,Cancelled at,Refunded Amount,Vendor,Id\n\
#1001,Ann@Example.com,paid,2024-01-05 10:00:00 +0800,fulfilled,2024-01-08 09:00:00 +0800,yes,USD,30.00,5.00,2.40,37.40,WELCOME10,0.00,Standard,2024-01-05 09:58:00 +0800,2,Blue Mug,10.00,MUG-B,Ann Lee,US,US,,0.00,Acme,5001\n\
#1001,,,,,,,,,,,,,,,,1,Teapot,10.00,POT-1,,,,,,Acme,\n\
#1002,bo@example.com,refunded,2024-02-01 12:00:00 -0500,unfulfilled,,no,USD,15.00,0.00,0.00,15.00,,0.00,,2024-02-01 11:59:00 -0500,1,Green Mug,15.00,MUG-G,Bo Chen,CA,CA,2024-02-02 08:00:00 -0500,15.00,Acme,5002\n";

#[test]
fn shopify_orders_export_with_continuation_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(&dir, "orders_export.csv", SHOPIFY_ORDERS.as_bytes());
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(r.preset, "shopify-orders");
    assert_eq!(r.store_name, "Shopify");
    assert_eq!((r.orders_new, r.customers_new, r.returns_new), (2, 2, 1));
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.order_lines, 3);
    assert_eq!(st.cancelled_orders, 1);
    assert_eq!(st.refunded_minor, 1500);
    assert_eq!(st.store.currency, "USD");
    // 09:58 at +08:00 is 01:58 UTC.
    assert_eq!(st.store.first_order.as_deref(), Some("2024-01-05 01:58"));
    // Revenue: totals of non-cancelled orders; the refund belongs to the cancelled order and is
    // not subtracted twice.
    assert_eq!(st.store.revenue_minor, 3740);

    // The customers export merges with the orders' customers by email.
    let customers = "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Country Code,Phone,Total Spent,Total Orders,Tags\n\
                     77,Ann,Lee,ann@example.com,yes,US,+1 555,37.40,1,vip\n\
                     78,Cy,Wu,cy@example.com,no,CN,,0.00,0,\n";
    let f = write(&dir, "customers_export.csv", customers.as_bytes());
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(r.preset, "shopify-customers");
    assert_eq!((r.customers_new, r.customers_updated), (1, 1));
    assert_eq!(s.stats(r.store_id).unwrap().customers, 3);
}

#[test]
fn amazon_all_orders_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let header = "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\torder-channel\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\titem-promotion-discount\tship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\tpromotion-ids\tis-business-order\tpurchase-order-number\tprice-designation";
    let rows = [
        "111-1\t\t2024-05-01T10:00:00+00:00\t2024-05-02T10:00:00+00:00\tShipped\tAmazon\tAmazon.com\t\tStandard\tMug\tMUG-1\tB00A\tShipped\t2\tUSD\t20.00\t1.60\t3.99\t0\t\t\t-2.00\t\tSeattle\tWA\t98101\tUS\tPROMO1\tfalse\t\t",
        "111-1\t\t2024-05-01T10:00:00+00:00\t2024-05-02T10:00:00+00:00\tShipped\tAmazon\tAmazon.com\t\tStandard\tSpoon\tSP-1\tB00B\tShipped\t1\tUSD\t5.00\t0.40\t0\t0\t\t\t\t\tSeattle\tWA\t98101\tUS\t\tfalse\t\t",
        "111-2\t\t2024-05-03T10:00:00+00:00\t2024-05-03T12:00:00+00:00\tCancelled\tMerchant\tAmazon.com\t\tStandard\tMug\tMUG-1\tB00A\tCancelled\t1\t\t\t\t\t\t\t\t\t\t\t\t\tUS\t\tfalse\t\t",
    ];
    let text = format!("{header}\n{}\n", rows.join("\n"));
    let f = write(&dir, "all-orders.txt", text.as_bytes());
    let r = import(&mut s, &f, &generic("USD")).unwrap();
    assert_eq!(r.preset, "amazon-all-orders");
    assert_eq!(r.orders_new, 2);
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(
        (st.guest_orders, st.cancelled_orders, st.customers),
        (2, 1, 0)
    );
    // 20.00 + 5.00 + tax 2.00 + shipping 3.99 − discount 2.00
    assert_eq!(st.store.revenue_minor, 2899);
}

#[test]
fn preview_shows_mapping_and_rows_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir);
    let f = write(&dir, "orders.csv", ORDERS_CSV.as_bytes());
    let p = preview(&s, &f, &ImportOptions::default(), 10).unwrap();
    assert_eq!(p.preset, "generic");
    assert!(p
        .mapping
        .contains(&("order".to_string(), "Order ID".to_string())));
    assert!(p
        .mapping
        .contains(&("amount".to_string(), "Total".to_string())));
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.rows[0].amount_minor, 2550);
    assert!(s.stores().unwrap().is_empty());
}

#[test]
fn preview_problems_carry_column_value_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir);
    let bad =
        ORDERS_CSV.to_string() + "A3,c3,cy@example.com,2024-03-06 09:00,twelve,USD,FR,S3,Bowl\n";
    let f = write(&dir, "bad.csv", bad.as_bytes());
    let p = preview(&s, &f, &ImportOptions::default(), 10).unwrap();
    assert_eq!(p.errors.len(), 1);
    let e = &p.errors[0];
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str(), &e.expected),
        (5, "Total", "twelve", &Expected::Amount)
    );
    assert_eq!(
        e.reason,
        "column 'Total': 'twelve', expected an amount such as 12.50, -3, 1,234.56 or 1.234,56"
    );
}

#[test]
fn preset_can_be_forced_and_names_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let f = write(&dir, "orders.csv", ORDERS_CSV.as_bytes());
    let opts = ImportOptions {
        preset: Some(PresetKind::ShopifyOrders),
        ..Default::default()
    };
    let e = import(&mut s, &f, &opts).unwrap_err().to_string();
    assert!(e.contains("'Name'"), "{e}");
}

/// Oracle: the figures of issue #3 "Done when", from the UCI data itself (checked independently
/// with Python's csv and decimal modules).
#[test]
fn online_retail_real_file_matches_the_published_counts() {
    let Some(f) = shared_data("online_retail/online_retail.csv.gz") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(r.preset, "online-retail");
    assert_eq!(r.rows_read, 541_909);
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.invoices, 25_900);
    assert_eq!(st.orders, 22_064);
    assert_eq!(st.returns, 3_836);
    assert_eq!(st.guest_orders + st.guest_returns, 3_710);
    assert_eq!(st.customers, 4_372);
    assert_eq!(st.customers_with_purchase, 4_338);
    assert_eq!(st.countries, 38);
    assert_eq!(st.gross_purchase_revenue_customers_minor, 891_140_790);
    assert_eq!(st.first_order.as_deref(), Some("2010-12-01 08:26"));
    assert_eq!(st.last_order.as_deref(), Some("2011-12-09 12:50"));
    assert_eq!(
        st.order_lines + 9_288,
        541_909,
        "every line is an order line or a return line"
    );
}

/// A generic file of `n` one-line orders; `extra` rows are appended verbatim.
fn many_orders(n: usize, extra: &str) -> String {
    let mut t = String::from("order,email,date,amount,currency\n");
    for i in 0..n {
        t.push_str(&format!(
            "O{i},c{}@x.com,2024-01-01 10:00,{}.00,USD\n",
            i % 50,
            i % 7 + 1
        ));
    }
    t.push_str(extra);
    t
}

#[test]
fn a_file_not_grouped_by_order_is_still_imported_exactly() {
    // O3 comes back 2,000 rows later, after it was streamed to the writer: the import restarts
    // without streaming and O3 ends up with both lines, counted once.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let text = many_orders(2_000, "O3,c3@x.com,2024-01-01 10:00,5.00,USD\n");
    let f = write(&dir, "scattered.csv", text.as_bytes());
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!((r.orders_new, r.rows_read), (2_000, 2_001));
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.order_lines, 2_001);
    assert_eq!(st.customers, 50);
    let again = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(again.orders_unchanged, 2_000);
}

#[test]
fn a_bad_row_late_in_a_streamed_import_leaves_the_database_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let mut s = Store::open(&db).unwrap();
    let small = write(&dir, "small.csv", many_orders(3, "").as_bytes());
    import(
        &mut s,
        &small,
        &ImportOptions {
            store: Some("big".into()),
            ..Default::default()
        },
    )
    .unwrap();
    drop(s);
    let before = dump(&db);
    // Rows 2..3001 are fine and are being written while row 3002 is read.
    let text = many_orders(3_000, "BAD,z@x.com,not a date,1.00,USD\n");
    let f = write(&dir, "big.csv", text.as_bytes());
    let mut s = Store::open(&db).unwrap();
    let e = import(
        &mut s,
        &f,
        &ImportOptions {
            store: Some("big".into()),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("big.csv, line 3002, column 'date': 'not a date'"),
        "{e}"
    );
    drop(s);
    assert_eq!(dump(&db), before);
}

#[test]
fn streamed_customers_filled_in_later_are_merged_and_counted_once() {
    // The first order of ann@example.com has no billing country; her order 1,500 rows later has
    // one. The customer is written early (streaming) and completed later.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let mut t = String::from("Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Billing Country\n");
    t.push_str("#1,ann@example.com,USD,10.00,2024-01-01 10:00:00 +0000,1,Mug,10.00,\n");
    for i in 2..1_500 {
        t.push_str(&format!(
            "#{i},u{i}@example.com,USD,10.00,2024-01-02 10:00:00 +0000,1,Mug,10.00,US\n"
        ));
    }
    t.push_str("#1500,ann@example.com,USD,10.00,2024-02-01 10:00:00 +0000,1,Mug,10.00,DE\n");
    let f = write(&dir, "orders_export.csv", t.as_bytes());
    let r = import(&mut s, &f, &ImportOptions::default()).unwrap();
    assert_eq!(r.preset, "shopify-orders");
    assert_eq!((r.customers_new, r.customers_updated), (1_499, 0));
    let st = s.stats(r.store_id).unwrap();
    assert_eq!(st.customers, 1_499);
    assert_eq!(st.countries, 2, "ann's country DE was filled in");
}
