//! Every word the charts show, in English and Simplified Chinese, and the number formats.
//!
//! Kept in one module so a translator sees all of it at once. Names of segments, classes and tiers
//! follow `labels.rs` of the analytics crate; the R×F segments and tiers get their Chinese names
//! here (the analytics crate serialises them in English).

use repeatlens_analytics::{Class8, Segment, Tier};

use crate::Lang;

/// One string in both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct L(pub &'static str, pub &'static str);

impl L {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.0,
            Lang::ZhCn => self.1,
        }
    }
}

pub(crate) const NO_DATA: L = L("No data", "暂无数据");
pub(crate) const NO_DATA_HINT: L = L(
    "Import orders or load the sample store to see this chart.",
    "导入订单或加载示例店铺后即可查看此图表。",
);
pub(crate) const NO_REPEAT_ITEMS: L = L(
    "No item has been bought again often enough yet to show its cycle.",
    "暂无复购次数足够的商品，无法计算复购周期。",
);
pub(crate) const NO_CATEGORIES: L = L(
    "The orders carry no product categories.",
    "订单数据中没有商品品类。",
);
/// Joins two parts of a subtitle.
pub(crate) const SEP: L = L("; ", "；");

// Revenue and customers over time.
pub(crate) const REVENUE_TITLE: L = L("Net revenue by month", "每月净销售额");
pub(crate) const REVENUE_TITLE_WEEK: L = L("Net revenue by week", "每周净销售额");
pub(crate) const REVENUE_SUBTITLE: L = L(
    "Purchases minus refunds of customers with an account (guest checkouts not included)",
    "有客户账号的购买减去退款（不含游客订单）",
);
pub(crate) const REVENUE_AXIS: L = L("Net revenue", "净销售额");
pub(crate) const CUSTOMERS_TITLE: L = L("Customers buying each month", "每月购买客户数");
pub(crate) const CUSTOMERS_TITLE_WEEK: L = L("Customers buying each week", "每周购买客户数");
pub(crate) const CUSTOMERS_SUBTITLE: L = L(
    "New: first purchase that month; returning: bought before",
    "新客：当月首次购买；回头客：之前买过",
);
pub(crate) const CUSTOMERS_AXIS: L = L("Customers", "客户数");
pub(crate) const NEW_CUSTOMERS: L = L("New", "新客");
pub(crate) const RETURNING_CUSTOMERS: L = L("Returning", "回头客");
pub(crate) const PARTIAL: L = L("so far (partial)", "截至分析日（未满）");
pub(crate) const MONTH_AXIS: L = L("Month", "月份");
pub(crate) const WEEK_AXIS: L = L("Week", "周");

// R×F segments.
pub(crate) const SEGMENTS_TITLE: L = L("Customer segments (R×F)", "客户分群（R×F）");
pub(crate) const SEGMENTS_AXIS: L = L("Customers", "客户数");
pub(crate) const EIGHT_CLASS_TITLE: L = L("RFM 8-class model", "RFM 八类客户");
pub(crate) const GROUP_BEST: L = L("Best", "核心客户");
pub(crate) const GROUP_GROWING: L = L("Growing", "成长中");
pub(crate) const GROUP_WATCH: L = L("Need a nudge", "需要关注");
pub(crate) const GROUP_RISK: L = L("Slipping away", "正在流失");
pub(crate) const GROUP_LOST: L = L("Inactive", "不活跃");
pub(crate) const IMPORTANT: L = L("Important: high spend (M)", "重要：消费金额（M）高");
pub(crate) const GENERAL: L = L("General: low spend", "一般：消费金额低");
pub(crate) const RF_TITLE: L = L("Customers by R and F score", "R×F 评分分布");
pub(crate) const RF_SUBTITLE: L = L(
    "Customers per recency (R) and frequency (F) score; 5 is best. Gaps separate the segments",
    "按最近购买（R）和购买频次（F）评分统计的客户数，5 分最好；间隔线划分客户分群",
);
pub(crate) const R_AXIS: L = L("Recency score (R)", "最近购买评分（R）");
pub(crate) const F_AXIS: L = L("Frequency score (F)", "购买频次评分（F）");

