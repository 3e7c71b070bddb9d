//! Selection and CSV output on hand-made customer rows: every filter, the consent and email
//! rules, each preset's header, the encodings, formula injection and coupon codes.
//!
//! Why one file of this size: nearly every test starts from the one six-customer `fixture` (listed
//! in its doc), and most select then write, so filters and CSV output are checked on the same rows.

use std::collections::HashSet;

use chrono::NaiveDate;
use repeatlens_analytics::{
    analyze, Analysis, Class8, CustomerInput, CustomerRow, DatasetBuilder, Lifecycle, OrderInput,
    OverdueRow, Params, Segment, Tier,
};

use crate::*;

/// A real analysis of a one-order store, whose customer rows and overdue list the tests then
/// replace with hand-made ones (labels chosen, not computed).
fn base_analysis() -> Analysis {
    let mut b = DatasetBuilder::new("Europe/London", "GBP").unwrap();
    let c = b.push_customer(CustomerInput {
        platform_id: "x",
        country: None,
        accepts_marketing: None,
        has_record: true,
    });
    b.push_order(OrderInput {
        customer: Some(c),
        created_at: 1_300_000_000,
        currency: "GBP",
        total_minor: 1000,
        cancelled: false,
        test: false,
        ship_country: None,
        has_discount_code: false,
        fulfilled_at: None,
        delivered_at: None,
        platform: "file",
    })
    .unwrap();
    let params = Params {
        include_customers: true,
        as_of: NaiveDate::from_ymd_opt(2011, 12, 10),
        ..Default::default()
    };
    analyze(&b.finish(), &params)
}

struct Person {
    id: &'static str,
    segment: Option<Segment>,
    class8: Option<Class8>,
    tier: Option<Tier>,
    lifecycle: Lifecycle,
    net: f64,
    last: Option<&'static str>,
}

fn row(p: &Person) -> CustomerRow {
    CustomerRow {
        customer: p.id.into(),
        lifecycle: p.lifecycle,
        purchases: if p.last.is_some() { 3 } else { 0 },
        first_purchase: p.last.map(|_| "2010-12-01".to_string()),
        last_purchase: p.last.map(str::to_string),
        recency_days: p.last.map(|_| 12),
        net_revenue: p.net,
        monetary: Some(p.net),
        r: None,
        f: None,
        m: None,
        segment: p.segment,
        class8: p.class8,
        tier: p.tier,
    }
}

fn contact(email: Option<&str>, consent: Option<bool>, country: &str) -> Contact {
    Contact {
        email: email.map(str::to_string),
        first_name: Some("Ann".into()),
        last_name: Some("Lee".into()),
        phone: Some("+44 20 7946 0958".into()),
        country: Some(country.into()),
        accepts_marketing: consent,
        tags: Some("vip, wholesale".into()),
    }
}

/// Six customers:
/// - a: Champions, 重要价值, top, active, 500, GB, consent, email, overdue, bought "mug"
/// - b: Champions, 重要价值, top, active, 300, DE, opted out
/// - c: Champions, 一般价值, middle, new, 120, GB, consent unknown
/// - d: At Risk, 重要挽留, middle, dormant, 80, gb (lower case), consent, no email
/// - e: Hibernating, 一般挽留, bottom, churned, -20, FR, consent, email, bought "mug"
/// - p: a prospect (no purchase, no labels), GB, consent, email
fn fixture() -> (Analysis, Contacts) {
    use Lifecycle::*;
    let people = [
        Person {
            id: "a",
            segment: Some(Segment::Champions),
            class8: Some(Class8::ImportantValue),
            tier: Some(Tier::Top),
            lifecycle: Active,
            net: 500.0,
            last: Some("2011-11-28"),
        },
        Person {
            id: "b",
            segment: Some(Segment::Champions),
            class8: Some(Class8::ImportantValue),
            tier: Some(Tier::Top),
            lifecycle: Active,
            net: 300.0,
            last: Some("2011-11-30"),
        },
        Person {
            id: "c",
            segment: Some(Segment::Champions),
            class8: Some(Class8::GeneralValue),
            tier: Some(Tier::Middle),
            lifecycle: New,
            net: 120.0,
            last: Some("2011-12-01"),
        },
        Person {
            id: "d",
            segment: Some(Segment::AtRisk),
            class8: Some(Class8::ImportantRetain),
            tier: Some(Tier::Middle),
            lifecycle: Dormant,
            net: 80.0,
            last: Some("2011-06-15"),
        },
        Person {
            id: "e",
            segment: Some(Segment::Hibernating),
            class8: Some(Class8::GeneralRetain),
            tier: Some(Tier::Bottom),
            lifecycle: Churned,
            net: -20.0,
            last: Some("2010-12-24"),
        },
        Person {
            id: "p",
            segment: None,
            class8: None,
            tier: None,
            lifecycle: Prospect,
            net: 0.0,
            last: None,
        },
    ];
    let mut a = base_analysis();
    a.customers = people.iter().map(row).collect();
    a.repurchase.overdue = vec![OverdueRow {
        customer: "a".into(),
        item_kind: "sku".into(),
        item: "MUG".into(),
        last_order: "2011-09-01".into(),
        due_date: "2011-10-01".into(),
        days_overdue: 40.0,
        tier: Tier::Top,
    }];
    a.repurchase.overdue_total = 1;
    let mut c = Contacts::new();
    c.insert("a", contact(Some("a@example.com"), Some(true), "GB"));
    c.insert("b", contact(Some("b@example.com"), Some(false), "DE"));
    c.insert("c", contact(Some("c@example.com"), None, "GB"));
    c.insert("d", contact(None, Some(true), "gb"));
    c.insert("e", contact(Some("e@example.com"), Some(true), "FR"));
    c.insert("p", contact(Some("p@example.com"), Some(true), "GB"));
    c.set_product_buyers("mug", ["a".to_string(), "e".to_string()]);
    (a, c)
}

