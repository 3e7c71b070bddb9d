//! Every chart drawn from a small hand-made store, in both languages, both themes and both
//! formats: the SVG parses and says the right words, the PNG decodes at the right size and has
//! ink where the title is, an empty store says "No data", and the cohort heatmaps leave the
//! unobservable triangle blank. The Predictions charts (backtest, churn-risk histogram) take
//! plain numbers and are drawn from hand-made buckets and bins the same ways.
//!
//! Why one file of this size: the crate's one integration-test binary (plotters, ab_glyph and the
//! analytics crate link once), sharing the store fixture and the SVG/PNG inspection helpers.

use std::collections::BTreeMap;

use ab_glyph::{Font, FontRef};
use chrono::NaiveDate;
use repeatlens_analytics::{
    analyze, Analysis, CohortPeriod, CustomerInput, DatasetBuilder, LineInput, OrderInput, Params,
};
use repeatlens_charts::{
    backtest_chart, churn_risk_histogram, render, render_svg, BacktestBar, ChartError, ChartKind,
    Format, Lang, Theme, FONT_BYTES, SVG_FONT_STACK,
};

const AS_OF: &str = "2024-04-15";

fn noon(d: NaiveDate) -> i64 {
    d.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp()
}

/// 36 customers, one every 3 days from 2024-01-02 (cohorts January to April); two in three buy
/// again every 20–40 days until the as-of date. Every order has the SKU TEA-1 (category 茶叶),
/// every other one also MUG-2 (category Mugs).
fn store() -> Analysis {
    store_with(&as_of_params())
}

fn store_with(params: &Params) -> Analysis {
    let mut b = DatasetBuilder::new("UTC", "EUR").unwrap();
    let start = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    for i in 0..36u32 {
        let id = format!("C{i:02}");
        let c = b.push_customer(CustomerInput {
            platform_id: &id,
            country: Some(if i % 2 == 0 { "DE" } else { "CN" }),
            accepts_marketing: Some(true),
            has_record: true,
        });
        let mut day = start + chrono::Duration::days(3 * i as i64);
        let mut n = 0;
        while day <= as_of {
            let o = b
                .push_order(OrderInput {
                    customer: Some(c),
                    created_at: noon(day),
                    currency: "EUR",
                    total_minor: 1_000 + i as i64 * 137 + n * 250,
                    cancelled: false,
                    test: false,
                    ship_country: None,
                    has_discount_code: false,
                    fulfilled_at: None,
                    delivered_at: None,
                    platform: "shopify",
                })
                .unwrap();
            let mut lines = vec![("TEA-1", "茶叶")];
            if n % 2 == 0 {
                lines.push(("MUG-2", "Mugs"));
            }
            for (sku, cat) in lines {
                b.push_line(LineInput {
                    order: o,
                    sku: Some(sku),
                    category: Some(cat),
                })
                .unwrap();
            }
            n += 1;
            if i % 3 == 0 {
                break;
            }
            day += chrono::Duration::days(20 + 5 * (i % 5) as i64);
        }
    }
    analyze(&b.finish(), params)
}

fn as_of_params() -> Params {
    Params {
        as_of: Some(NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap()),
        ..Params::default()
    }
}

fn empty_store() -> Analysis {
    let b = DatasetBuilder::new("UTC", "EUR").unwrap();
    analyze(&b.finish(), &as_of_params())
}

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    root.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    buf.truncate(info.buffer_size());
    (info, buf)
}

/// Pixels in the rectangle that differ clearly from `bg` (RGB image of width `w`).
fn ink(rgb: &[u8], w: usize, (x0, y0, x1, y1): (usize, usize, usize, usize), bg: [u8; 3]) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = &rgb[(y * w + x) * 3..(y * w + x) * 3 + 3];
            if p.iter()
                .zip(bg)
                .any(|(a, b)| (*a as i32 - b as i32).abs() > 60)
            {
                n += 1;
            }
        }
    }
    n
}