// Tiers.
pub(crate) const TIERS_TITLE: L = L("Value tiers: share of revenue", "价值分层：销售额占比");
pub(crate) const TIERS_SUBTITLE: L = L(
    "Customers ranked by spend; bars: each tier's share of net revenue, line: cumulative",
    "按消费金额给客户排序；柱：各层净销售额占比，折线：累计占比",
);
pub(crate) const REVENUE_SHARE: L = L("Share of revenue", "销售额占比");
pub(crate) const CUMULATIVE: L = L("Cumulative", "累计占比");

// Churn.
pub(crate) const CHURN_TITLE: L = L("Churn rate by month", "每月流失率");
pub(crate) const CHURN_AXIS: L = L("Churn rate", "流失率");

// Cohorts.
pub(crate) const COHORT_TITLE: L = L("Customer retention by cohort", "同期群客户留存率");
pub(crate) const COHORT_SUBTITLE: L = L(
    "Share of each cohort (first-purchase month) buying again k months later",
    "各同期群（首次购买月份）在第 k 个月再次购买的客户占比",
);
pub(crate) const COHORT_SUBTITLE_WEEK: L = L(
    "Share of each cohort (first-purchase week) buying again k weeks later",
    "各同期群（首次购买周）在第 k 周再次购买的客户占比",
);
pub(crate) const REVENUE_RETENTION_TITLE: L =
    L("Revenue retention by cohort", "同期群销售额留存率");
pub(crate) const REVENUE_RETENTION_SUBTITLE: L = L(
    "Each cohort's net revenue k months later, as a share of its first month's",
    "各同期群第 k 个月的净销售额 ÷ 首月净销售额",
);
pub(crate) const REVENUE_RETENTION_SUBTITLE_WEEK: L = L(
    "Each cohort's net revenue k weeks later, as a share of its first week's",
    "各同期群第 k 周的净销售额 ÷ 首周净销售额",
);
pub(crate) const COHORT_AXIS: L = L("Cohort", "同期群");
pub(crate) const COHORT_SIZE: L = L("Customers", "客户数");
pub(crate) const PARTIAL_CELLS: L = L(
    "Outlined: the as-of month, still partial",
    "带框：分析日所在月份，尚未结束",
);
pub(crate) const PARTIAL_CELLS_WEEK: L = L(
    "Outlined: the as-of week, still partial",
    "带框：分析日所在周，尚未结束",
);
pub(crate) const MONTHS_SINCE: L = L("Months since first purchase", "首次购买后的月数");
pub(crate) const WEEKS_SINCE: L = L("Weeks since first purchase", "首次购买后的周数");
pub(crate) const LTV_TITLE: L = L(
    "Cumulative net revenue per customer (LTV)",
    "每位客户累计净销售额（LTV）",
);
pub(crate) const LTV_AXIS: L = L("Net revenue per customer", "每位客户净销售额");

// Time to second purchase.
pub(crate) const KM_TITLE: L = L("Time to second purchase", "距第二次购买的时间");
pub(crate) const KM_SUBTITLE: L = L(
    "Share of customers still without a second purchase (Kaplan–Meier)",
    "尚未第二次购买的客户占比（Kaplan–Meier 估计）",
);
pub(crate) const KM_AXIS: L = L("Without a 2nd purchase", "尚未复购");
pub(crate) const DAYS_SINCE_FIRST: L = L("Days since first purchase", "首次购买后的天数");

// Repurchase intervals.
pub(crate) const REPURCHASE_SKU_TITLE: L = L("Repurchase interval by SKU", "各 SKU 复购间隔");
pub(crate) const REPURCHASE_CATEGORY_TITLE: L =
    L("Repurchase interval by category", "各品类复购间隔");
pub(crate) const REPURCHASE_SUBTITLE: L = L(
    "Days between repeat purchases of the same item: box 25th–75th percentile, line median",
    "同一商品两次购买之间的天数：方框为第 25–75 百分位，竖线为中位数",
);
pub(crate) const DAYS_BETWEEN: L = L("Days between purchases", "两次购买间隔（天）");