fn ids(s: &Selection) -> Vec<&str> {
    s.rows.iter().map(|r| r.customer.as_str()).collect()
}

fn everyone() -> ExportSpec {
    ExportSpec {
        include_no_consent: true,
        ..Default::default()
    }
}

fn csv_of(sel: &Selection, spec: &ExportSpec) -> (Vec<u8>, WriteSummary) {
    let mut out = Vec::new();
    let summary = write_csv(sel, spec, &mut out).unwrap();
    (out, summary)
}

fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn consent_is_required_by_default_and_unknown_consent_counts_as_none() {
    let (a, c) = fixture();
    let sel = select(&ExportSpec::default(), &a, &c, None).unwrap();
    assert_eq!(sel.total_matched, 6);
    // b opted out, c unknown.
    assert_eq!(sel.excluded_no_consent, 2);
    assert_eq!(
        sel.excluded_no_email, 0,
        "the generic layout keeps rows without email"
    );
    assert_eq!(
        ids(&sel),
        vec!["a", "d", "p", "e"],
        "highest net revenue first"
    );
    let all = select(&everyone(), &a, &c, None).unwrap();
    assert_eq!(all.excluded_no_consent, 0);
    assert_eq!(ids(&all), vec!["a", "b", "c", "d", "p", "e"]);
    assert_eq!(all.currency, "GBP");
    assert_eq!(all.as_of, "2011-12-10");
    assert_eq!(all.preview(2).len(), 2);
    assert_eq!(all.preview(100).len(), 6);
}

#[test]
fn platform_presets_leave_out_and_count_customers_without_email() {
    let (a, c) = fixture();
    for preset in [
        Preset::ShopifyCustomerImport,
        Preset::Klaviyo,
        Preset::Mailchimp,
    ] {
        let spec = ExportSpec {
            preset,
            ..Default::default()
        };
        let sel = select(&spec, &a, &c, None).unwrap();
        assert_eq!(
            (
                sel.total_matched,
                sel.excluded_no_consent,
                sel.excluded_no_email
            ),
            (6, 2, 1),
            "{preset}"
        );
        assert_eq!(ids(&sel), vec!["a", "p", "e"]);
        // A customer without consent and without email is counted once, under consent.
        let spec = ExportSpec {
            preset,
            include_no_consent: true,
            ..Default::default()
        };
        let sel = select(&spec, &a, &c, None).unwrap();
        assert_eq!((sel.excluded_no_consent, sel.excluded_no_email), (0, 1));
    }
    let spec = ExportSpec {
        preset: Preset::Klaviyo,
        segments: vec![Segment::AtRisk],
        ..Default::default()
    };
    let sel = select(&spec, &a, &c, None).unwrap();
    assert_eq!((sel.total_matched, sel.excluded_no_email), (1, 1));
    assert!(sel.rows.is_empty());
}

