//! Special functions the likelihoods and predictions need: ln Γ, ψ (digamma) and the Gauss
//! hypergeometric function ₂F₁.
//!
//! Why our own instead of a crate: the models need three functions on positive reals, and the
//! usual crates (`statrs`, `special`) bring a linear-algebra or libm stack with them for that. Each
//! function here is short, uses a published method, and is tested against SciPy in
//! `tests/special.rs` to ≤ 1e-13 relative error.

/// ln Γ(x) for x > 0 (NaN otherwise).
///
/// Lanczos approximation with g = 671/128 and 14 coefficients (Press et al., *Numerical Recipes*,
/// 3rd ed., §6.1, `gammln`): relative error below 1e-15 on (0, ∞). For x < 0.5 the reflection is
/// not needed because every caller passes a positive argument; tiny x is handled through
/// ln Γ(x) = ln Γ(x + 1) − ln x, which keeps full precision as x → 0.
pub fn ln_gamma(x: f64) -> f64 {
    // The coefficients as published (more digits than f64 holds).
    #[allow(clippy::excessive_precision)]
    const COF: [f64; 14] = [
        57.156_235_665_862_923_5,
        -59.597_960_355_475_491_2,
        14.136_097_974_741_747_1,
        -0.491_913_816_097_620_199,
        0.339_946_499_848_118_887e-4,
        0.465_236_289_270_485_756e-4,
        -0.983_744_753_048_795_646e-4,
        0.158_088_703_224_912_494e-3,
        -0.210_264_441_724_104_883e-3,
        0.217_439_618_115_212_643e-3,
        -0.164_318_106_536_763_890e-3,
        0.844_182_239_838_527_433e-4,
        -0.261_908_384_015_814_087e-4,
        0.368_991_826_595_316_234e-5,
    ];
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x < 1e-3 {
        return ln_gamma(x + 1.0) - x.ln();
    }
    let mut y = x;
    let tmp = x + 5.242_187_5;
    let tmp = (x + 0.5) * tmp.ln() - tmp;
    #[allow(clippy::excessive_precision)]
    let mut ser = 0.999_999_999_999_997_092;
    for c in COF {
        y += 1.0;
        ser += c / y;
    }
    tmp + (2.506_628_274_631_000_5 * ser / x).ln()
}

/// ψ(x) = d/dx ln Γ(x) for x > 0 (NaN otherwise).
///
/// Shifts x up to ≥ 10 with ψ(x) = ψ(x + 1) − 1/x, then uses the asymptotic series
/// ψ(x) = ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) through B₁₂ (Abramowitz & Stegun 6.3.18); the first
/// omitted term is below 1e-16 at x = 10.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    // B2/2, B4/4, …, B12/12 with alternating signs folded in.
    let series = x2
        * (1.0 / 12.0
            - x2 * (1.0 / 120.0
                - x2 * (1.0 / 252.0
                    - x2 * (1.0 / 240.0 - x2 * (1.0 / 132.0 - x2 * (691.0 / 32_760.0))))));
    acc + x.ln() - 0.5 / x - series
}

/// ψ′(x) (trigamma) for x > 0 (NaN otherwise): the second derivative of ln Γ, for the Newton
/// steps of the fits.
///
/// Shifts x up to ≥ 10 with ψ′(x) = ψ′(x + 1) + 1/x², then the asymptotic series
/// ψ′(x) = 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1) through B₁₄ (Abramowitz & Stegun 6.4.12).
pub fn trigamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    // B2, B4, …, B14 = 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6.
    let series = x2
        * (1.0 / 6.0
            - x2 * (1.0 / 30.0
                - x2 * (1.0 / 42.0
                    - x2 * (1.0 / 30.0
                        - x2 * (5.0 / 66.0 - x2 * (691.0 / 2730.0 - x2 * (7.0 / 6.0)))))));
    acc + 1.0 / x + 0.5 * x2 + series / x
}

/// The most terms any ₂F₁ series may take before it is declared not convergent.
const MAX_TERMS: usize = 1_000_000;

/// The hypergeometric series Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ summed term by term, for |z| < 1.
///
/// Returns `None` when `c` is a non-positive integer (the series is undefined), when |z| ≥ 1, or
/// when it has not converged within a million terms (z within ~1e-5 of 1). A term of exactly 0
/// ends the sum (a or b a non-positive integer: a polynomial).
///
/// Convergence check, a rigorous tail bound: once m is past every negative parameter, the term
/// ratio (a+m)(b+m)/((c+m)(m+1))·z is at most ρ = |z|·max(1, (a+m)/(c+m))·max(1, (b+m)/(m+1))
/// (or the same with a and b swapped, whichever is smaller) for all later m too (each fraction
/// moves monotonically towards 1), so the tail after the
/// current term t is at most |t|·ρ/(1 − ρ); the sum stops when that is below 1e-16 of the sum.
/// This holds however large the parameters are (heavy buyers, b → ∞).
pub fn hyp2f1_series(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let finite = a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite();
    if !finite || z.abs() >= 1.0 {
        return None;
    }
    if c <= 0.0 && c == c.round() {
        return None;
    }
    let negative = (-a).max(-b).max(-c).max(0.0);
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    for n in 0..MAX_TERMS {
        let nf = n as f64;
        let ratio = (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
        term *= ratio;
        sum += term;
        if term == 0.0 {
            return Some(sum);
        }
        if !sum.is_finite() {
            return None;
        }
        // `term` is t_(n+1); the ratios still to come start at m = n + 1.
        let m = nf + 1.0;
        if m > negative {
            // Pair a or b with c, whichever bound is tighter.
            let bound =
                |p: f64, q: f64| ((p + m) / (c + m)).max(1.0) * ((q + m) / (m + 1.0)).max(1.0);
            let rho = z.abs() * bound(a, b).min(bound(b, a));
            if rho < 1.0 && term.abs() * rho / (1.0 - rho) <= 1e-16 * sum.abs() {
                return Some(sum);
            }
        }
    }
    None
}

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for −1 < z < 1.
///
/// When c − a − b < 0 and z > 0 the plain series grows like (1 − z)^(c−a−b) and converges slowly,
/// so Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z)
/// (DLMF 15.8.1) is summed instead: its terms decay like n^(c−a−b−1) zⁿ. `None` as for
/// [`hyp2f1_series`].
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if z > 0.0 && c - a - b < 0.0 {
        let s = hyp2f1_series(c - a, c - b, c, z)?;
        Some((1.0 - z).powf(c - a - b) * s)
    } else {
        hyp2f1_series(a, b, c, z)
    }
}

/// ln(1 + eˣ) without overflow or loss of precision for large |x|.
pub(crate) fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// 1 / (1 + e⁻ˣ) without overflow.
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}