// Predictions: backtest and churn risk.
pub(crate) const BACKTEST_TITLE: L = L("Backtest: predicted vs actual", "回测：预测与实际");
pub(crate) const BACKTEST_EMPTY_HINT: L = L(
    "The backtest needs purchases both before and during the holdout period.",
    "回测需要验证期之前和验证期内都有购买记录。",
);
pub(crate) const ACTUAL: L = L("Actual", "实际");
pub(crate) const PREDICTED: L = L("Predicted", "预测");
pub(crate) const CALIBRATION_AXIS: L = L("Purchases in calibration period", "校准期内购买次数");
pub(crate) const HOLDOUT_AXIS: L = L("Purchases per customer in holdout", "验证期内人均购买次数");
pub(crate) const CHURN_RISK_TITLE: L = L("Churn risk distribution", "流失风险分布");
pub(crate) const CHURN_RISK_AXIS: L = L("Predicted churn risk", "预测流失风险");
pub(crate) const LOW_RISK: L = L("Low risk", "低风险");
pub(crate) const MEDIUM_RISK: L = L("Medium risk", "中风险");
pub(crate) const HIGH_RISK: L = L("High risk", "高风险");

pub(crate) fn segment_name(s: Segment, lang: Lang) -> &'static str {
    match lang {
        Lang::En => s.name(),
        Lang::ZhCn => match s {
            Segment::Champions => "冠军客户",
            Segment::LoyalCustomers => "忠诚客户",
            Segment::PotentialLoyalists => "潜在忠诚客户",
            Segment::NewCustomers => "新客户",
            Segment::Promising => "潜力客户",
            Segment::NeedAttention => "需要关注",
            Segment::AboutToSleep => "即将沉睡",
            Segment::AtRisk => "流失风险",
            Segment::CantLoseThem => "不能失去",
            Segment::Hibernating => "休眠客户",
        },
    }
}

pub(crate) fn class_name(c: Class8, lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => c.name(),
        Lang::En => match c {
            Class8::ImportantValue => "Important value",
            Class8::ImportantKeep => "Important keep",
            Class8::ImportantDevelop => "Important develop",
            Class8::ImportantRetain => "Important win-back",
            Class8::GeneralValue => "General value",
            Class8::GeneralKeep => "General keep",
            Class8::GeneralDevelop => "General develop",
            Class8::GeneralRetain => "General win-back",
        },
    }
}

pub(crate) fn tier_name(t: Tier, lang: Lang) -> &'static str {
    match (t, lang) {
        (Tier::Top, Lang::En) => "Top",
        (Tier::Middle, Lang::En) => "Middle",
        (Tier::Bottom, Lang::En) => "Bottom",
        (Tier::Top, Lang::ZhCn) => "头部客户",
        (Tier::Middle, Lang::ZhCn) => "腰部客户",
        (Tier::Bottom, Lang::ZhCn) => "尾部客户",
    }
}

/// "Top (20% of customers)".
pub(crate) fn tier_label(t: Tier, customer_share: Option<f64>, lang: Lang) -> String {
    let share = customer_share.map(|s| pct(s, 0));
    match (lang, share) {
        (Lang::En, Some(s)) => format!("{} ({s} of customers)", tier_name(t, lang)),
        (Lang::ZhCn, Some(s)) => format!("{}（{s} 客户）", tier_name(t, lang)),
        (_, None) => tier_name(t, lang).to_string(),
    }
}

/// "4,338 customers analysed".
pub(crate) fn customers_analysed(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} customers analysed", int(n)),
        Lang::ZhCn => format!("共分析 {} 位客户", int(n)),
    }
}

/// "4,338 customers".
pub(crate) fn customers_total(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} customers", int(n)),
        Lang::ZhCn => format!("共 {} 位客户", int(n)),
    }
}