#[test]
fn each_filter_narrows_the_list() {
    let (a, c) = fixture();
    let with = |f: &dyn Fn(&mut ExportSpec)| {
        let mut spec = everyone();
        f(&mut spec);
        let sel = select(&spec, &a, &c, None).unwrap();
        assert_eq!(sel.total_matched as usize, sel.rows.len());
        let mut v: Vec<String> = sel.rows.iter().map(|r| r.customer.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(
        with(&|s| s.segments = vec![Segment::Champions]),
        ["a", "b", "c"]
    );
    assert_eq!(
        with(&|s| s.segments = vec![Segment::AtRisk, Segment::Hibernating]),
        ["d", "e"]
    );
    assert_eq!(
        with(&|s| s.classes = vec![Class8::ImportantValue]),
        ["a", "b"]
    );
    assert_eq!(with(&|s| s.tiers = vec![Tier::Middle]), ["c", "d"]);
    assert_eq!(
        with(&|s| s.lifecycle = vec![Lifecycle::Prospect, Lifecycle::Churned]),
        ["e", "p"]
    );
    assert_eq!(with(&|s| s.overdue_only = true), ["a"]);
    assert_eq!(
        with(&|s| s.countries = vec![" GB ".into()]),
        ["a", "c", "d", "p"],
        "country codes compare trimmed, ignoring case"
    );
    assert_eq!(
        with(&|s| s.countries = vec!["fr".into(), "DE".into()]),
        ["b", "e"]
    );
    assert_eq!(
        with(&|s| s.product_bought = Some(" mug ".into())),
        ["a", "e"]
    );
    assert_eq!(
        with(&|s| s.last_order_from = NaiveDate::from_ymd_opt(2011, 11, 30)),
        ["b", "c"],
        "inclusive; a prospect has no last order"
    );
    assert_eq!(
        with(&|s| s.last_order_to = NaiveDate::from_ymd_opt(2011, 6, 15)),
        ["d", "e"]
    );
    assert_eq!(
        with(&|s| {
            s.last_order_from = NaiveDate::from_ymd_opt(2011, 1, 1);
            s.last_order_to = NaiveDate::from_ymd_opt(2011, 11, 29);
        }),
        ["a", "d"]
    );
    assert_eq!(with(&|s| s.min_spend = Some(120.0)), ["a", "b", "c"]);
    assert_eq!(
        with(&|s| s.min_spend = Some(-100.0)),
        ["a", "b", "c", "d", "e", "p"]
    );
    // Filters combine with AND.
    assert_eq!(
        with(&|s| {
            s.segments = vec![Segment::Champions];
            s.countries = vec!["GB".into()];
            s.min_spend = Some(200.0);
        }),
        ["a"]
    );
    // A blank product text is no filter.
    assert_eq!(with(&|s| s.product_bought = Some("  ".into())).len(), 6);
}

#[test]
fn filters_that_cannot_be_answered_are_errors_not_silent_empties() {
    let (mut a, c) = fixture();
    let spec = ExportSpec {
        product_bought: Some("teapot".into()),
        ..everyone()
    };
    assert!(matches!(
        select(&spec, &a, &c, None),
        Err(ExportError::ProductBuyersNotLoaded(t)) if t == "teapot"
    ));
    let spec = ExportSpec {
        last_order_from: NaiveDate::from_ymd_opt(2011, 12, 1),
        last_order_to: NaiveDate::from_ymd_opt(2011, 1, 1),
        ..everyone()
    };
    assert!(matches!(
        select(&spec, &a, &c, None),
        Err(ExportError::BadDateRange { .. })
    ));
    a.repurchase.overdue_total = 5;
    let spec = ExportSpec {
        overdue_only: true,
        ..everyone()
    };
    assert!(matches!(
        select(&spec, &a, &c, None),
        Err(ExportError::OverdueListTruncated {
            listed: 1,
            total: 5
        })
    ));
    a.customers.clear();
    assert!(matches!(
        select(&everyone(), &a, &c, None),
        Err(ExportError::NoCustomerRows)
    ));
}

#[test]
fn each_preset_writes_its_platforms_exact_header() {
    let (a, c) = fixture();
    let header_of = |preset| {
        let spec = ExportSpec {
            preset,
            ..everyone()
        };
        let (bytes, summary) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
        let first = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert_eq!(summary.header.join(","), first);
        assert_eq!(header(&spec).unwrap(), summary.header);
        first
    };
    assert_eq!(
        header_of(Preset::ShopifyCustomerImport),
        "First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,\
         Default Address Address1,Default Address Address2,Default Address City,\
         Default Address Province Code,Default Address Country Code,Default Address Zip,\
         Default Address Phone,Phone,Accepts SMS Marketing,Tags,Note,Tax Exempt"
    );
    assert_eq!(
        header_of(Preset::Klaviyo),
        "Email,First Name,Last Name,Phone Number,Country"
    );
    assert_eq!(
        header_of(Preset::Mailchimp),
        "Email Address,First Name,Last Name,Tags"
    );
    assert_eq!(
        header_of(Preset::Generic),
        "Customer ID,Email,First Name,Last Name,Phone,Country,Accepts Marketing,Segment,\
         8-Class,Tier,Lifecycle,Purchases,Net Revenue,Currency,Last Purchase"
    );
}

#[test]
fn chosen_columns_and_coupon_columns_per_preset() {
    let spec = |preset, columns: &str, coupon: Option<&str>| ExportSpec {
        preset,
        columns: parse_columns(columns).unwrap(),
        coupon_prefix: coupon.map(str::to_string),
        ..Default::default()
    };
    assert_eq!(
        header(&spec(
            Preset::Generic,
            "email,segment,net_revenue,email",
            None
        ))
        .unwrap(),
        ["Email", "Segment", "Net Revenue"],
        "chosen order, repeats dropped"
    );
    assert_eq!(
        header(&spec(Preset::Generic, "email", Some("VIP"))).unwrap(),
        ["Email", "Coupon Code"]
    );
    assert_eq!(
        header(&spec(Preset::Klaviyo, "phone,segment,tier", Some("VIP"))).unwrap(),
        [
            "Email",
            "First Name",
            "Last Name",
            "Phone Number",
            "Country",
            "Segment",
            "Tier",
            "Coupon Code"
        ],
        "extra columns become custom properties; phone is already there"
    );
    assert_eq!(
        header(&spec(Preset::Mailchimp, "coupon_code,class8", Some("VIP"))).unwrap(),
        [
            "Email Address",
            "First Name",
            "Last Name",
            "Tags",
            "Coupon Code",
            "8-Class"
        ]
    );
    // Shopify: the template only; the coupon goes into Note.
    assert_eq!(
        header(&spec(Preset::ShopifyCustomerImport, "", Some("VIP"))).unwrap(),
        SHOPIFY_HEADERS
    );
    assert!(matches!(
        header(&spec(Preset::ShopifyCustomerImport, "segment", None)),
        Err(ExportError::ColumnsNotSupported(_))
    ));
    assert!(matches!(
        header(&spec(Preset::Generic, "email,coupon_code", None)),
        Err(ExportError::CouponColumnWithoutPrefix)
    ));
}

#[test]
fn rows_carry_the_stored_values_in_each_layout() {
    let (a, c) = fixture();
    let spec = ExportSpec {
        segments: vec![Segment::Champions],
        ..everyone()
    };
    let sel = select(&spec, &a, &c, None).unwrap();
    let (bytes, summary) = csv_of(&sel, &spec);
    assert_eq!(summary.rows, 3);
    let r = records(&bytes);
    assert_eq!(r.len(), 4);
    assert_eq!(
        r[1],
        [
            "a",
            "a@example.com",
            "Ann",
            "Lee",
            "'+44 20 7946 0958",
            "GB",
            "yes",
            "Champions",
            "重要价值客户",
            "top",
            "active",
            "3",
            "500.00",
            "GBP",
            "2011-11-28"
        ],
        "generic: every cell protected, the phone too"
    );
    assert_eq!(r[2][6], "no");
    assert_eq!(r[3][6], "", "unknown consent is an empty cell");

    let shopify = ExportSpec {
        preset: Preset::ShopifyCustomerImport,
        ..spec.clone()
    };
    let (bytes, _) = csv_of(&select(&shopify, &a, &c, None).unwrap(), &shopify);
    let r = records(&bytes);
    assert_eq!(
        r[1],
        [
            "Ann",
            "Lee",
            "a@example.com",
            "yes",
            "",
            "",
            "",
            "",
            "",
            "GB",
            "",
            "",
            "+44 20 7946 0958",
            "",
            "vip, wholesale",
            "",
            ""
        ],
        "a plain international phone keeps its + for the importer"
    );
    let klaviyo = ExportSpec {
        preset: Preset::Klaviyo,
        ..spec.clone()
    };
    let (bytes, _) = csv_of(&select(&klaviyo, &a, &c, None).unwrap(), &klaviyo);
    assert_eq!(
        records(&bytes)[1],
        ["a@example.com", "Ann", "Lee", "+44 20 7946 0958", "GB"]
    );
    let mailchimp = ExportSpec {
        preset: Preset::Mailchimp,
        ..spec
    };
    let (bytes, _) = csv_of(&select(&mailchimp, &a, &c, None).unwrap(), &mailchimp);
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("a@example.com,Ann,Lee,\"vip, wholesale\"\n"),
        "tags stay one quoted cell: {text}"
    );
}

#[test]
fn shopify_country_code_only_when_the_country_is_a_two_letter_code() {
    let (a, mut c) = fixture();
    c.insert(
        "a",
        contact(Some("a@example.com"), Some(true), "United Kingdom"),
    );
    c.insert("d", contact(Some("d@example.com"), Some(true), " gb "));
    let spec = ExportSpec {
        preset: Preset::ShopifyCustomerImport,
        segments: vec![Segment::Champions, Segment::AtRisk],
        ..Default::default()
    };
    let (bytes, _) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
    let r = records(&bytes);
    let code = SHOPIFY_HEADERS
        .iter()
        .position(|h| *h == "Default Address Country Code")
        .unwrap();
    let by_email: Vec<(&str, &str)> = r[1..]
        .iter()
        .map(|row| (row[2].as_str(), row[code].as_str()))
        .collect();
    assert_eq!(by_email, [("a@example.com", ""), ("d@example.com", "GB")]);
}

#[test]
fn every_dangerous_first_character_is_neutralised() {
    for (cell, want) in [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("-12.50", "'-12.50"),
    ] {
        assert_eq!(protect_cell(cell), want, "{cell:?}");
    }
    for safe in [
        "",
        "Ann",
        "李雷",
        "a@example.com",
        "1+1",
        "x=1",
        " =1",
        "'quoted",
        "12.50",
        "重要价值客户",
    ] {
        assert!(
            matches!(protect_cell(safe), std::borrow::Cow::Borrowed(s) if s == safe),
            "{safe:?} must be left untouched"
        );
    }
}

#[test]
fn injected_names_tags_and_negative_money_come_out_quoted_in_every_preset() {
    let (a, mut c) = fixture();
    c.insert(
        "e",
        Contact {
            email: Some("e@example.com".into()),
            first_name: Some("=HYPERLINK(\"http://x\")".into()),
            last_name: Some("@cmd|' /C calc'!A0".into()),
            phone: Some("+1 =2".into()),
            country: Some("-FR".into()),
            accepts_marketing: Some(true),
            tags: Some("+vip".into()),
        },
    );
    for preset in Preset::ALL {
        let spec = ExportSpec {
            preset,
            segments: vec![Segment::Hibernating],
            columns: if preset == Preset::ShopifyCustomerImport {
                vec![]
            } else {
                // First and last name are the platforms' own columns already.
                vec![
                    Column::FirstName,
                    Column::LastName,
                    Column::Phone,
                    Column::Country,
                    Column::Tags,
                    Column::NetRevenue,
                ]
            },
            ..Default::default()
        };
        let sel = select(&spec, &a, &c, None).unwrap();
        let (bytes, _) = csv_of(&sel, &spec);
        let r = records(&bytes);
        assert_eq!(r.len(), 2, "{preset}");
        let cells: HashSet<&str> = r[1].iter().map(String::as_str).collect();
        assert!(
            cells.contains("'=HYPERLINK(\"http://x\")"),
            "{preset}: {:?}",
            r[1]
        );
        assert!(
            cells.contains("'@cmd|' /C calc'!A0"),
            "{preset}: {:?}",
            r[1]
        );
        assert!(cells.contains("'+vip"), "{preset}: {:?}", r[1]);
        assert!(
            cells.contains("'+1 =2"),
            "{preset}: not a plain phone number, so quoted: {:?}",
            r[1]
        );
        if preset != Preset::ShopifyCustomerImport {
            assert!(cells.contains("'-20.00"), "{preset}: {:?}", r[1]);
            assert!(cells.contains("'-FR"), "{preset}: {:?}", r[1]);
        }
        for cell in &r[1] {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{preset}: unprotected cell {cell:?}"
            );
        }
    }
}

