//! ln Γ, ψ and ₂F₁ against SciPy 1.17.1 (`math.lgamma`, `scipy.special.digamma`,
//! `scipy.special.hyp2f1`, values printed with `repr`) and against closed forms.

use repeatlens_models::special::{digamma, hyp2f1, hyp2f1_series, ln_gamma, trigamma};

fn rel(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        a.abs()
    } else {
        ((a - b) / b).abs()
    }
}

/// (x, lgamma(x), digamma(x)) from Python 3.11 `math.lgamma` and SciPy `digamma`.
const GAMMA_TABLE: [(f64, f64, f64); 16] = [
    (1e-08, 18.42068073818021, -100000000.57721564),
    (0.001, 6.907178885383854, -1000.5755719318103),
    (0.1, 2.2527126517342055, -10.423754940411076),
    (0.2425945, 1.319809446356237, -4.358461945518362),
    (0.5, 0.5723649429247004, -1.9635100260214235),
    (1.0, 0.0, -0.5772156649015329),
    (1.5, -0.12078223763524543, 0.03648997397857652),
    (2.0, 0.0, 0.42278433509846713),
    (2.5, 0.2846828704729196, 0.7031566406452432),
    (3.7442, 1.4799620005679035, 1.1807648590229594),
    (7.3, 7.147892523022248, 1.917820335637986),
    (10.0, 12.801827480081467, 2.251752589066721),
    (33.3, 82.60372358165495, 3.490467238520243),
    (100.0, 359.1342053695754, 4.600161852738088),
    (1000.0, 5905.220423209181, 6.907255195648812),
    (100000.0, 1051287.7089736566, 11.512920464961896),
];

#[test]
fn ln_gamma_matches_python() {
    for (x, lg, _) in GAMMA_TABLE {
        let got = ln_gamma(x);
        // Near the zeros at 1 and 2 compare absolutely.
        let err = if lg.abs() < 1.0 {
            (got - lg).abs()
        } else {
            rel(got, lg)
        };
        assert!(err < 1e-14, "lnΓ({x}) = {got}, Python {lg}");
    }
}

#[test]
fn ln_gamma_of_integers_is_log_factorial() {
    let mut fact = 1.0f64;
    for n in 1..=30u32 {
        // Γ(n + 1) = n!
        fact *= f64::from(n);
        let got = ln_gamma(f64::from(n) + 1.0);
        assert!(rel(got, fact.ln()) < 1e-14, "lnΓ({}) = {got}", n + 1);
    }
    assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.5).is_nan());
}

