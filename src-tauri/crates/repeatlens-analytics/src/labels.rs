//! Named categories: the R×F segments, the 8 classes, value tiers and lifecycle stages.

use serde::{Deserialize, Serialize};

/// The classic 10-segment R×F map (`DEFINITIONS.md#rf-map`), serialized with its English name.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Segment {
    /// R 5, F 4–5: bought recently and often.
    #[serde(rename = "Champions")]
    Champions,
    /// R 3–4, F 4–5: frequent buyers, not quite the most recent.
    #[serde(rename = "Loyal Customers")]
    LoyalCustomers,
    /// R 4–5, F 2–3: recent, with a few purchases.
    #[serde(rename = "Potential Loyalists")]
    PotentialLoyalists,
    /// R 5, F 1: first purchase just now.
    #[serde(rename = "New Customers")]
    NewCustomers,
    /// R 4, F 1: one recent purchase.
    #[serde(rename = "Promising")]
    Promising,
    /// R 3, F 3: middling on both.
    #[serde(rename = "Need Attention")]
    NeedAttention,
    /// R 3, F 1–2: fading after few purchases.
    #[serde(rename = "About To Sleep")]
    AboutToSleep,
    /// R 1–2, F 3–4: bought often, long ago.
    #[serde(rename = "At Risk")]
    AtRisk,
    /// R 1–2, F 5: the most frequent buyers, gone quiet.
    #[serde(rename = "Can't Lose Them")]
    CantLoseThem,
    /// R 1–2, F 1–2: few purchases, long ago.
    #[serde(rename = "Hibernating")]
    Hibernating,
}

impl Segment {
    /// All segments in the table order of `DEFINITIONS.md#rf-map`.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::LoyalCustomers,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of an (R, F) score pair, both 1–5:
    /// `[1-2][1-2]` Hibernating, `[1-2][3-4]` At Risk, `[1-2]5` Can't Lose Them, `3[1-2]` About To
    /// Sleep, `33` Need Attention, `[3-4][4-5]` Loyal Customers, `41` Promising, `51` New Customers,
    /// `[4-5][2-3]` Potential Loyalists, `5[4-5]` Champions.
    pub fn from_rf(r: u8, f: u8) -> Segment {
        match (r, f) {
            (1..=2, 1..=2) => Segment::Hibernating,
            (1..=2, 3..=4) => Segment::AtRisk,
            (1..=2, _) => Segment::CantLoseThem,
            (3, 1..=2) => Segment::AboutToSleep,
            (3, 3) => Segment::NeedAttention,
            (3..=4, 4..=5) => Segment::LoyalCustomers,
            (4, 1) => Segment::Promising,
            (5, 1) => Segment::NewCustomers,
            (4..=5, 2..=3) => Segment::PotentialLoyalists,
            _ => Segment::Champions,
        }
    }

    /// English name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::LoyalCustomers => "Loyal Customers",
            Segment::PotentialLoyalists => "Potential Loyalists",
            Segment::NewCustomers => "New Customers",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need Attention",
            Segment::AboutToSleep => "About To Sleep",
            Segment::AtRisk => "At Risk",
            Segment::CantLoseThem => "Can't Lose Them",
            Segment::Hibernating => "Hibernating",
        }
    }
}

/// The Chinese 8-class RFM model (`DEFINITIONS.md#eight-class`), serialized with its Chinese name.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class8 {
    /// 重要价值客户: recent, frequent, high spend.
    #[serde(rename = "重要价值客户")]
    ImportantValue,
    /// 重要保持客户: frequent and high spend, but not recent.
    #[serde(rename = "重要保持客户")]
    ImportantKeep,
    /// 重要发展客户: recent and high spend, but infrequent.
    #[serde(rename = "重要发展客户")]
    ImportantDevelop,
    /// 重要挽留客户: high spend, neither recent nor frequent (win back).
    #[serde(rename = "重要挽留客户")]
    ImportantRetain,
    /// 一般价值客户: recent and frequent, low spend.
    #[serde(rename = "一般价值客户")]
    GeneralValue,
    /// 一般保持客户: frequent, low spend, not recent.
    #[serde(rename = "一般保持客户")]
    GeneralKeep,
    /// 一般发展客户: recent, infrequent, low spend.
    #[serde(rename = "一般发展客户")]
    GeneralDevelop,
    /// 一般挽留客户: low on all three.
    #[serde(rename = "一般挽留客户")]
    GeneralRetain,
}

impl Class8 {
    /// All classes in table order (the four 重要 classes first).
    pub const ALL: [Class8; 8] = [
        Class8::ImportantValue,
        Class8::ImportantKeep,
        Class8::ImportantDevelop,
        Class8::ImportantRetain,
        Class8::GeneralValue,
        Class8::GeneralKeep,
        Class8::GeneralDevelop,
        Class8::GeneralRetain,
    ];