#[test]
fn the_bom_is_written_only_when_asked_for() {
    let (a, c) = fixture();
    for (encoding, bom) in [(Encoding::Utf8, false), (Encoding::Utf8Bom, true)] {
        let spec = ExportSpec {
            encoding,
            ..everyone()
        };
        let (bytes, _) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
        assert_eq!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), bom, "{encoding:?}");
        let body = if bom { &bytes[3..] } else { &bytes[..] };
        assert!(body.starts_with(b"Customer ID,"), "{encoding:?}");
        assert!(std::str::from_utf8(body).unwrap().contains("重要价值客户"));
    }
    // Even an empty list is a valid file: the BOM and the header.
    let spec = ExportSpec {
        encoding: Encoding::Utf8Bom,
        segments: vec![Segment::NeedAttention],
        ..Default::default()
    };
    let (bytes, summary) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
    assert_eq!(summary.rows, 0);
    assert_eq!(bytes, [&UTF8_BOM[..], b"Customer ID,Email,First Name,Last Name,Phone,Country,Accepts Marketing,Segment,8-Class,Tier,Lifecycle,Purchases,Net Revenue,Currency,Last Purchase\n"].concat());
}

#[test]
fn coupon_codes_are_unique_per_row_and_go_into_shopify_notes() {
    let (a, c) = fixture();
    let spec = ExportSpec {
        coupon_prefix: Some("spring-24".into()),
        columns: vec![Column::CustomerId],
        ..everyone()
    };
    let (bytes, summary) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
    assert_eq!(summary.coupon_codes, 6);
    let r = records(&bytes);
    assert_eq!(r[0], ["Customer ID", "Coupon Code"]);
    let codes: HashSet<&str> = r[1..].iter().map(|row| row[1].as_str()).collect();
    assert_eq!(codes.len(), 6);
    for code in &codes {
        let rest = code.strip_prefix("SPRING-24-").unwrap();
        assert_eq!(rest.len(), COUPON_RANDOM_LEN);
        assert!(rest.bytes().all(|b| COUPON_ALPHABET.contains(&b)), "{code}");
    }
    // A second export draws new codes.
    let (again, _) = csv_of(&select(&spec, &a, &c, None).unwrap(), &spec);
    let again: HashSet<String> = records(&again)[1..].iter().map(|r| r[1].clone()).collect();
    assert!(codes.iter().all(|c| !again.contains(*c)));

    let shopify = ExportSpec {
        preset: Preset::ShopifyCustomerImport,
        coupon_prefix: Some("VIP".into()),
        ..Default::default()
    };
    let (bytes, summary) = csv_of(&select(&shopify, &a, &c, None).unwrap(), &shopify);
    assert_eq!(summary.coupon_codes, 3);
    let note = SHOPIFY_HEADERS.iter().position(|h| *h == "Note").unwrap();
    for row in &records(&bytes)[1..] {
        assert!(row[note].starts_with("Coupon: VIP-"), "{row:?}");
    }
    let bad = ExportSpec {
        coupon_prefix: Some("=cmd".into()),
        ..everyone()
    };
    let mut out = Vec::new();
    assert!(matches!(
        write_csv(&select(&bad, &a, &c, None).unwrap(), &bad, &mut out),
        Err(ExportError::InvalidCouponPrefix(_))
    ));
}

#[test]
fn writing_to_a_path_is_all_or_nothing() {
    let (a, c) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv");
    let spec = everyone();
    let sel = select(&spec, &a, &c, None).unwrap();
    let summary = write_csv_file(&sel, &spec, &path).unwrap();
    assert_eq!(summary.rows, 6);
    let written = std::fs::read(&path).unwrap();
    assert_eq!(records(&written).len(), 7);
    // A failing export (bad coupon prefix, found while writing) leaves the earlier file as it
    // was and no temporary file behind.
    let bad = ExportSpec {
        coupon_prefix: Some("no good".into()),
        ..everyone()
    };
    assert!(write_csv_file(&sel, &bad, &path).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), written);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["list.csv"]);
    // A folder that does not exist: an error naming the path, nothing created.
    let missing = dir.path().join("nope/list.csv");
    let err = write_csv_file(&sel, &spec, &missing).unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
    assert!(!missing.exists());
}
