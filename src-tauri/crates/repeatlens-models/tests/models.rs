//! Hand-computed summaries, gradient checks, properties of the BG/NBD predictions, and the
//! `predict` orchestration (model used, fallback to the heuristic, output shape).

mod common;

use common::*;
use proptest::prelude::*;
use repeatlens_models::*;

fn t(customer: u32, day: i32, value: f64) -> Transaction {
    Transaction {
        customer,
        day,
        value,
    }
}

/// Customer 7: day 0 (10 + 5, same day → one transaction of 15), day 14 (20), day 28 (30 + 1 →
/// 31), day 40 (after the window). Customer 3: one purchase on day 21. Window ends on day 35.
/// In days: x = 2, t_x = 28, T = 35, m̄ = (20 + 31)/2 = 25.5; customer 3: x = 0, t_x = 0,
/// T = 14, m̄ = 0. In weeks: t_x = 4, T = 5 and 2.
#[test]
fn summary_by_hand() {
    let tx = vec![
        t(7, 28, 30.0),
        t(7, 0, 10.0),
        t(3, 21, 99.0),
        t(7, 14, 20.0),
        t(7, 0, 5.0),
        t(7, 28, 1.0),
        t(7, 40, 1000.0),
    ];
    let s = summarize(&tx, 35, TimeUnit::Days);
    assert_eq!(s.customers.len(), 2);
    let (c3, c7) = (&s.customers[0], &s.customers[1]);
    assert_eq!(
        (c3.customer, c3.frequency, c3.recency, c3.age, c3.monetary),
        (3, 0, 0.0, 14.0, 0.0)
    );
    assert_eq!(
        (c7.customer, c7.frequency, c7.recency, c7.age, c7.monetary),
        (7, 2, 28.0, 35.0, 25.5)
    );
    assert_eq!((c7.first_day, c7.last_day), (0, 28));
    assert_eq!(c7.mean_gap_days(), Some(14.0));
    assert_eq!(c3.mean_gap_days(), None);
    let w = summarize(&tx, 35, TimeUnit::Weeks);
    assert_eq!((w.customers[1].recency, w.customers[1].age), (4.0, 5.0));
    assert_eq!(w.customers[0].age, 2.0);
    assert_eq!(s.repeat_customers(), 1);
}

/// Split at day 14 of the same data plus customer 9 first seen on day 30 (holdout only → left
/// out). Customer 7 in calibration: days 0 and 14 → x = 1, t_x = 14, T = 14, m̄ = 20. Holdout
/// (14, 35]: day 28 (two raw transactions, 30 and 1) → 1 purchase day; lifetimes' monetary
/// holdout is the raw mean (30 + 1)/2 = 15.5. Customer 3's day-21 purchase is their first, so
/// they are not a calibration customer.
#[test]
fn calibration_and_holdout_by_hand() {
    let tx = vec![
        t(7, 0, 10.0),
        t(7, 0, 5.0),
        t(7, 14, 20.0),
        t(7, 28, 30.0),
        t(7, 28, 1.0),
        t(3, 21, 99.0),
        t(9, 30, 5.0),
    ];
    let split = calibration_and_holdout(&tx, 14, 35, TimeUnit::Days);
    assert_eq!(split.duration_holdout, 21.0);
    assert_eq!(split.rows.len(), 1);
    let r = &split.rows[0];
    assert_eq!(
        (
            r.calibration.customer,
            r.calibration.frequency,
            r.calibration.recency,
            r.calibration.age
        ),
        (7, 1, 14.0, 14.0)
    );
    assert_eq!(r.calibration.monetary, 20.0);
    assert_eq!((r.frequency_holdout, r.monetary_holdout), (1, 15.5));
    assert_eq!(split.calibration().observation_end, 14);
}

/// A synthetic summary with every kind of customer (one-time, heavy, recent, lapsed).
fn synthetic() -> Summaries {
    let mut customers = Vec::new();
    for i in 0..300u32 {
        let x = [0, 0, 0, 1, 2, 3, 5, 8, 13, 40][(i % 10) as usize];
        let age = 10.0 + f64::from(i % 37);
        let recency = if x == 0 {
            0.0
        } else {
            age * f64::from((i * 7) % 10) / 10.0
        };
        customers.push(CustomerSummary {
            customer: i,
            frequency: x,
            recency,
            age,
            monetary: if x == 0 {
                0.0
            } else {
                5.0 + f64::from((i * 13) % 50)
            },
            first_day: 0,
            last_day: 0,
        });
    }
    Summaries {
        unit: TimeUnit::Weeks,
        observation_end: 0,
        customers,
    }
}