/// Words each chart must show, in English and in Chinese.
fn expected(kind: ChartKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        ChartKind::Revenue => (
            &["Net revenue by month", "2024-01", "Net revenue (EUR)"],
            &["每月净销售额", "2024-03", "净销售额（EUR）"],
        ),
        ChartKind::Customers => (
            &["Customers buying each month", "New", "Returning"],
            &["每月购买客户数", "新客", "回头客"],
        ),
        ChartKind::Segments => (
            &[
                "Customer segments (R×F)",
                "Champions",
                "Hibernating",
                "Can't Lose Them",
            ],
            &["客户分群（R×F）", "冠军客户", "休眠客户", "不能失去"],
        ),
        ChartKind::EightClass => (
            &["RFM 8-class model", "Important value", "General win-back"],
            &["RFM 八类客户", "重要价值客户", "一般挽留客户"],
        ),
        ChartKind::RfHeatmap => (
            &[
                "Customers by R and F score",
                "R5",
                "F1",
                "Frequency score (F)",
            ],
            &[
                "R×F 评分分布",
                "R5",
                "购买频次评分（F）",
                "最近购买评分（R）",
            ],
        ),
        ChartKind::Tiers => (
            &[
                "Value tiers: share of revenue",
                "Top (20% of customers)",
                "Cumulative",
            ],
            &["价值分层：销售额占比", "头部客户（20% 客户）", "累计占比"],
        ),
        ChartKind::ChurnTrend => (
            &["Churn rate by month", "Churn rate"],
            &["每月流失率", "流失率"],
        ),
        ChartKind::Cohort => (
            &[
                "Customer retention by cohort",
                "100.0%",
                "Months since first purchase",
            ],
            &["同期群客户留存率", "100.0%", "首次购买后的月数"],
        ),
        ChartKind::RevenueRetention => (
            &["Revenue retention by cohort", "2024-01"],
            &["同期群销售额留存率", "2024-01"],
        ),
        ChartKind::Ltv => (
            &["Cumulative net revenue per customer (LTV)", "2024-02"],
            &["每位客户累计净销售额（LTV）", "首次购买后的月数"],
        ),
        ChartKind::Km => (
            &["Time to second purchase", "Days since first purchase"],
            &["距第二次购买的时间", "首次购买后的天数"],
        ),
        ChartKind::Repurchase => (
            &["Repurchase interval by SKU", "TEA-1", "MUG-2"],
            &["各 SKU 复购间隔", "TEA-1", "两次购买间隔（天）"],
        ),
        ChartKind::RepurchaseCategories => (
            &["Repurchase interval by category", "Mugs", "茶叶"],
            &["各品类复购间隔", "茶叶"],
        ),
    }
}

#[test]
fn every_chart_renders_valid_svg_with_its_words_in_both_languages() {
    let a = store();
    for kind in ChartKind::ALL {
        let (en, zh) = expected(kind);
        for (lang, words, theme) in [(Lang::En, en, Theme::Light), (Lang::ZhCn, zh, Theme::Dark)] {
            let svg = render_svg(kind, &a, lang, theme, 800, 500).unwrap();
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let root = doc.root_element();
            assert_eq!(root.attribute("width"), Some("800"), "{kind}");
            assert_eq!(root.attribute("height"), Some("500"), "{kind}");
            let all = texts(&svg);
            for w in words {
                assert!(
                    all.iter().any(|t| t.contains(w)),
                    "{kind} {lang:?}: no text containing {w:?} in {all:?}"
                );
            }
            assert!(
                !all.iter()
                    .any(|t| t.contains("No data") || t.contains("暂无数据")),
                "{kind} {lang:?} has data but says No data"
            );
            // Text names the font stack with the embedded font first.
            let family = root
                .descendants()
                .find(|n| n.has_tag_name("text"))
                .and_then(|n| n.attribute("font-family"))
                .unwrap();
            assert_eq!(family, SVG_FONT_STACK);
            assert!(family.starts_with("'RepeatLens Sans'") && family.ends_with("sans-serif"));
        }
    }
}