    /// M decides 重要 (high) vs 一般 (low); (R, F): (high, high) 价值, (low, high) 保持,
    /// (high, low) 发展, (low, low) 挽留.
    pub fn from_hl(r_high: bool, f_high: bool, m_high: bool) -> Class8 {
        match (m_high, r_high, f_high) {
            (true, true, true) => Class8::ImportantValue,
            (true, false, true) => Class8::ImportantKeep,
            (true, true, false) => Class8::ImportantDevelop,
            (true, false, false) => Class8::ImportantRetain,
            (false, true, true) => Class8::GeneralValue,
            (false, false, true) => Class8::GeneralKeep,
            (false, true, false) => Class8::GeneralDevelop,
            (false, false, false) => Class8::GeneralRetain,
        }
    }

    /// Chinese name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Class8::ImportantValue => "重要价值客户",
            Class8::ImportantKeep => "重要保持客户",
            Class8::ImportantDevelop => "重要发展客户",
            Class8::ImportantRetain => "重要挽留客户",
            Class8::GeneralValue => "一般价值客户",
            Class8::GeneralKeep => "一般保持客户",
            Class8::GeneralDevelop => "一般发展客户",
            Class8::GeneralRetain => "一般挽留客户",
        }
    }

    /// English gloss of the Chinese name.
    pub fn gloss(self) -> &'static str {
        match self {
            Class8::ImportantValue => "important value (recent, frequent, high spend)",
            Class8::ImportantKeep => "important keep (frequent, high spend, but not recent)",
            Class8::ImportantDevelop => "important develop (recent, high spend, infrequent)",
            Class8::ImportantRetain => {
                "important retain / win back (high spend, neither recent nor frequent)"
            }
            Class8::GeneralValue => "ordinary value (recent, frequent, low spend)",
            Class8::GeneralKeep => "ordinary keep (frequent, low spend, not recent)",
            Class8::GeneralDevelop => "ordinary develop (recent, infrequent, low spend)",
            Class8::GeneralRetain => "ordinary retain (low on all three)",
        }
    }
}

/// Value tier by monetary rank.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The largest spenders (default the first 20 %).
    Top,
    /// The next ones (default up to 50 % in total).
    Middle,
    /// Everyone else.
    Bottom,
}

impl Tier {
    /// Tiers from top to bottom.
    pub const ALL: [Tier; 3] = [Tier::Top, Tier::Middle, Tier::Bottom];
    /// Snake-case name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Top => "top",
            Tier::Middle => "middle",
            Tier::Bottom => "bottom",
        }
    }
}

/// Lifecycle stage.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// A customer record with no purchase.
    Prospect,
    /// First purchase within the new-customer window.
    New,
    /// Recency within the active bar.
    Active,
    /// Past the active bar, not yet churned (沉睡).
    Dormant,
    /// Recency above the churn threshold.
    Churned,
}

impl Lifecycle {
    /// Stages in display order (from no purchase yet to churned).
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::Prospect,
        Lifecycle::New,
        Lifecycle::Active,
        Lifecycle::Dormant,
        Lifecycle::Churned,
    ];
    /// Snake-case name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Lifecycle::Prospect => "prospect",
            Lifecycle::New => "new",
            Lifecycle::Active => "active",
            Lifecycle::Dormant => "dormant",
            Lifecycle::Churned => "churned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rf_map_is_the_definitions_table() {
        // Rows R = 5..1, columns F = 1..5, read off the grid in DEFINITIONS.md#rf-map.
        use Segment::*;
        let expected = [
            [
                NewCustomers,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [
                AboutToSleep,
                AboutToSleep,
                NeedAttention,
                LoyalCustomers,
                LoyalCustomers,
            ],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
        ];
        for (i, row) in expected.iter().enumerate() {
            let r = 5 - i as u8;
            for (j, s) in row.iter().enumerate() {
                assert_eq!(Segment::from_rf(r, j as u8 + 1), *s, "R{r} F{}", j + 1);
            }
        }
        assert_eq!(
            serde_json::to_string(&CantLoseThem).unwrap(),
            "\"Can't Lose Them\""
        );
        for s in Segment::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.name())
            );
        }
    }

    #[test]
    fn eight_classes_are_the_definitions_table() {
        assert_eq!(Class8::from_hl(true, true, true).name(), "重要价值客户");
        assert_eq!(Class8::from_hl(false, true, true).name(), "重要保持客户");
        assert_eq!(Class8::from_hl(true, false, true).name(), "重要发展客户");
        assert_eq!(Class8::from_hl(false, false, true).name(), "重要挽留客户");
        assert_eq!(Class8::from_hl(true, true, false).name(), "一般价值客户");
        assert_eq!(Class8::from_hl(false, true, false).name(), "一般保持客户");
        assert_eq!(Class8::from_hl(true, false, false).name(), "一般发展客户");
        assert_eq!(Class8::from_hl(false, false, false).name(), "一般挽留客户");
        for c in Class8::ALL {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.name())
            );
        }
        assert_eq!(
            serde_json::to_string(&Lifecycle::Dormant).unwrap(),
            "\"dormant\""
        );
        assert_eq!(serde_json::to_string(&Tier::Middle).unwrap(), "\"middle\"");
    }
}