/// BG/NBD parameters as an array and back, for the finite differences.
fn bg_arr(p: &BgNbd) -> [f64; 4] {
    [p.r, p.alpha, p.a, p.b]
}
fn bg_of(v: [f64; 4]) -> BgNbd {
    BgNbd {
        r: v[0],
        alpha: v[1],
        a: v[2],
        b: v[3],
    }
}

/// The analytic gradients and Hessians of both grouped log-likelihoods equal central differences
/// (of the value and of the gradient), and the grouped values equal the plain per-customer sums.
#[test]
fn derivatives_match_finite_differences() {
    let s = synthetic();
    let p = BgNbd {
        r: 0.7,
        alpha: 3.0,
        a: 0.6,
        b: 2.5,
    };
    let (ll, g, h) = bgnbd_grouped_log_likelihood(&p, &s);
    assert!((ll - bgnbd_log_likelihood(&p, &s)).abs() < 1e-8 * ll.abs());
    let step = 1e-4;
    for i in 0..4 {
        let (mut up, mut down) = (bg_arr(&p), bg_arr(&p));
        up[i] += step;
        down[i] -= step;
        let (fu, gu, _) = bgnbd_grouped_log_likelihood(&bg_of(up), &s);
        let (fd, gd, _) = bgnbd_grouped_log_likelihood(&bg_of(down), &s);
        let num = (fu - fd) / (2.0 * step);
        assert!(
            (num - g[i]).abs() < 1e-6 * num.abs().max(1.0),
            "BG/NBD ∂{i}: {} vs {num}",
            g[i]
        );
        for j in 0..4 {
            let num = (gu[j] - gd[j]) / (2.0 * step);
            assert!(
                (num - h[i][j]).abs() < 1e-6 * num.abs().max(1.0),
                "BG/NBD ∂²{i}{j}: {} vs {num}",
                h[i][j]
            );
        }
    }
    let gg = GammaGamma {
        p: 3.0,
        q: 2.5,
        v: 20.0,
    };
    let (ll, g, h) = gamma_gamma_grouped_log_likelihood(&gg, &s);
    let plain: f64 = s
        .customers
        .iter()
        .filter(|c| c.frequency > 0)
        .map(|c| gg.log_likelihood(c.frequency, c.monetary))
        .sum();
    assert!((ll - plain).abs() < 1e-8 * ll.abs());
    let arr = |q: &GammaGamma| [q.p, q.q, q.v];
    let of = |v: [f64; 3]| GammaGamma {
        p: v[0],
        q: v[1],
        v: v[2],
    };
    for i in 0..3 {
        let (mut up, mut down) = (arr(&gg), arr(&gg));
        up[i] += step;
        down[i] -= step;
        let (fu, gu, _) = gamma_gamma_grouped_log_likelihood(&of(up), &s);
        let (fd, gd, _) = gamma_gamma_grouped_log_likelihood(&of(down), &s);
        let num = (fu - fd) / (2.0 * step);
        assert!(
            (num - g[i]).abs() < 1e-6 * num.abs().max(1.0),
            "GG ∂{i}: {} vs {num}",
            g[i]
        );
        for j in 0..3 {
            let num = (gu[j] - gd[j]) / (2.0 * step);
            assert!(
                (num - h[i][j]).abs() < 1e-6 * num.abs().max(1.0),
                "GG ∂²{i}{j}: {} vs {num}",
                h[i][j]
            );
        }
    }
}

/// With no discount, 12-month CLV is the expected order value times E[X(12 months)] (the
/// monthly differences telescope); discounting makes it smaller.
#[test]
fn clv_telescopes_without_discount() {
    let m = BgNbd {
        r: 0.25,
        alpha: 4.4,
        a: 0.79,
        b: 2.43,
    };
    let c = &synthetic().customers[8];
    let undiscounted = customer_lifetime_value(&m, c, 30.0, 12, 0.0, TimeUnit::Weeks);
    let e = m.expected_purchases(c.frequency, c.recency, c.age, 12.0 * 4.345);
    assert!((undiscounted - 30.0 * e).abs() < 1e-9);
    assert!(customer_lifetime_value(&m, c, 30.0, 12, 0.01, TimeUnit::Weeks) < undiscounted);
}