#[test]
fn themes_colour_the_background() {
    let a = store();
    let bg = |theme| {
        let svg = render_svg(ChartKind::Segments, &a, Lang::En, theme, 640, 400).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let rect = doc.descendants().find(|n| n.has_tag_name("rect")).unwrap();
        assert_eq!(rect.attribute("width"), Some("640"));
        rect.attribute("fill").unwrap().to_string()
    };
    assert_eq!(bg(Theme::Light), "#FFFFFF");
    assert_eq!(bg(Theme::Dark), "#111827");
}

#[test]
fn every_chart_renders_a_png_of_the_requested_size() {
    let a = store();
    for kind in ChartKind::ALL {
        for (lang, theme) in [(Lang::En, Theme::Dark), (Lang::ZhCn, Theme::Light)] {
            let bytes = render(kind, &a, lang, theme, Format::Png, 640, 420).unwrap();
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{kind}");
            let (info, rgb) = decode(&bytes);
            assert_eq!((info.width, info.height), (640, 420), "{kind}");
            assert_eq!(info.color_type, png::ColorType::Rgb);
            // Something is drawn in the body, not just a background.
            let bg = [rgb[0], rgb[1], rgb[2]];
            let body = ink(&rgb, 640, (16, 100, 624, 400), bg);
            assert!(body > 2_000, "{kind} {lang:?}: only {body} pixels drawn");
        }
    }
}

#[test]
fn chinese_title_is_drawn_into_the_png() {
    let a = store();
    let bytes = render(
        ChartKind::Segments,
        &a,
        Lang::ZhCn,
        Theme::Light,
        Format::Png,
        800,
        500,
    )
    .unwrap();
    let (_, rgb) = decode(&bytes);
    // "客户分群（R×F）" is drawn at 17 px from (16, 16): its box is full of glyph strokes.
    let title = ink(&rgb, 800, (14, 14, 170, 40), [255, 255, 255]);
    assert!(title > 400, "only {title} title pixels");
    // Right of it, up to the edge, the title row is empty.
    assert_eq!(ink(&rgb, 800, (300, 14, 790, 40), [255, 255, 255]), 0);

    // Different hanzi give different pixels (a missing glyph would draw the same empty box).
    let other = render(
        ChartKind::Cohort,
        &a,
        Lang::ZhCn,
        Theme::Light,
        Format::Png,
        800,
        500,
    )
    .unwrap();
    let (_, rgb2) = decode(&other);
    let row = |img: &[u8]| img[(14 * 800) * 3..(40 * 800) * 3].to_vec();
    assert_ne!(row(&rgb), row(&rgb2));
}

