//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while
//! alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase they
//! drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood on
//! (x, t_x, T); predicts P(alive), the conditional expected number of purchases in the next t, and
//! when that expectation reaches one purchase.
//!
//! Why these shapes:
//! * **Log space everywhere.** The likelihood is the sum of lnΓ/ln B differences and a
//!   log-sum-exp of two terms, written as `… + softplus(D)` with
//!   D = ln(a/(b+x−1)) + (r+x)·ln((α+T)/(α+t_x)), which is exactly −ln P(alive) — so neither
//!   (α+T)^(r+x) overflows for heavy buyers nor does the second term underflow.
//! * **Fit on grouped data.** Terms that depend only on x (lnΓ(r+x), B(a, b+x)) are computed once
//!   per distinct x, and ln(α+τ) once per distinct time value; one-time buyers collapse by T
//!   entirely. Per repeat customer the likelihood, its analytic gradient and Hessian then cost one
//!   `exp`, one `ln_1p` and a few multiply-adds, and Newton needs about ten evaluations: a fit
//!   over tens of thousands of customers takes milliseconds.
//! * **A stable ₂F₁.** E[X(t) | x, t_x, T] needs (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) with
//!   z = t/(α+T+t). For heavy buyers the plain series would sum numbers like (1−z)^−(r+x) and
//!   overflow; Euler's transformation turns the product into
//!   (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose terms stay bounded and decay faster.
//! * **Units are explicit.** α and every time are in the [`TimeUnit`] of the summaries; the
//!   log-likelihood of a continuous-time model also depends on the unit (by −Σx·ln k when time is
//!   stretched k-fold), so it is reported together with the unit.

use serde::Serialize;

use crate::hash::FxMap;
use crate::optimize::{minimize, Convergence};
use crate::special::{digamma, hyp2f1_series, ln_gamma, sigmoid, softplus, trigamma};
use crate::summary::{Summaries, TimeUnit};
use crate::FitError;

/// BG/NBD parameters. `alpha` is in the fit's time unit.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    /// Shape of the Gamma distribution of purchase rates across customers.
    pub r: f64,
    /// Scale of that distribution, in the fit's time unit.
    pub alpha: f64,
    /// First shape of the Beta distribution of the chance to drop out after a purchase.
    pub a: f64,
    /// Second shape of that Beta distribution; a / (a + b) is the mean dropout chance.
    pub b: f64,
}

impl BgNbd {
    /// ln D = ln(a/(b+x−1)) + (r+x)·ln((α+T)/(α+t_x)); P(alive) = 1/(1 + e^D) for x > 0.
    fn log_odds_dead(&self, x: u32, t_x: f64, age: f64) -> f64 {
        let xf = f64::from(x);
        (self.a / (self.b + xf - 1.0)).ln()
            + (self.r + xf) * ((self.alpha + age).ln() - (self.alpha + t_x).ln())
    }