/// The next-purchase time is where E[X(t)] = 1; a customer whose expectation never reaches 1 in
/// the horizon gets None.
#[test]
fn next_purchase_time_solves_expected_count_one() {
    let m = BgNbd {
        r: 0.25,
        alpha: 4.4,
        a: 0.79,
        b: 2.43,
    };
    let t = m
        .time_to_expected_purchases(10, 38.0, 38.86, 1.0, 52.0)
        .unwrap();
    assert!((m.expected_purchases(10, 38.0, 38.86, t) - 1.0).abs() < 1e-6);
    assert!(t > 0.0 && t < 52.0);
    assert_eq!(m.time_to_expected_purchases(1, 1.0, 38.86, 1.0, 52.0), None);
}

/// With dropout vanishing (a → 0, b → ∞, the corner a fit can run into) the BG/NBD becomes the
/// NBD: P(alive) → 1 and E[X(t) | x, t_x, T] → (r + x)·t/(α + T).
#[test]
fn bgnbd_without_dropout_is_the_nbd() {
    let m = BgNbd {
        r: 0.74,
        alpha: 63.3,
        a: 0.001,
        b: 1e6,
    };
    for (x, tx, age) in [(0, 0.0, 100.0), (3, 50.0, 150.0), (40, 170.0, 180.0)] {
        assert!(m.p_alive(x, tx, age) > 1.0 - 1e-6);
        let t = 162.0;
        let nbd = (0.74 + f64::from(x)) * t / (63.3 + age);
        let e = m.expected_purchases(x, tx, age, t);
        assert!((e - nbd).abs() < 1e-3 * nbd, "x = {x}: {e} vs {nbd}");
    }
}

proptest! {
    /// P(alive) is a probability, and 1 for one-time buyers.
    #[test]
    fn p_alive_is_a_probability(
        r in 0.01f64..5.0, alpha in 0.1f64..100.0, a in 0.05f64..5.0, b in 0.05f64..10.0,
        x in 0u32..200, age in 0.0f64..500.0, frac in 0.0f64..=1.0,
    ) {
        let m = BgNbd { r, alpha, a, b };
        let tx = if x == 0 { 0.0 } else { age * frac };
        let p = m.p_alive(x, tx, age);
        prop_assert!((0.0..=1.0).contains(&p), "{}", p);
        if x == 0 {
            prop_assert_eq!(p, 1.0);
        }
    }

    /// E[X(t)] is finite, non-negative and does not decrease with t.
    #[test]
    fn expected_purchases_grow_with_t(
        r in 0.05f64..3.0, alpha in 0.5f64..50.0, a in 0.1f64..3.0, b in 0.1f64..8.0,
        x in 0u32..60, age in 1.0f64..100.0, frac in 0.0f64..=1.0,
        t1 in 0.0f64..100.0, dt in 0.0f64..100.0,
    ) {
        let m = BgNbd { r, alpha, a, b };
        let tx = if x == 0 { 0.0 } else { age * frac };
        let e1 = m.expected_purchases(x, tx, age, t1);
        let e2 = m.expected_purchases(x, tx, age, t1 + dt);
        prop_assert!(e1.is_finite() && e2.is_finite(), "{} {}", e1, e2);
        prop_assert!(e1 >= -1e-12);
        prop_assert!(e2 >= e1 - 1e-9 * e1.abs().max(1.0), "E({}) = {} > E({}) = {}", t1, e1, t1 + dt, e2);
    }
}

/// The CDNOW sample in days through `predict`: the model is used (946 repeaters, converged),
/// every customer gets P(alive), bands add up, predictions agree with the model's own methods,
/// and the output is valid JSON and deterministic.
#[test]
fn predict_uses_the_model_when_it_is_reliable() {
    let Some(tx) = cdnow(false) else { return };
    let s = summarize(&tx, calibration_end(), TimeUnit::Days);
    let cfg = PredictConfig::default();
    let p = predict(&s, &cfg);
    assert_eq!(p.churn_method, ChurnMethod::Model);
    assert_eq!(p.value_method, ValueMethod::GammaGamma);
    assert!(p.unreliable.is_empty() && p.value_unreliable.is_empty());
    assert_eq!(p.rows.len(), 2357);
    let b = p.totals.churn_bands;
    assert_eq!(b.low + b.medium + b.high, 2357);
    assert_eq!(b.unknown, 0);
    // Mean P(alive) does not depend on the unit: 0.8134 as in weeks
    // (definitions.md#cdnow-reference).
    assert_close(
        "mean P(alive)",
        p.totals.mean_p_alive.unwrap(),
        0.8134,
        0.00005,
    );
    let m = p.bgnbd.as_ref().unwrap().params;
    let row1 = &p.rows[0];
    let c1 = &s.customers[0];
    assert_eq!(row1.customer, 1);
    assert_close(
        "E[X(90 days)]",
        row1.expected_purchases.unwrap(),
        m.expected_purchases(c1.frequency, c1.recency, c1.age, 90.0),
        1e-15,
    );
    // Customer 1 (x = 2, last purchase 1997-08-02) expects one purchase within a year.
    let next = row1.next_purchase_in_days.unwrap();
    assert!(next > 0.0 && next < 365.0);
    assert_eq!(
        row1.next_purchase_day.unwrap(),
        calibration_end() + next.ceil() as i32
    );
    assert_eq!(row1.days_since_last, calibration_end() - day(1997, 8, 2));
    for r in &p.rows {
        let risk = r.churn_risk.unwrap();
        assert_eq!(r.churn_band.unwrap(), cfg.churn_bands.band(risk));
        assert!(r.clv.unwrap() >= 0.0);
    }
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"churn_method\":\"model\""));
    assert_eq!(json, serde_json::to_string(&predict(&s, &cfg)).unwrap());
}

