//! The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
//! Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): a customer's transaction
//! values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers (γ is called `v` here, as in
//! lifetimes). It turns a repeat customer's few observed orders into a shrunk estimate of their
//! typical order value, and gives one-time buyers the population mean.
//!
//! Why it is fitted on repeat customers only: the monetary value is the mean of *repeat*
//! transactions (the first purchase is excluded: `docs/definitions.md#lifetimes-summary`), so
//! one-time buyers carry no observation. A repeat customer with a non-positive mean (refunds, free
//! orders) has no density under the model and is left out of the fit; the count is reported.
//!
//! The model assumes spend is independent of purchase frequency. [`correlation`] measures
//! Pearson's r between x and m̄ on the fitted customers and raises a warning above a threshold
//! (default 0.3: Cohen's boundary between a weak and a moderate correlation; lifetimes' docs only
//! ask that it be "close to 0"; CDNOW's sample has 0.114).

use serde::Serialize;

use crate::optimize::{minimize, Convergence};
use crate::special::{digamma, ln_gamma, trigamma};
use crate::summary::Summaries;
use crate::FitError;

/// Gamma-Gamma parameters; `v` is in the currency's major units.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    /// Shape of each transaction value's Gamma distribution.
    pub p: f64,
    /// Shape of the Gamma distribution of the customers' scale parameters.
    pub q: f64,
    /// Scale of that distribution (lifetimes' `v`, γ in the papers).
    pub v: f64,
}

impl GammaGamma {
    /// Density of a customer's mean value m̄ over x transactions, in logs
    /// (`docs/definitions.md#gamma-gamma`):
    /// lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v).
    pub fn log_likelihood(&self, x: u32, m: f64) -> f64 {
        let (p, q, v) = (self.p, self.q, self.v);
        let xf = f64::from(x);
        ln_gamma(p * xf + q) - ln_gamma(p * xf) - ln_gamma(q)
            + q * v.ln()
            + (p * xf - 1.0) * m.ln()
            + p * xf * xf.ln()
            - (p * xf + q) * (xf * m + v).ln()
    }

    /// Population mean order value E(M) = p·v/(q−1); None when q ≤ 1 (infinite mean).
    pub fn mean(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.v / (self.q - 1.0))
    }

    /// E[M | x, m̄] = (p·v + p·x·m̄)/(p·x + q − 1): a weighted average of the customer's own mean
    /// and the population mean, the customer's weight growing with x. For x = 0 it is the
    /// population mean. None when q ≤ 1.
    pub fn conditional_expected_value(&self, x: u32, m: f64) -> Option<f64> {
        let xf = f64::from(x);
        (self.q > 1.0).then(|| (self.p * self.v + self.p * xf * m) / (self.p * xf + self.q - 1.0))
    }
}

/// A fitted Gamma-Gamma model.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GammaGammaFit {
    /// The maximum-likelihood parameters.
    pub params: GammaGamma,
    /// Σ ln L over the fitted customers at `params`.
    pub log_likelihood: f64,
    /// Repeat customers fitted.
    pub customers: usize,
    /// Repeat customers left out because their mean value was ≤ 0.
    pub excluded_nonpositive: usize,
    /// How the optimiser ended.
    pub convergence: Convergence,
}

const LOG_BOUND: f64 = 13.815_510_557_964_274; // ln 1e6
const NEAR_BOUND: f64 = std::f64::consts::LN_10;

/// The fitted rows, grouped by x for the x-only terms.
struct Rows {
    /// Distinct x with counts.
    xs: Vec<(f64, f64)>,
    /// (x, m̄) of each fitted customer.
    rows: Vec<(f64, f64)>,
    /// Σ x ln m̄ and Σ ln m̄ (constant in the parameters).
    sum_x_ln_m: f64,
    sum_ln_m: f64,
}

impl Rows {
    /// Σ LL, its gradient and Hessian with respect to (p, q, v).
    fn log_likelihood(
        &self,
        gg: &GammaGamma,
        grad: &mut [f64; 3],
        hess: &mut [[f64; 3]; 3],
    ) -> f64 {
        let (p, q, v) = (gg.p, gg.q, gg.v);
        let (lg_q, dg_q, tg_q, ln_v) = (ln_gamma(q), digamma(q), trigamma(q), v.ln());
        let n = self.rows.len() as f64;
        let mut ll = p * self.sum_x_ln_m - self.sum_ln_m + n * q * ln_v;
        let mut gp = self.sum_x_ln_m;
        let mut gq = n * ln_v;
        let mut gv = n * q / v;
        let (mut hpp, mut hpq, mut hqq) = (0.0, 0.0, 0.0);
        let mut hqv = n / v;
        let mut hvv = -n * q / (v * v);
        let mut hpv = 0.0;
        for &(x, c) in &self.xs {
            let px = p * x;
            ll += c * (ln_gamma(px + q) - ln_gamma(px) - lg_q + px * x.ln());
            let (dg, tg) = (digamma(px + q), trigamma(px + q));
            gp += c * x * (dg - digamma(px) + x.ln());
            gq += c * (dg - dg_q);
            hpp += c * x * x * (tg - trigamma(px));
            hpq += c * x * tg;
            hqq += c * (tg - tg_q);
        }
        for &(x, m) in &self.rows {
            let w = x * m + v;
            let lw = w.ln();
            let iw = 1.0 / w;
            let k = p * x + q;
            ll -= k * lw;
            gp -= x * lw;
            gq -= lw;
            gv -= k * iw;
            hpv -= x * iw;
            hqv -= iw;
            hvv += k * iw * iw;
        }
        *grad = [gp, gq, gv];
        *hess = [[hpp, hpq, hpv], [hpq, hqq, hqv], [hpv, hqv, hvv]];
        ll
    }
}