/// A churn-risk band in the legend with its range: "Medium risk (30–70%)", "高风险（≥ 70%）".
/// `from`/`to` are the band's edges as fractions; `None` for an open end.
pub(crate) fn risk_band(band: L, from: Option<f64>, to: Option<f64>, lang: Lang) -> String {
    let range = match (from, to) {
        (None, Some(t)) => format!("< {}", pct(t, 0)),
        (Some(f), None) => format!("≥ {}", pct(f, 0)),
        (Some(f), Some(t)) => format!("{:.0}–{}", f * 100.0, pct(t, 0)),
        (None, None) => return band.get(lang).to_string(),
    };
    match lang {
        Lang::En => format!("{} ({range})", band.0),
        Lang::ZhCn => format!("{}（{range}）", band.1),
    }
}

/// A histogram bin of fractions as percentages: "90–100%".
pub(crate) fn pct_range(lo: f64, hi: f64) -> String {
    format!("{:.0}–{}", lo * 100.0, pct(hi, 0))
}

/// A mean count (purchases per customer) for a bar label: "0.42", "3.18", "12.4".
pub(crate) fn mean(v: f64) -> String {
    if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A tick of a small-number axis with just the decimals its step needs: 0.25, 0.5, 1, 1.5.
pub(crate) fn dec_tick(v: f64, step: f64) -> String {
    let decimals = (0..3)
        .find(|d| {
            let s = step * 10f64.powi(*d);
            (s - s.round()).abs() < 1e-6
        })
        .unwrap_or(3) as usize;
    format!("{v:.decimals$}")
}

/// Subtitle of the 8-class chart.
pub(crate) fn eight_class_subtitle(n: u64, mode: &str, lang: Lang) -> String {
    let basis = match (mode, lang) {
        ("median", Lang::En) => "the median",
        ("median", Lang::ZhCn) => "中位数",
        ("fixed", Lang::En) => "fixed thresholds",
        ("fixed", Lang::ZhCn) => "固定阈值",
        (_, Lang::En) => "the mean",
        (_, Lang::ZhCn) => "平均值",
    };
    match lang {
        Lang::En => format!(
            "{} customers; R, F, M each high or low against {basis}",
            int(n)
        ),
        Lang::ZhCn => format!("共 {} 位客户；R、F、M 分别与{basis}比较高低", int(n)),
    }
}

/// Subtitle of the churn chart.
pub(crate) fn churn_subtitle(threshold_days: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "Of the customers active at the start of a month, the share passing {threshold_days:.0} days without a purchase during it"
        ),
        Lang::ZhCn => format!(
            "月初仍活跃的客户中，当月达到 {threshold_days:.0} 天未购买（流失）的比例"
        ),
    }
}

/// Note under the KM curve: "Median: 52 days".
pub(crate) fn km_median(days: Option<u32>, lang: Lang) -> String {
    match (lang, days) {
        (Lang::En, Some(d)) => format!("Median: {d} days"),
        (Lang::ZhCn, Some(d)) => format!("中位数：{d} 天"),
        (Lang::En, None) => "Median: not reached yet".into(),
        (Lang::ZhCn, None) => "中位数：尚未达到".into(),
    }
}

/// KM marker: "90 d: 72%".
pub(crate) fn km_marker(day: u32, s: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{day} d: {}", pct(s, 0)),
        Lang::ZhCn => format!("{day} 天：{}", pct(s, 0)),
    }
}

/// KM subtitle tail: "3,012 customers, 1,560 with a second purchase".
pub(crate) fn km_counts(customers: u64, second: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{} customers, {} with a second purchase",
            int(customers),
            int(second)
        ),
        Lang::ZhCn => format!(
            "{} 位客户，其中 {} 位已第二次购买",
            int(customers),
            int(second)
        ),
    }
}

/// "Showing 15 of 240 items with enough data".
pub(crate) fn showing_items(shown: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "top {shown} of {} items with enough repeat purchases, by repeats",
            int(of as u64)
        ),
        Lang::ZhCn => format!(
            "按复购次数取前 {shown} 个（共 {} 个数据充足的商品）",
            int(of as u64)
        ),
    }
}

