//! Time to the second purchase: the Kaplan-Meier curve over first buyers (censored when they
//! have not bought again yet) and its latency summary.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.

use super::*;

/// Kaplan-Meier estimate over (duration, event) pairs: S(t) = Π_{t_j ≤ t} (1 − d_j / n_j);
/// subjects censored at t_j are still at risk at t_j (lifelines' convention).
pub(crate) fn kaplan_meier(mut obs: Vec<(u32, bool)>) -> Vec<KmPoint> {
    obs.sort_unstable();
    let mut at_risk = obs.len() as u64;
    let mut s = 1.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].0;
        let mut j = i;
        let mut events = 0u64;
        while j < obs.len() && obs[j].0 == t {
            events += obs[j].1 as u64;
            j += 1;
        }
        if events > 0 {
            s *= 1.0 - events as f64 / at_risk as f64;
            out.push(KmPoint {
                day: t,
                at_risk,
                events,
                survival: s,
            });
        }
        at_risk -= (j - i) as u64;
        i = j;
    }
    out
}

/// S(t) from KM steps; `None` when t is beyond the longest follow-up.
pub(crate) fn survival_at(curve: &[KmPoint], t: u32, max_follow_up: Option<u32>) -> Option<f64> {
    if max_follow_up.is_none_or(|m| t > m) {
        return None;
    }
    Some(
        curve
            .iter()
            .take_while(|pt| pt.day <= t)
            .last()
            .map_or(1.0, |pt| pt.survival),
    )
}

pub(super) fn time_to_second(core: &Core) -> TimeToSecond {
    let mut obs = Vec::with_capacity(core.buyers.len());
    let mut lat: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut dd = Vec::new();
    for &c in &core.buyers {
        distinct_days(core.days_of(c), &mut dd);
        if dd.len() >= 2 {
            obs.push(((dd[1] - dd[0]) as u32, true));
        } else {
            obs.push(((core.as_of - dd[0]) as u32, false));
        }
        for (k, l) in lat.iter_mut().enumerate() {
            if dd.len() > k + 1 {
                l.push((dd[k + 1] - dd[k]) as u32);
            }
        }
    }
    let max_follow = obs.iter().map(|o| o.0).max();
    let events = obs.iter().filter(|o| o.1).count() as u64;
    let n = obs.len() as u64;
    let curve = kaplan_meier(obs);
    let median_days = curve.iter().find(|pt| pt.survival <= 0.5).map(|pt| pt.day);
    TimeToSecond {
        customers: n,
        second_purchases: events,
        censored: n - events,
        s30: survival_at(&curve, 30, max_follow),
        s90: survival_at(&curve, 90, max_follow),
        s180: survival_at(&curve, 180, max_follow),
        s365: survival_at(&curve, 365, max_follow),
        median_days,
        curve,
        latency: lat
            .iter_mut()
            .enumerate()
            .map(|(k, l)| Latency {
                from_purchase: k as u32 + 1,
                to_purchase: k as u32 + 2,
                customers: l.len() as u64,
                median_days: stats::median_u32(l),
            })
            .collect(),
    }
}