/// The repeat customers with m̄ > 0, and how many repeat customers were left out.
fn build_rows(s: &Summaries) -> (Rows, usize) {
    let mut rows: Vec<(f64, f64)> = Vec::new();
    let mut excluded = 0;
    for c in s.customers.iter().filter(|c| c.frequency > 0) {
        if c.monetary > 0.0 && c.monetary.is_finite() {
            rows.push((f64::from(c.frequency), c.monetary));
        } else {
            excluded += 1;
        }
    }
    let mut sorted: Vec<f64> = rows.iter().map(|r| r.0).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut xs: Vec<(f64, f64)> = Vec::new();
    for x in sorted {
        match xs.last_mut() {
            Some(last) if last.0 == x => last.1 += 1.0,
            _ => xs.push((x, 1.0)),
        }
    }
    let rows = Rows {
        sum_x_ln_m: rows.iter().map(|(x, m)| x * m.ln()).sum(),
        sum_ln_m: rows.iter().map(|(_, m)| m.ln()).sum(),
        xs,
        rows,
    };
    (rows, excluded)
}

/// Maximum-likelihood Gamma-Gamma fit on the repeat customers of `s` (x > 0, m̄ > 0).
///
/// Optimises (ln p, ln q, ln v/s), s = mean m̄, by Newton's method on the analytic gradient and
/// Hessian (fallbacks as for BG/NBD) from
/// p = 1, q = 2, v = s (a start whose population mean pv/(q−1) equals the observed mean).
pub fn fit_gamma_gamma(s: &Summaries) -> Result<GammaGammaFit, FitError> {
    let (data, excluded) = build_rows(s);
    if data.rows.is_empty() {
        return Err(FitError::NoRepeatCustomers);
    }
    let n = data.rows.len() as f64;
    let scale = data.rows.iter().map(|r| r.1).sum::<f64>() / n;
    let unpack = |th: &[f64; 3]| GammaGamma {
        p: th[0].exp(),
        q: th[1].exp(),
        v: th[2].exp() * scale,
    };
    // f(θ) = −LL/n with θ = ln(parameter), as for BG/NBD.
    let objective = |th: &[f64; 3], grad: &mut [f64; 3], hess: &mut [[f64; 3]; 3]| {
        let gg = unpack(th);
        let mut g = [0.0; 3];
        let mut h = [[0.0; 3]; 3];
        let ll = data.log_likelihood(&gg, &mut g, &mut h);
        let v = [gg.p, gg.q, gg.v];
        for i in 0..3 {
            grad[i] = -g[i] * v[i] / n;
            for j in 0..3 {
                hess[i][j] = -h[i][j] * v[i] * v[j] / n;
            }
            hess[i][i] -= g[i] * v[i] / n;
        }
        -ll / n
    };
    let (th, f, convergence) = minimize(
        objective,
        [0.0, 2f64.ln(), 0.0],
        [-LOG_BOUND; 3],
        [LOG_BOUND; 3],
        NEAR_BOUND,
    );
    if !f.is_finite() {
        return Err(FitError::NonFinite);
    }
    Ok(GammaGammaFit {
        params: unpack(&th),
        log_likelihood: -f * n,
        customers: data.rows.len(),
        excluded_nonpositive: excluded,
        convergence,
    })
}

/// The grouped log-likelihood, gradient and Hessian in (p, q, v) — exposed for the derivative
/// tests.
#[doc(hidden)]
pub fn gamma_gamma_grouped_log_likelihood(
    gg: &GammaGamma,
    s: &Summaries,
) -> (f64, [f64; 3], [[f64; 3]; 3]) {
    let (data, _) = build_rows(s);
    let mut g = [0.0; 3];
    let mut h = [[0.0; 3]; 3];
    let ll = data.log_likelihood(gg, &mut g, &mut h);
    (ll, g, h)
}

/// Pearson's r between frequency and mean value of the repeat customers the Gamma-Gamma model
/// is fitted on, with the independence warning.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    /// Pearson's r between x and m̄.
    pub r: f64,
    /// Repeat customers it was computed on.
    pub customers: usize,
    /// |r| above which `warning` is raised.
    pub threshold: f64,
    /// The independence assumption of the Gamma-Gamma model looks broken (|r| > threshold).
    pub warning: bool,
}

/// Pearson's r between x and m̄ over repeat customers with m̄ > 0; None with fewer than 3 such
/// customers or no variance.
pub fn correlation(s: &Summaries, threshold: f64) -> Option<Correlation> {
    let pts: Vec<(f64, f64)> = s
        .customers
        .iter()
        .filter(|c| c.frequency > 0 && c.monetary > 0.0)
        .map(|c| (f64::from(c.frequency), c.monetary))
        .collect();
    if pts.len() < 3 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pts {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    let r = sxy / (sxx * syy).sqrt();
    Some(Correlation {
        r,
        customers: pts.len(),
        threshold,
        warning: r.abs() > threshold,
    })
}