/// Fewer than 100 repeat customers: churn risk falls back to the heuristic, model-only fields are
/// empty, and the output says why. Customer 1 buys on days 0, 10, 20 (mean gap 10); as of day 30
/// they are one gap overdue: risk 1 − e⁻¹ = 0.632 → medium. Customer 3 bought on days 0 and 30
/// (gap 30, risk 0 today). Customer 2 bought once, on day 25: the typical gap is the median of
/// the repeat customers' gaps (10, 30) = 20 → risk 1 − e^(−5/20) = 0.221 → low.
#[test]
fn predict_falls_back_to_the_heuristic_and_says_so() {
    let tx = vec![
        t(1, 0, 10.0),
        t(1, 10, 20.0),
        t(1, 20, 30.0),
        t(2, 25, 50.0),
        t(3, 0, 5.0),
        t(3, 30, 5.0),
    ];
    let s = summarize(&tx, 30, TimeUnit::Days);
    let p = predict(&s, &PredictConfig::default());
    assert_eq!(p.churn_method, ChurnMethod::Heuristic);
    assert!(p.unreliable.contains(&Unreliable::TooFewRepeatCustomers {
        found: 2,
        required: 100
    }));
    assert!(p.notes.iter().any(|n| n.english().contains("usual gap")));
    let r1 = &p.rows[0];
    assert_close(
        "risk 1",
        r1.churn_risk.unwrap(),
        1.0 - (-1.0f64).exp(),
        1e-15,
    );
    assert_eq!(r1.churn_band, Some(ChurnBand::Medium));
    assert_eq!(
        (r1.p_alive, r1.expected_purchases, r1.clv),
        (None, None, None)
    );
    let r2 = &p.rows[1];
    assert_close(
        "risk 2",
        r2.churn_risk.unwrap(),
        1.0 - (-5.0f64 / 20.0).exp(),
        1e-15,
    );
    assert_eq!(r2.churn_band, Some(ChurnBand::Low));
    let r3 = &p.rows[2];
    assert_eq!((r3.days_since_last, r3.churn_risk), (0, Some(0.0)));
    assert_eq!(p.value_method, ValueMethod::ObservedMean);
    // Customer 1's own mean repeat value (20 + 30)/2; one-time buyer 2 gets the repeaters' mean.
    assert_eq!(r1.expected_order_value, Some(25.0));
    assert_eq!(r2.expected_order_value, Some((25.0 + 5.0) / 2.0));
    // Custom cut-offs move the bands.
    let strict = PredictConfig {
        churn_bands: ChurnBands {
            medium_from: 0.1,
            high_from: 0.5,
        },
        ..Default::default()
    };
    assert_eq!(
        predict(&s, &strict).rows[0].churn_band,
        Some(ChurnBand::High)
    );
}

/// Nobody bought twice: the fit is impossible, churn risk is unknown, and the reason is the
/// fit error.
#[test]
fn predict_without_repeat_customers() {
    let tx = vec![t(1, 0, 10.0), t(2, 5, 20.0)];
    let p = predict(
        &summarize(&tx, 30, TimeUnit::Days),
        &PredictConfig::default(),
    );
    assert_eq!(p.churn_method, ChurnMethod::Heuristic);
    assert!(matches!(
        p.unreliable.last(),
        Some(Unreliable::FitFailed { .. })
    ));
    assert_eq!(p.totals.churn_bands.unknown, 2);
    assert!(p.rows.iter().all(|r| r.churn_risk.is_none()));
    assert_eq!(
        fit_bgnbd(&summarize(&tx, 30, TimeUnit::Days)),
        Err(FitError::NoRepeatCustomers)
    );
}
