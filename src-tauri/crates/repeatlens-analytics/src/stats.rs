//! Small statistics: quantiles with linear interpolation and the mid-rank 1–5 score.

/// Quantile `q` (0..=1) of ascending `sorted` values, linear interpolation between order
/// statistics (R type 7, numpy/pandas default): h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Quantile of unsorted values (sorts a copy).
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, q)
}

/// Median of u32 values (sorts in place), linear interpolation.
pub(crate) fn median_u32(values: &mut [u32]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0
    })
}

/// Mean of values (`None` when empty).
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// 1–5 scores by the mid-rank rule: p(v) = (#values < v + 0.5 × #values = v) / n and
/// score = min(5, ⌊5p⌋ + 1). With `reverse`, "<" becomes ">" (recency: fewer days, higher score).
/// Equal values always get equal scores. Computed in integers: ⌊5p⌋ = ⌊5(2·less + eq) / 2n⌋.
pub fn midrank_scores(values: &[f64], reverse: bool) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
    let mut scores = vec![0u8; n];
    let mut i = 0;
    while i < n {
        let v = values[order[i] as usize];
        let mut j = i + 1;
        while j < n && values[order[j] as usize] == v {
            j += 1;
        }
        let eq = (j - i) as u64;
        let less = if reverse { (n - j) as u64 } else { i as u64 };
        let s = score_from_counts(less, eq, n as u64);
        for &k in &order[i..j] {
            scores[k as usize] = s;
        }
        i = j;
    }
    scores
}

/// min(5, ⌊5 (less + eq/2) / n⌋ + 1), exactly.
pub fn score_from_counts(less: u64, eq: u64, n: u64) -> u8 {
    let f = (5 * (2 * less + eq)) / (2 * n);
    (f + 1).min(5) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = 1.75, 2.5, 3.25
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.25), Some(1.75));
        assert_eq!(quantile_sorted(&v, 0.5), Some(2.5));
        assert_eq!(quantile_sorted(&v, 0.75), Some(3.25));
        // numpy.percentile([10, 20, 30, 40, 50], 90) = 46.0
        assert_eq!(quantile(&[50.0, 10.0, 40.0, 30.0, 20.0], 0.9), Some(46.0));
        assert_eq!(quantile_sorted(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
        assert_eq!(median_u32(&mut [3, 1, 2, 10]), Some(2.5));
    }

    #[test]
    fn midrank_by_hand() {
        // Ten distinct values 1..10: p(k) = (k − 1 + 0.5)/10, 5p = (2k − 1)/4 →
        // k=1: 0.25→1, 2: 0.75→1, 3: 1.25→2, 4: 1.75→2, 5: 2.25→3, 6: 2.75→3, 7: 3.25→4,
        // 8: 3.75→4, 9: 4.25→5, 10: 4.75→5.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            midrank_scores(&v, false),
            vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        );
        assert_eq!(midrank_scores(&v, true), vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // Ties: [1, 1, 1, 2]: p(1) = (0 + 1.5)/4 = 0.375 → ⌊1.875⌋+1 = 2; p(2) = (3 + 0.5)/4 = 0.875 → ⌊4.375⌋+1 = 5.
        assert_eq!(
            midrank_scores(&[1.0, 1.0, 1.0, 2.0], false),
            vec![2, 2, 2, 5]
        );
        // All equal: p = 0.5 → 3.
        assert_eq!(midrank_scores(&[4.0; 6], false), vec![3; 6]);
        // One value: p = 0.5 → 3.
        assert_eq!(midrank_scores(&[9.0], true), vec![3]);
        assert!(midrank_scores(&[], false).is_empty());
    }
}