/// Label at the right of a repurchase row: "median 35 d".
pub(crate) fn median_days(d: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("median {d:.0} d"),
        Lang::ZhCn => format!("中位数 {d:.0} 天"),
    }
}

/// "latest 24 of 60 cohorts".
pub(crate) fn cohorts_shown(shown: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("latest {shown} of {of} cohorts"),
        Lang::ZhCn => format!("最近 {shown} 个同期群（共 {of} 个）"),
    }
}

/// "12 of 40 cohorts shown".
pub(crate) fn cohorts_sampled(shown: usize, of: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{shown} of {of} cohorts shown"),
        Lang::ZhCn => format!("显示 {shown} 个同期群（共 {of} 个）"),
    }
}

/// Subtitle of the LTV chart.
pub(crate) fn ltv_subtitle(currency: &str, week: bool, lang: Lang) -> String {
    match (lang, week) {
        (Lang::En, false) => format!(
            "Each cohort's net revenue from its first month to month k, per customer, in {currency}"
        ),
        (Lang::En, true) => format!(
            "Each cohort's net revenue from its first week to week k, per customer, in {currency}"
        ),
        (Lang::ZhCn, false) => {
            format!("各同期群从首月到第 k 个月的累计净销售额 ÷ 客户数（{currency}）")
        }
        (Lang::ZhCn, true) => {
            format!("各同期群从首周到第 k 周的累计净销售额 ÷ 客户数（{currency}）")
        }
    }
}

/// An axis title with its unit: "Net revenue (GBP)".
pub(crate) fn with_unit(label: L, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} ({unit})", label.0),
        Lang::ZhCn => format!("{}（{unit}）", label.1),
    }
}

/// Integer with thousands separators: 12,345.
pub(crate) fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A fraction as a percentage: pct(0.1234, 1) = "12.3%".
pub(crate) fn pct(f: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, f * 100.0)
}

/// A rate for a tick label: no decimals unless the axis is finer than 1 %.
pub(crate) fn pct_tick(f: f64, step: f64) -> String {
    let decimals = if step >= 0.0099 {
        0
    } else if step >= 0.00099 {
        1
    } else {
        2
    };
    pct(f, decimals)
}

/// A count or an amount in few characters: 950, 12.3k, 1.2M in English; 950, 1.2万, 3.4亿 in
/// Chinese (the units Chinese readers count in).
pub(crate) fn compact(v: f64, lang: Lang) -> String {
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    let short = |x: f64, unit: &str| {
        if x >= 100.0 {
            format!("{sign}{x:.0}{unit}")
        } else {
            let s = format!("{x:.1}");
            let s = s.strip_suffix(".0").unwrap_or(&s);
            format!("{sign}{s}{unit}")
        }
    };
    match lang {
        Lang::En => {
            if a >= 1e9 {
                short(a / 1e9, "B")
            } else if a >= 1e6 {
                short(a / 1e6, "M")
            } else if a >= 1e4 {
                short(a / 1e3, "k")
            } else if a >= 100.0 || a == a.trunc() {
                format!("{sign}{}", int(a.round() as u64))
            } else {
                format!("{sign}{a:.2}")
            }
        }
        Lang::ZhCn => {
            if a >= 1e8 {
                short(a / 1e8, "亿")
            } else if a >= 1e4 {
                short(a / 1e4, "万")
            } else if a >= 100.0 || a == a.trunc() {
                format!("{sign}{}", int(a.round() as u64))
            } else {
                format!("{sign}{a:.2}")
            }
        }
    }
}