    /// One customer's log-likelihood (`docs/definitions.md#bgnbd`):
    /// ln[ B(a,b+x)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x)) + 1{x>0} · B(a+1,b+x−1)/B(a,b) ·
    /// Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x)) ].
    pub fn log_likelihood(&self, x: u32, t_x: f64, age: f64) -> f64 {
        let (r, al, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let common = ln_gamma(r + xf) - ln_gamma(r) + r * al.ln() + ln_gamma(b + xf) - ln_gamma(b)
            + ln_gamma(a + b)
            - ln_gamma(a + b + xf)
            - (r + xf) * (al + age).ln();
        if x == 0 {
            common
        } else {
            common + softplus(self.log_odds_dead(x, t_x, age))
        }
    }

    /// P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). It is 1 for
    /// x = 0: in the BG/NBD a customer can only drop out right after a purchase.
    pub fn p_alive(&self, x: u32, t_x: f64, age: f64) -> f64 {
        if x == 0 {
            1.0
        } else {
            sigmoid(-self.log_odds_dead(x, t_x, age))
        }
    }

    /// E[X(t) | x, t_x, T]: expected purchases in the next `t` (FHL 2005 eq. 10):
    /// P(alive) · (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z)],
    /// z = t/(α+T+t) (Euler-transformed, see the module notes). NaN if the series cannot converge
    /// (t more than ~10⁵ times α+T). At a = 1 exactly the formula is 0/0; the mean of a = 1 ± 10⁻⁶
    /// is used.
    pub fn expected_purchases(&self, x: u32, t_x: f64, age: f64, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        if (self.a - 1.0).abs() < 1e-6 {
            let up = BgNbd {
                a: 1.0 + 1e-6,
                ..*self
            };
            let down = BgNbd {
                a: 1.0 - 1e-6,
                ..*self
            };
            return 0.5
                * (up.expected_purchases(x, t_x, age, t)
                    + down.expected_purchases(x, t_x, age, t));
        }
        let (r, al, a, b) = (self.r, self.alpha, self.a, self.b);
        let xf = f64::from(x);
        let z = t / (al + age + t);
        let c = a + b + xf - 1.0;
        let Some(f) = hyp2f1_series(a + b - 1.0 - r, a - 1.0, c, z) else {
            return f64::NAN;
        };
        let g = (a - 1.0) * (-z).ln_1p();
        let one_minus = -(g.exp_m1() * f + (f - 1.0));
        self.p_alive(x, t_x, age) * c / (a - 1.0) * one_minus
    }

    /// E[X(t)] for a customer just acquired (x = t_x = T = 0): the population's purchases in a
    /// period of length t (FHL 2005 eq. 9).
    pub fn unconditional_expected_purchases(&self, t: f64) -> f64 {
        self.expected_purchases(0, 0.0, 0.0, t)
    }

    /// The time t ≤ `horizon` at which E[X(t) | x, t_x, T] reaches `count` (1 = "the next
    /// purchase is expected by then"), or None when it does not within the horizon. E[X(t)] grows
    /// with t, so the root is bracketed by [0, horizon] and found by the Illinois variant of
    /// regula falsi to 10⁻⁶ of the horizon.
    pub fn time_to_expected_purchases(
        &self,
        x: u32,
        t_x: f64,
        age: f64,
        count: f64,
        horizon: f64,
    ) -> Option<f64> {
        let g = |t: f64| self.expected_purchases(x, t_x, age, t) - count;
        let (mut lo, mut hi) = (0.0, horizon);
        let (mut glo, mut ghi) = (-count, g(horizon));
        if ghi.is_nan() || ghi < 0.0 || count <= 0.0 {
            return None;
        }
        let mut side = 0i8;
        for _ in 0..200 {
            if hi - lo <= 1e-6 * horizon {
                break;
            }
            let t = (lo * ghi - hi * glo) / (ghi - glo);
            let t = if t > lo && t < hi { t } else { 0.5 * (lo + hi) };
            let gt = g(t);
            if !gt.is_finite() {
                return None;
            }
            if gt == 0.0 {
                return Some(t);
            }
            if gt < 0.0 {
                lo = t;
                glo = gt;
                if side == -1 {
                    ghi *= 0.5;
                }
                side = -1;
            } else {
                hi = t;
                ghi = gt;
                if side == 1 {
                    glo *= 0.5;
                }
                side = 1;
            }
        }
        Some(hi)
    }
}

/// A fitted BG/NBD model.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BgNbdFit {
    /// The maximum-likelihood parameters.
    pub params: BgNbd,
    /// The unit of `alpha`, of every time and of the log-likelihood.
    pub unit: TimeUnit,
    /// Σ ln L over all customers at `params`.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// Of them, customers with at least one repeat purchase (the ones that identify the model).
    pub repeat_customers: usize,
    /// How the optimiser ended.
    pub convergence: Convergence,
}

/// The data of a fit, grouped so one evaluation touches each distinct value once.
struct Grouped {
    n: f64,
    /// Distinct times (T and t_x values), sorted.
    times: Vec<f64>,
    /// Distinct x with their customer counts.
    xs: Vec<(f64, f64)>,
    /// Per distinct T: (time index, customers, Σx).
    ages: Vec<(usize, f64, f64)>,
    /// Repeat customers grouped by (x, t_x, T): (x index, t_x index, T index, count).
    rows: Vec<(u32, u32, u32, f64)>,
}