#[test]
fn digamma_matches_scipy_and_is_the_derivative_of_ln_gamma() {
    for (x, _, dg) in GAMMA_TABLE {
        let got = digamma(x);
        assert!(rel(got, dg) < 1e-13, "ψ({x}) = {got}, SciPy {dg}");
    }
    // ψ(x + 1) = ψ(x) + 1/x
    for x in [0.3, 1.7, 12.5] {
        assert!((digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-14);
    }
    // Central difference of ln Γ.
    for x in [0.6, 2.2, 9.0, 40.0] {
        let h = 1e-5;
        let fd = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
        assert!((fd - digamma(x)).abs() < 1e-8, "ψ({x})");
    }
}

/// (x, trigamma(x)) from `scipy.special.polygamma(1, x)`.
const TRIGAMMA_TABLE: [(f64, f64); 16] = [
    (1e-08, 1e+16),
    (0.001, 1000001.6425331959),
    (0.1, 101.43329915079275),
    (0.2425945, 18.19898817469315),
    (0.5, 4.93480220054468),
    (1.0, 1.6449340668482266),
    (1.5, 0.9348022005446793),
    (2.0, 0.6449340668482266),
    (2.5, 0.4903577561002349),
    (3.7442, 0.3058775600434974),
    (7.3, 0.14679576813142703),
    (10.0, 0.10516633568168576),
    (33.3, 0.03048544409533889),
    (100.0, 0.010050166663333573),
    (1000.0, 0.001000500166666633),
    (100000.0, 1.0000050000166665e-05),
];

#[test]
fn trigamma_matches_scipy_and_is_the_derivative_of_digamma() {
    for (x, want) in TRIGAMMA_TABLE {
        let got = trigamma(x);
        assert!(rel(got, want) < 1e-13, "ψ′({x}) = {got}, SciPy {want}");
    }
    // ψ′(1) = π²/6
    assert!(rel(trigamma(1.0), std::f64::consts::PI.powi(2) / 6.0) < 1e-15);
    for x in [0.6, 2.2, 9.0, 40.0] {
        let h = 1e-5;
        let fd = (digamma(x + h) - digamma(x - h)) / (2.0 * h);
        assert!((fd - trigamma(x)).abs() < 1e-7 * trigamma(x), "ψ′({x})");
    }
}

/// (a, b, c, z, hyp2f1) from `scipy.special.hyp2f1`.
const HYP_TABLE: [(f64, f64, f64, f64, f64); 10] = [
    (0.5, 1.5, 2.5, 0.3, 1.1080625510569324),
    (2.2426, 4.4259, 2.2188, 0.47, 17.03298051617442),
    (1.2, 2.4, 0.8, 0.9, 1040.5940598505686),
    (-0.45, -0.207, 2.2, 0.6, 1.0266198165906597),
    (30.24, 28.4, 30.2, 0.95, 1.0006096327432024e+37),
    (0.2426, 2.4259, 2.2188, 0.99, 4.366371212436897),
    (3.0, -2.0, 1.5, 0.7, -0.23199999999999998),
    (1.5, 2.5, 0.3, 0.5, 72.78529675950863),
    (0.7, 0.3, -0.4, 0.2, 0.8432933387028746),
    (-1.0002, 0.5, 3.2, 0.8, 0.8749791839062689),
];

#[test]
fn hyp2f1_matches_scipy() {
    for (a, b, c, z, want) in HYP_TABLE {
        let got = hyp2f1(a, b, c, z).unwrap();
        assert!(
            rel(got, want) < 1e-12,
            "2F1({a}, {b}; {c}; {z}) = {got}, SciPy {want}"
        );
    }
}

#[test]
fn hyp2f1_closed_forms() {
    for z in [0.0f64, 0.1, 0.5, 0.9, 0.999] {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
        let want = if z == 0.0 { 1.0 } else { -(-z).ln_1p() / z };
        assert!(
            rel(hyp2f1(1.0, 1.0, 2.0, z).unwrap(), want) < 1e-13,
            "z = {z}"
        );
        // ₂F₁(a, b; b; z) = (1 − z)^−a
        assert!(rel(hyp2f1(0.7, 2.3, 2.3, z).unwrap(), (1.0 - z).powf(-0.7)) < 1e-13);
        // ₂F₁(½, ½; 3/2; z²) = arcsin(z)/z
        let w = z.sqrt();
        let want = if z == 0.0 { 1.0 } else { w.asin() / w };
        assert!(
            rel(hyp2f1(0.5, 0.5, 1.5, z).unwrap(), want) < 1e-12,
            "z = {z}"
        );
    }
    // A terminating series is a polynomial: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    let (b, c, z) = (1.5, 2.5, 0.4);
    let want = 1.0 - 2.0 * b * z / c + b * (b + 1.0) * z * z / (c * (c + 1.0));
    assert!(rel(hyp2f1_series(-2.0, b, c, z).unwrap(), want) < 1e-15);
}

/// Huge parameters (a BG/NBD fit with b → ∞) converge at once: ₂F₁(a, b; b; z) = (1 − z)^−a.
#[test]
fn hyp2f1_with_huge_parameters() {
    for b in [1e6, 1e9] {
        let got = hyp2f1_series(0.3, b, b, 0.8).unwrap();
        assert!(rel(got, 0.2f64.powf(-0.3)) < 1e-13, "b = {b}: {got}");
    }
}

#[test]
fn hyp2f1_refuses_what_it_cannot_sum() {
    assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    assert_eq!(hyp2f1(1.0, 1.0, -3.0, 0.5), None);
    assert_eq!(hyp2f1(1.0, 1.0, 0.0, 0.5), None);
    assert_eq!(hyp2f1(1.0, f64::NAN, 2.0, 0.5), None);
}