/// The backtest chart's subtitle: what it was fitted on, what it predicted, what happened.
pub fn backtest_summary(b: &crate::BacktestSummary, lang: Lang) -> String {
    use crate::BacktestVerdict as V;
    let verdict = match b.verdict {
        Some(V::Good) => L("good", "好").get(lang),
        Some(V::Fair) => L("fair", "一般").get(lang),
        Some(V::Poor) => L("poor", "差").get(lang),
        None => "—",
    };
    let err = b
        .relative_error
        .map_or_else(|| "—".to_string(), |e| format!("{:+.1} %", e * 100.0));
    let (end, days, predicted, actual) = (
        &b.calibration_end,
        b.holdout_days,
        b.predicted_total,
        b.actual_total,
    );
    match lang {
        Lang::En => format!(
            "Fitted up to {end}, {days} days held out: predicted {predicted:.0}, actual {actual} \
             ({err}): {verdict}"
        ),
        Lang::ZhCn => format!(
            "用截至 {end} 的数据拟合，留出 {days} 天验证：预测 {predicted:.0} 次，实际 {actual} 次\
             （{err}）：{verdict}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally_in_both_languages() {
        assert_eq!(int(0), "0");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(pct(0.1234, 1), "12.3%");
        assert_eq!(pct_tick(0.2, 0.05), "20%");
        assert_eq!(pct_tick(0.025, 0.005), "2.5%");
        assert_eq!(compact(950.0, Lang::En), "950");
        assert_eq!(compact(12_345.0, Lang::En), "12.3k");
        assert_eq!(compact(2_000_000.0, Lang::En), "2M");
        assert_eq!(compact(-1_500.0, Lang::En), "-1,500");
        assert_eq!(compact(12.5, Lang::En), "12.50");
        assert_eq!(compact(12_345.0, Lang::ZhCn), "1.2万");
        assert_eq!(compact(3.4e8, Lang::ZhCn), "3.4亿");
        assert_eq!(compact(1_230_000.0, Lang::ZhCn), "123万");
        assert_eq!(customers_total(4338, Lang::En), "4,338 customers");
        assert_eq!(customers_total(4338, Lang::ZhCn), "共 4,338 位客户");
        assert_eq!(pct_range(0.9, 1.0), "90–100%");
        assert_eq!(mean(0.4167), "0.42");
        assert_eq!(mean(12.44), "12.4");
        assert_eq!(dec_tick(0.5, 0.25), "0.50");
        assert_eq!(dec_tick(1.5, 0.5), "1.5");
        assert_eq!(dec_tick(2.0, 1.0), "2");
        assert_eq!(
            risk_band(MEDIUM_RISK, Some(0.3), Some(0.7), Lang::En),
            "Medium risk (30–70%)"
        );
        assert_eq!(
            risk_band(HIGH_RISK, Some(0.7), None, Lang::ZhCn),
            "高风险（≥ 70%）"
        );
    }

    #[test]
    fn every_segment_class_and_tier_has_a_chinese_name() {
        for s in Segment::ALL {
            let zh = segment_name(s, Lang::ZhCn);
            assert!(zh.chars().all(|c| c as u32 > 0x2E80), "{zh}");
            assert_eq!(segment_name(s, Lang::En), s.name());
        }
        for c in Class8::ALL {
            assert_eq!(class_name(c, Lang::ZhCn), c.name());
            assert!(class_name(c, Lang::En).is_ascii());
        }
        assert_eq!(
            tier_label(Tier::Top, Some(0.2), Lang::ZhCn),
            "头部客户（20% 客户）"
        );
        assert_eq!(
            tier_label(Tier::Bottom, Some(0.5), Lang::En),
            "Bottom (50% of customers)"
        );
    }

    #[test]
    fn backtest_summary_says_the_window_and_the_verdict_in_both_languages() {
        let b = crate::BacktestSummary {
            calibration_end: "2011-06-09".into(),
            holdout_days: 182,
            predicted_total: 1234.4,
            actual_total: 1300,
            relative_error: Some(-0.0504),
            verdict: Some(crate::BacktestVerdict::Good),
        };
        assert_eq!(
            backtest_summary(&b, Lang::En),
            "Fitted up to 2011-06-09, 182 days held out: predicted 1234, actual 1300 (-5.0 %): good"
        );
        assert_eq!(
            backtest_summary(&b, Lang::ZhCn),
            "用截至 2011-06-09 的数据拟合，留出 182 天验证：预测 1234 次，实际 1300 次（-5.0 %）：好"
        );
    }
}