/// Groups the customers in one pass (hashing exact bit patterns, no sort of all customers):
/// distinct times, x counts, per-T sums, and repeat customers by (x, t_x, T) in first-seen order.
fn group(s: &Summaries) -> Grouped {
    let mut time_ids: FxMap<u64, u32> = FxMap::default();
    time_ids.reserve(1024);
    let mut times: Vec<f64> = Vec::new();
    let mut intern = |v: f64| -> u32 {
        // +0.0 and −0.0 are the same time.
        let v = if v == 0.0 { 0.0 } else { v };
        *time_ids.entry(v.to_bits()).or_insert_with(|| {
            times.push(v);
            (times.len() - 1) as u32
        })
    };
    let max_x = s.customers.iter().map(|c| c.frequency).max().unwrap_or(0) as usize;
    let mut x_count = vec![0.0f64; max_x + 1];
    let mut keyed: Vec<(u32, u32, u32)> = Vec::with_capacity(s.customers.len());
    for c in &s.customers {
        let ti = intern(c.age);
        let txi = if c.frequency > 0 {
            intern(c.recency)
        } else {
            ti
        };
        x_count[c.frequency as usize] += 1.0;
        keyed.push((c.frequency, txi, ti));
    }
    // Sort the distinct times and renumber (times stay sorted for readability of the data).
    let mut order: Vec<u32> = (0..times.len() as u32).collect();
    order.sort_unstable_by(|&i, &j| times[i as usize].total_cmp(&times[j as usize]));
    let mut rank = vec![0u32; times.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let sorted_times: Vec<f64> = order.iter().map(|&i| times[i as usize]).collect();
    let mut x_index = vec![u32::MAX; max_x + 1];
    let mut xs: Vec<(f64, f64)> = Vec::new();
    for (x, &n) in x_count.iter().enumerate() {
        if n > 0.0 {
            x_index[x] = xs.len() as u32;
            xs.push((x as f64, n));
        }
    }
    let mut age_n = vec![0.0f64; times.len()];
    let mut age_sx = vec![0.0f64; times.len()];
    let mut row_ids: FxMap<u64, u32> = FxMap::default();
    row_ids.reserve(s.customers.len() / 2);
    let mut rows: Vec<(u32, u32, u32, f64)> = Vec::new();
    for &(x, txi, ti) in &keyed {
        let (ti, txi) = (rank[ti as usize], rank[txi as usize]);
        age_n[ti as usize] += 1.0;
        age_sx[ti as usize] += f64::from(x);
        if x > 0 {
            let xi = x_index[x as usize];
            let key = (u64::from(xi) << 42) | (u64::from(txi) << 21) | u64::from(ti);
            if times.len() < (1 << 21) && xs.len() < (1 << 21) {
                match row_ids.get(&key) {
                    Some(&r) => rows[r as usize].3 += 1.0,
                    None => {
                        row_ids.insert(key, rows.len() as u32);
                        rows.push((xi, txi, ti, 1.0));
                    }
                }
            } else {
                rows.push((xi, txi, ti, 1.0));
            }
        }
    }
    let ages = (0..times.len())
        .filter(|&k| age_n[k] > 0.0)
        .map(|k| (k, age_n[k], age_sx[k]))
        .collect();
    Grouped {
        n: s.customers.len() as f64,
        times: sorted_times,
        xs,
        ages,
        rows,
    }
}

impl Grouped {
    /// Σ LL, its gradient and its Hessian with respect to (r, α, a, b).
    fn log_likelihood(&self, p: &BgNbd, grad: &mut [f64; 4], hess: &mut [[f64; 4]; 4]) -> f64 {
        let (r, al, a, b) = (p.r, p.alpha, p.a, p.b);
        let lt: Vec<f64> = self.times.iter().map(|t| (al + t).ln()).collect();
        let it: Vec<f64> = self.times.iter().map(|t| 1.0 / (al + t)).collect();
        let (lg_r, lg_b, lg_ab) = (ln_gamma(r), ln_gamma(b), ln_gamma(a + b));
        let (dg_r, dg_b, dg_ab) = (digamma(r), digamma(b), digamma(a + b));
        let (tg_r, tg_b, tg_ab) = (trigamma(r), trigamma(b), trigamma(a + b));
        let ln_al = al.ln();
        let ln_a = a.ln();
        let nn = self.n;
        let mut ll = 0.0;
        let (mut gr, mut gal, mut ga, mut gb) = (0.0, 0.0, 0.0, 0.0);
        let (mut hrr, mut hral, mut halal, mut haa, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        // Per distinct x: ln(a/(b+x−1)) and 1/(b+x−1) for the rows below.
        let mut ln_odds = Vec::with_capacity(self.xs.len());
        let mut inv_b = Vec::with_capacity(self.xs.len());
        for &(x, n) in &self.xs {
            ll += n
                * (ln_gamma(r + x) - lg_r + r * ln_al + ln_gamma(b + x) - lg_b + lg_ab
                    - ln_gamma(a + b + x));
            let (dg_abx, tg_abx) = (digamma(a + b + x), trigamma(a + b + x));
            gr += n * (digamma(r + x) - dg_r + ln_al);
            ga += n * (dg_ab - dg_abx);
            gb += n * (digamma(b + x) - dg_b + dg_ab - dg_abx);
            hrr += n * (trigamma(r + x) - tg_r);
            haa += n * (tg_ab - tg_abx);
            hbb += n * (trigamma(b + x) - tg_b + tg_ab - tg_abx);
            if x > 0.0 {
                ln_odds.push(ln_a - (b + x - 1.0).ln());
                inv_b.push(1.0 / (b + x - 1.0));
            } else {
                ln_odds.push(0.0);
                inv_b.push(0.0);
            }
        }
        gal += nn * r / al;
        hral += nn / al;
        halal -= nn * r / (al * al);
        for &(ti, n, sx) in &self.ages {
            let k = r * n + sx;
            ll -= k * lt[ti];
            gr -= n * lt[ti];
            gal -= k * it[ti];
            hral -= n * it[ti];
            halal += k * it[ti] * it[ti];
        }
        // Row terms w·softplus(D): gradient s∇D, Hessian s(1−s)∇D∇Dᵀ + s∇²D with s = σ(D),
        // ∇D = (Δ, (r+x)δ₁, 1/a, −1/(b+x−1)), Δ = ln(α+T) − ln(α+t_x), δ₁ = 1/(α+T) − 1/(α+t_x),
        // ∂²D/∂r∂α = δ₁, ∂²D/∂α² = (r+x)(1/(α+t_x)² − 1/(α+T)²), ∂²D/∂a² = −1/a²,
        // ∂²D/∂b² = 1/(b+x−1)².
        let mut acc = [0.0f64; 14];
        for &(xi, txi, ti, w) in &self.rows {
            let x = self.xs[xi as usize].0;
            let (ti, txi) = (ti as usize, txi as usize);
            let dl = lt[ti] - lt[txi];
            let rx = r + x;
            let d = ln_odds[xi as usize] + rx * dl;
            // One exp for softplus and sigmoid: e = e^(−|D|).
            let e = (-d.abs()).exp();
            let inv = 1.0 / (1.0 + e);
            // ln(1 + e) with e ≤ 1: absolute error ≤ 1 ulp of 1, all a sum of logs needs
            // (and several times cheaper than ln_1p).
            ll += w * (d.max(0.0) + (1.0 + e).ln());
            let sig = if d >= 0.0 { inv } else { e * inv };
            let s = w * sig;
            let u = s * (1.0 - sig);
            let e1 = inv_b[xi as usize];
            let d1 = it[ti] - it[txi];
            let rd1 = rx * d1;
            let d2 = it[txi] * it[txi] - it[ti] * it[ti];
            acc[0] += s;
            acc[1] += s * dl;
            acc[2] += s * rd1;
            acc[3] += s * e1;
            acc[4] += u;
            acc[5] += u * dl * dl;
            acc[6] += u * dl * rd1 + s * d1;
            acc[7] += u * dl;
            acc[8] += u * dl * e1;
            acc[9] += u * rd1 * rd1 + s * rx * d2;
            acc[10] += u * rd1;
            acc[11] += u * rd1 * e1;
            acc[12] += u * e1;
            acc[13] += u * e1 * e1 + s * e1 * e1;
        }
        let inv_a = 1.0 / a;
        grad[0] = gr + acc[1];
        grad[1] = gal + acc[2];
        grad[2] = ga + acc[0] * inv_a;
        grad[3] = gb - acc[3];
        let h = [
            [hrr + acc[5], hral + acc[6], acc[7] * inv_a, -acc[8]],
            [0.0, halal + acc[9], acc[10] * inv_a, -acc[11]],
            [
                0.0,
                0.0,
                haa + (acc[4] - acc[0]) * inv_a * inv_a,
                haa - acc[12] * inv_a,
            ],
            [0.0, 0.0, 0.0, hbb + acc[13]],
        ];
        for i in 0..4 {
            for j in i..4 {
                hess[i][j] = h[i][j];
                hess[j][i] = h[i][j];
            }
        }
        ll
    }
}

/// Box for the log-parameters: every parameter (α relative to the mean age) within [1e-6, 1e6];
/// within a factor 10 of that counts as "at bounds".
const LOG_BOUND: f64 = 13.815_510_557_964_274; // ln 1e6
const NEAR_BOUND: f64 = std::f64::consts::LN_10;

/// Maximum-likelihood BG/NBD fit.
///
/// Optimises (ln r, ln α/s, ln a, ln b), s = mean T, by Newton's method on the analytic gradient
/// and Hessian (BFGS and Nelder–Mead as fallbacks, see `optimize`), starting
/// from r = 1, a = b = 1 and α matching the observed purchase rate Σ(x+1)/ΣT — a start that does
/// not depend on the time unit or the data's scale.
pub fn fit_bgnbd(s: &Summaries) -> Result<BgNbdFit, FitError> {
    let n = s.customers.len();
    if n == 0 {
        return Err(FitError::NoCustomers);
    }
    for c in &s.customers {
        if !(c.recency >= 0.0 && c.recency <= c.age && c.age.is_finite()) {
            return Err(FitError::BadSummary {
                customer: c.customer,
                reason: format!("recency {} must be within [0, T = {}]", c.recency, c.age),
            });
        }
    }
    let repeat = s.repeat_customers();
    if repeat == 0 {
        return Err(FitError::NoRepeatCustomers);
    }
    let total_age: f64 = s.customers.iter().map(|c| c.age).sum();
    if total_age <= 0.0 {
        return Err(FitError::NoObservationTime);
    }
    let scale = total_age / n as f64;
    let purchases: f64 = s
        .customers
        .iter()
        .map(|c| f64::from(c.frequency) + 1.0)
        .sum();
    let g = group(s);
    let nn = g.n;
    let unpack = |th: &[f64; 4]| BgNbd {
        r: th[0].exp(),
        alpha: th[1].exp() * scale,
        a: th[2].exp(),
        b: th[3].exp(),
    };
    // f(θ) = −LL/N with θ = ln(parameter): ∂f/∂θᵢ = −pᵢgᵢ/N,
    // ∂²f/∂θᵢ∂θⱼ = −(pᵢpⱼHᵢⱼ + δᵢⱼpᵢgᵢ)/N.
    let objective = |th: &[f64; 4], grad: &mut [f64; 4], hess: &mut [[f64; 4]; 4]| {
        let p = unpack(th);
        let mut gp = [0.0; 4];
        let mut hp = [[0.0; 4]; 4];
        let ll = g.log_likelihood(&p, &mut gp, &mut hp);
        let v = [p.r, p.alpha, p.a, p.b];
        for i in 0..4 {
            grad[i] = -gp[i] * v[i] / nn;
            for j in 0..4 {
                hess[i][j] = -hp[i][j] * v[i] * v[j] / nn;
            }
            hess[i][i] -= gp[i] * v[i] / nn;
        }
        -ll / nn
    };
    let alpha0 = total_age / purchases;
    let x0 = [0.0, (alpha0 / scale).ln(), 0.0, 0.0];
    let (th, f, convergence) = minimize(objective, x0, [-LOG_BOUND; 4], [LOG_BOUND; 4], NEAR_BOUND);
    if !f.is_finite() {
        return Err(FitError::NonFinite);
    }
    Ok(BgNbdFit {
        params: unpack(&th),
        unit: s.unit,
        log_likelihood: -f * nn,
        customers: n,
        repeat_customers: repeat,
        convergence,
    })
}

/// Σ ln L of `s` at `p`, one customer at a time (the plain formula; used to check the grouped
/// evaluation and to score a model on other data).
pub fn bgnbd_log_likelihood(p: &BgNbd, s: &Summaries) -> f64 {
    s.customers
        .iter()
        .map(|c| p.log_likelihood(c.frequency, c.recency, c.age))
        .sum()
}

/// The grouped log-likelihood, gradient and Hessian in (r, α, a, b) — exposed for the
/// derivative tests.
#[doc(hidden)]
pub fn bgnbd_grouped_log_likelihood(p: &BgNbd, s: &Summaries) -> (f64, [f64; 4], [[f64; 4]; 4]) {
    let mut g = [0.0; 4];
    let mut h = [[0.0; 4]; 4];
    let ll = group(s).log_likelihood(p, &mut g, &mut h);
    (ll, g, h)
}