#[test]
fn every_character_shown_has_a_glyph_in_the_embedded_font() {
    let font = FontRef::try_from_slice(FONT_BYTES).unwrap();
    let mut missing = BTreeMap::new();
    for a in [store(), empty_store()] {
        for kind in ChartKind::ALL {
            for lang in [Lang::En, Lang::ZhCn] {
                let svg = render_svg(kind, &a, lang, Theme::Light, 800, 500).unwrap();
                for t in texts(&svg) {
                    for c in t.chars().filter(|c| !c.is_whitespace()) {
                        if font.glyph_id(c).0 == 0 {
                            missing.insert(c, t.clone());
                        }
                    }
                }
            }
        }
    }
    // The Predictions charts, with data and empty.
    for lang in [Lang::En, Lang::ZhCn] {
        let svgs = [
            model_svg(&backtest_buckets(), lang),
            model_svg(&[], lang),
            risk_svg(&risk_bins(), lang),
            risk_svg(&[0; 10], lang),
        ];
        for svg in svgs {
            for t in texts(&svg) {
                for c in t.chars().filter(|c| !c.is_whitespace()) {
                    if font.glyph_id(c).0 == 0 {
                        missing.insert(c, t.clone());
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}

#[test]
fn an_empty_store_draws_every_chart_with_no_data() {
    let a = empty_store();
    assert_eq!(a.kpis.all_time.customers, 0);
    for kind in ChartKind::ALL {
        let en = texts(&render_svg(kind, &a, Lang::En, Theme::Light, 640, 400).unwrap());
        assert!(en.iter().any(|t| t == "No data"), "{kind}: {en:?}");
        let zh = texts(&render_svg(kind, &a, Lang::ZhCn, Theme::Dark, 640, 400).unwrap());
        assert!(zh.iter().any(|t| t == "暂无数据"), "{kind}: {zh:?}");
        let (info, rgb) =
            decode(&render(kind, &a, Lang::ZhCn, Theme::Light, Format::Png, 640, 400).unwrap());
        assert_eq!((info.width, info.height), (640, 400));
        // The message is drawn in the middle.
        assert!(
            ink(&rgb, 640, (240, 180, 400, 240), [255, 255, 255]) > 100,
            "{kind}"
        );
    }
}

/// Filled rectangles at least `min_h` high, grouped by row (y), as column counts from the top.
fn cell_rows(svg: &str, min_h: i32, max_w: i32) -> Vec<usize> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut rows: BTreeMap<i32, usize> = BTreeMap::new();
    for r in doc.descendants().filter(|n| n.has_tag_name("rect")) {
        let num = |k| r.attribute(k).unwrap().parse::<i32>().unwrap();
        if r.attribute("fill") == Some("none") || num("height") < min_h || num("width") > max_w {
            continue;
        }
        *rows.entry(num("y")).or_default() += 1;
    }
    rows.into_values().collect()
}

#[test]
fn cohort_heatmaps_leave_the_unobservable_triangle_blank() {
    let a = store();
    // Cohorts January to April, as of April 15: 4, 3, 2 and 1 observable months.
    let lens: Vec<usize> = a
        .cohorts
        .rows
        .iter()
        .map(|r| r.customer_retention.len())
        .collect();
    assert_eq!(lens, [4, 3, 2, 1]);
    for kind in [ChartKind::Cohort, ChartKind::RevenueRetention] {
        let svg = render_svg(kind, &a, Lang::En, Theme::Light, 800, 500).unwrap();
        // Cells are the filled rectangles taller than the colour key and narrower than the chart.
        assert_eq!(cell_rows(&svg, 14, 400), [4, 3, 2, 1], "{kind}");
        // Each observed cell is labelled; nothing reads 0% but the colour key's low end.
        let all = texts(&svg);
        let labels = all.iter().filter(|t| t.ends_with('%')).count();
        assert_eq!(labels, 10 + 1, "{kind}: {all:?}");
        assert_eq!(all.iter().filter(|t| *t == "0%" || *t == "0.0%").count(), 1);
        // The as-of month is partial: its cells are outlined, and the note says why.
        assert!(all.iter().any(|t| t.contains("as-of month")));
    }
}

#[test]
fn chart_names_sizes_and_errors() {
    for kind in ChartKind::ALL {
        assert_eq!(ChartKind::from_name(kind.name()), Ok(kind));
    }
    assert_eq!(ChartKind::from_name("KM"), Ok(ChartKind::Km));
    assert_eq!(ChartKind::from_name("retention"), Ok(ChartKind::Cohort));
    let err = ChartKind::from_name("pie").unwrap_err();
    assert_eq!(err, ChartError::UnknownKind("pie".into()));
    assert!(err.to_string().contains("revenue-retention"), "{err}");

    let a = empty_store();
    assert_eq!(
        render(
            ChartKind::Km,
            &a,
            Lang::En,
            Theme::Light,
            Format::Png,
            10,
            400
        ),
        Err(ChartError::Size(10, 400))
    );
    assert!(render(
        ChartKind::Km,
        &a,
        Lang::En,
        Theme::Light,
        Format::Svg,
        240,
        240
    )
    .is_ok());
    assert_eq!(Lang::from_code("zh-CN"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_code("fr"), None);
    assert_eq!(
        Format::from_path(std::path::Path::new("a/b.PNG")),
        Some(Format::Png)
    );
    assert_eq!(Format::from_path(std::path::Path::new("chart.jpg")), None);
}

#[test]
fn weekly_cohorts_are_drawn_by_iso_week() {
    let a = store_with(&Params {
        cohort_period: CohortPeriod::IsoWeek,
        ..as_of_params()
    });
    assert_eq!(a.cohorts.period, "iso_week");
    let words = |kind| texts(&render_svg(kind, &a, Lang::En, Theme::Light, 900, 560).unwrap());
    let revenue = words(ChartKind::Revenue);
    assert!(revenue.iter().any(|t| t == "Net revenue by week"));
    // 2024-01-02 is in ISO week 1; the as-of date 2024-04-15 in week 16.
    assert!(revenue.iter().any(|t| t == "2024-W01"), "{revenue:?}");
    assert!(
        revenue.iter().any(|t| t.starts_with("2024-W16")),
        "{revenue:?}"
    );
    let cohort = words(ChartKind::Cohort);
    assert!(cohort.iter().any(|t| t == "Weeks since first purchase"));
    assert!(cohort.iter().any(|t| t.contains("as-of week")));
    let ltv = words(ChartKind::Ltv);
    assert!(ltv.iter().any(|t| t.contains("to week k")));
}

/// A backtest like CDNOW's: eight calibration-frequency groups, the model a little low.
fn backtest_buckets() -> Vec<BacktestBar> {
    let rows = [
        ("0", 1411, 0.24, 0.21),
        ("1", 439, 0.70, 0.62),
        ("2", 214, 1.39, 1.16),
        ("3", 100, 1.56, 1.71),
        ("4", 62, 2.53, 2.22),
        ("5", 38, 2.95, 2.84),
        ("6", 29, 3.86, 3.42),
        ("7+", 64, 6.37, 5.89),
    ];
    rows.iter()
        .map(
            |&(label, customers, actual_mean, predicted_mean)| BacktestBar {
                label: label.into(),
                customers,
                actual_mean,
                predicted_mean,
            },
        )
        .collect()
}

const BACKTEST_SUMMARY: &str = "Predicted 1,653 purchases, actual 1,882 (−12.1%): fair";

/// Customers per tenth of churn risk, 4,338 in all; the top three tenths are high risk.
fn risk_bins() -> [u64; 10] {
    [1210, 640, 410, 330, 290, 260, 240, 280, 318, 360]
}

fn model_svg(buckets: &[BacktestBar], lang: Lang) -> String {
    let bytes = backtest_chart(
        buckets,
        BACKTEST_SUMMARY,
        lang,
        Theme::Light,
        Format::Svg,
        (800, 500),
    )
    .unwrap();
    String::from_utf8(bytes).unwrap()
}

fn risk_svg(bins: &[u64], lang: Lang) -> String {
    let bytes =
        churn_risk_histogram(bins, 0.3, 0.7, lang, Theme::Light, Format::Svg, (800, 500)).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn assert_words(svg: &str, words: &[&str], what: &str) {
    let all = texts(svg);
    for w in words {
        assert!(
            all.iter().any(|t| t.contains(w)),
            "{what}: no text containing {w:?} in {all:?}"
        );
    }
    assert!(
        !all.iter()
            .any(|t| t.contains("No data") || t.contains("暂无数据")),
        "{what} has data but says No data"
    );
}

#[test]
fn backtest_chart_says_what_it_compares_in_both_languages() {
    let b = backtest_buckets();
    assert_words(
        &model_svg(&b, Lang::En),
        &[
            "Backtest: predicted vs actual",
            BACKTEST_SUMMARY,
            "Actual",
            "Predicted",
            "Purchases in calibration period",
            "Purchases per customer in holdout",
            "7+",
            // Bar values fit at 800 px.
            "6.37",
            "5.89",
        ],
        "backtest en",
    );
    assert_words(
        &model_svg(&b, Lang::ZhCn),
        &[
            "回测：预测与实际",
            "实际",
            "预测",
            "校准期内购买次数",
            "验证期内人均购买次数",
            "7+",
        ],
        "backtest zh",
    );
    // Both series are drawn in their legend colours: light accent and accent2.
    let svg = model_svg(&b, Lang::En);
    assert!(svg.contains("#2563EB") && svg.contains("#F59E0B"));
}

#[test]
fn churn_risk_histogram_colours_bins_by_band() {
    let bins = risk_bins();
    let en = risk_svg(&bins, Lang::En);
    assert_words(
        &en,
        &[
            "Churn risk distribution",
            "4,338 customers",
            "0–10%",
            "90–100%",
            "Low risk",
            "Medium risk (30–70%)",
            "High risk",
            "1,210",
        ],
        "churn risk en",
    );
    assert_words(
        &risk_svg(&bins, Lang::ZhCn),
        &[
            "流失风险分布",
            "共 4,338 位客户",
            "低风险",
            "中风险",
            "高风险",
            "50–60%",
        ],
        "churn risk zh",
    );
    // Count the bars per fill colour (light theme: good, watch, risk).
    let doc = roxmltree::Document::parse(&en).unwrap();
    let tall = |fill: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
            .filter(|n| n.attribute("height").unwrap().parse::<i32>().unwrap() > 12)
            .count()
    };
    assert_eq!(
        (tall("#16A34A"), tall("#D97706"), tall("#DC2626")),
        (3, 4, 3)
    );
    // Only the last bin filled: the high colour is there, the low one only in the legend.
    let mut top = [0u64; 10];
    top[9] = 25;
    let svg = risk_svg(&top, Lang::En);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let bars: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| n.attribute("height").unwrap().parse::<i32>().unwrap() > 12)
        .filter_map(|n| n.attribute("fill"))
        .filter(|f| *f != "#FFFFFF")
        .collect();
    assert_eq!(bars, ["#DC2626"]);
}

#[test]
fn prediction_charts_render_pngs_of_the_requested_size() {
    let b = backtest_buckets();
    let bins = risk_bins();
    for (lang, theme) in [(Lang::En, Theme::Dark), (Lang::ZhCn, Theme::Light)] {
        let pngs = [
            backtest_chart(&b, BACKTEST_SUMMARY, lang, theme, Format::Png, (640, 420)).unwrap(),
            churn_risk_histogram(&bins, 0.3, 0.7, lang, theme, Format::Png, (640, 420)).unwrap(),
        ];
        for bytes in pngs {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
            let (info, rgb) = decode(&bytes);
            assert_eq!((info.width, info.height), (640, 420));
            let bg = [rgb[0], rgb[1], rgb[2]];
            let body = ink(&rgb, 640, (16, 100, 624, 400), bg);
            assert!(body > 2_000, "{lang:?}: only {body} pixels drawn");
        }
    }
    // The smallest size still draws.
    for lang in [Lang::En, Lang::ZhCn] {
        assert!(backtest_chart(
            &b,
            BACKTEST_SUMMARY,
            lang,
            Theme::Light,
            Format::Png,
            (240, 240)
        )
        .is_ok());
        assert!(
            churn_risk_histogram(&bins, 0.3, 0.7, lang, Theme::Light, Format::Png, (240, 240))
                .is_ok()
        );
    }
    assert_eq!(
        churn_risk_histogram(
            &bins,
            0.3,
            0.7,
            Lang::En,
            Theme::Light,
            Format::Png,
            (100, 400)
        ),
        Err(ChartError::Size(100, 400))
    );
}

#[test]
fn prediction_charts_without_data_say_so() {
    let no_customers: Vec<BacktestBar> = backtest_buckets()
        .into_iter()
        .map(|b| BacktestBar { customers: 0, ..b })
        .collect();
    for lang in [Lang::En, Lang::ZhCn] {
        let msg = if lang == Lang::En {
            "No data"
        } else {
            "暂无数据"
        };
        let title = if lang == Lang::En {
            "Churn risk distribution"
        } else {
            "流失风险分布"
        };
        for svg in [
            model_svg(&[], lang),
            model_svg(&no_customers, lang),
            risk_svg(&[0; 10], lang),
            risk_svg(&[], lang),
        ] {
            let all = texts(&svg);
            assert!(all.iter().any(|t| t == msg), "{all:?}");
        }
        assert!(texts(&risk_svg(&[0; 10], lang)).iter().any(|t| t == title));
        let (info, rgb) = decode(
            &churn_risk_histogram(
                &[0; 10],
                0.3,
                0.7,
                lang,
                Theme::Light,
                Format::Png,
                (640, 400),
            )
            .unwrap(),
        );
        assert_eq!((info.width, info.height), (640, 400));
        assert!(ink(&rgb, 640, (240, 180, 400, 240), [255, 255, 255]) > 100);
    }
}

/// A text element's box in the SVG: (text, left, top, right, bottom), as wide as the embedded
/// font measures it and one line high (`line` × the font size, centred where the chart centres
/// its labels). Rotated labels (axis titles) are left out.
fn text_boxes(svg: &str, line: f64) -> Vec<(String, f64, f64, f64, f64)> {
    let font = FontRef::try_from_slice(FONT_BYTES).unwrap();
    let upem = font.units_per_em().unwrap() as f64;
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("transform").is_none())
        .map(|n| {
            let num = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
            let (x, y, em) = (num("x"), num("y"), num("font-size"));
            let s = n.text().unwrap_or("").trim().to_string();
            let w: f64 = s
                .chars()
                .map(|c| font.h_advance_unscaled(font.glyph_id(c)) as f64)
                .sum::<f64>()
                / upem
                * em;
            let left = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            // Labels are drawn 0.1 em below their centre, on the SVG's central baseline.
            let mid = y - 0.1 * em;
            (
                s,
                left,
                mid - line * em / 2.0,
                left + w,
                mid + line * em / 2.0,
            )
        })
        .collect()
}

/// The screen's Segments and 8-class bar charts at every size the app asks for (widths 400–1600
/// px in steps of 80, half as high, at least 240: ui/src/components/Chart.tsx, in grid columns of
/// at least 420 px), the CLI's default and the 1600×1000 export:
/// no two labels' line boxes (1.4 em high) intersect, so ten names never run into each other,
/// and every label stays on the canvas. At 640×320 (the screen's usual size) the names were
/// 16 px apart at 12.5 px: touching lines; at 560×280 and below they overlapped.
#[test]
fn bar_chart_labels_stay_apart_at_every_screen_size() {
    let a = store();
    let mut sizes: Vec<(u32, u32)> = (400..=1600)
        .step_by(80)
        .map(|w| (w, (w / 2).max(240)))
        .collect();
    sizes.extend([(960, 600), (1600, 1000)]);
    for kind in [ChartKind::Segments, ChartKind::EightClass] {
        for lang in [Lang::En, Lang::ZhCn] {
            for &(w, h) in &sizes {
                let svg = render_svg(kind, &a, lang, Theme::Light, w, h).unwrap();
                let boxes = text_boxes(&svg, 1.4);
                assert!(
                    boxes.len() >= 20,
                    "{kind} {lang:?} {w}×{h}: {}",
                    boxes.len()
                );
                for (i, p) in boxes.iter().enumerate() {
                    assert!(
                        p.1 >= -0.5
                            && p.3 <= w as f64 + 0.5
                            && p.2 >= -0.5
                            && p.4 <= h as f64 + 0.5,
                        "{kind} {lang:?} {w}×{h}: '{}' leaves the canvas: {p:?}",
                        p.0
                    );
                    for q in &boxes[i + 1..] {
                        let apart = p.3 <= q.1 || q.3 <= p.1 || p.4 <= q.2 || q.4 <= p.2;
                        assert!(apart, "{kind} {lang:?} {w}×{h}: {p:?} overlaps {q:?}");
                    }
                }
            }
        }
    }
    // At the screen's usual size every segment name is whole, in both languages.
    for (lang, names) in [
        (
            Lang::En,
            ["Potential Loyalists", "Can't Lose Them", "Need Attention"],
        ),
        (Lang::ZhCn, ["潜在忠诚客户", "不能失去", "需要关注"]),
    ] {
        let all =
            texts(&render_svg(ChartKind::Segments, &a, lang, Theme::Light, 640, 320).unwrap());
        for n in names {
            assert!(all.iter().any(|t| t == n), "{lang:?}: no '{n}' in {all:?}");
        }
    }
}
