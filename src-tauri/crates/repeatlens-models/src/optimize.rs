//! Maximum-likelihood search: box-constrained Newton with analytic gradients and Hessians, BFGS
//! when Newton cannot finish, and Nelder–Mead when BFGS cannot either.
//!
//! Why our own: both models have 3–4 parameters, smooth log-likelihoods whose gradients and
//! Hessians cost a few multiply-adds per customer on top of the likelihood itself, and are
//! optimised on log-parameters (so positivity is free and the problem is well scaled). Newton then
//! converges in about ten evaluations, which is what makes a fit on 23,570 customers take a few
//! milliseconds (lifetimes runs SciPy's gradient-free Nelder–Mead, hundreds of evaluations). Where
//! the Hessian is not positive definite (far from the optimum) the step is damped towards the
//! gradient (Levenberg–Marquardt). A general optimisation crate (argmin) would add a dependency
//! tree for ~300 lines whose behaviour we need to report anyway ([`Convergence`]).
//!
//! The box keeps every log-parameter finite: a likelihood that keeps improving towards a
//! degenerate corner (e.g. a, b → ∞: nobody ever drops out) ends on the box, and the fit reports
//! it in [`Convergence::at_bounds`] instead of drifting to overflow.
//!
//! Why one file of this size: Newton, BFGS and Nelder–Mead are one fallback chain behind
//! `minimize`, sharing private helpers (clamp, projected_norm, GTOL) and tested stage by stage.

use serde::Serialize;

/// How the optimiser ended.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Convergence {
    /// `newton`, or with the fallbacks that ran: `newton+bfgs`, `newton+bfgs+nelder-mead`.
    pub method: String,
    /// The stopping rule was met (gradient or simplex small enough).
    pub converged: bool,
    /// Optimiser iterations (Newton steps, BFGS steps or simplex moves).
    pub iterations: u32,
    /// Objective evaluations (each with gradient and Hessian, except in Nelder–Mead).
    pub evaluations: u32,
    /// Largest |∂ mean log-likelihood / ∂ log-parameter| at the end (free parameters only).
    pub gradient_norm: f64,
    /// Some parameter ended on (or within a factor 10 of) its bound.
    pub at_bounds: bool,
}

/// Stop when every free gradient component of the mean negative log-likelihood is below this.
const GTOL: f64 = 1e-9;
/// A gradient this small still counts as converged when the line search can no longer improve
/// (f64 resolution of the objective reached).
const GTOL_LOOSE: f64 = 1e-6;
const MAX_ITER: u32 = 500;
/// Newton stops when its undamped step is below this in every log-parameter.
const NEWTON_STEP_DONE: f64 = 1e-10;

/// Value, gradient and Hessian of an objective at a point.
pub(crate) type Hessian<const N: usize> = [[f64; N]; N];

/// Minimises `f` (value, gradient and Hessian) over the box `[lo, hi]` starting at `x0`.
/// `near` is how far (in the parameter's own scale) from a bound still counts as "at" it.
pub(crate) fn minimize<const N: usize>(
    f: impl Fn(&[f64; N], &mut [f64; N], &mut Hessian<N>) -> f64,
    x0: [f64; N],
    lo: [f64; N],
    hi: [f64; N],
    near: f64,
) -> ([f64; N], f64, Convergence) {
    let (mut x, mut fx, mut conv) = newton(&f, x0, lo, hi);
    let value_grad = |x: &[f64; N], g: &mut [f64; N]| {
        let mut h = [[0.0; N]; N];
        f(x, g, &mut h)
    };
    if !conv.converged && fx.is_finite() {
        let (xb, fb, b) = bfgs(&value_grad, x, lo, hi);
        if fb <= fx {
            x = xb;
            fx = fb;
        }
        conv = Convergence {
            method: "newton+bfgs".into(),
            converged: b.converged,
            iterations: conv.iterations + b.iterations,
            evaluations: conv.evaluations + b.evaluations,
            gradient_norm: b.gradient_norm,
            at_bounds: false,
        };
    }
    if !conv.converged && fx.is_finite() {
        let (xn, fnm, nm) = nelder_mead(&value_grad, x, lo, hi);
        if fnm <= fx {
            x = xn;
            fx = fnm;
        }
        let mut g = [0.0; N];
        value_grad(&x, &mut g);
        conv = Convergence {
            method: "newton+bfgs+nelder-mead".into(),
            converged: nm.converged,
            iterations: conv.iterations + nm.iterations,
            evaluations: conv.evaluations + nm.evaluations + 1,
            gradient_norm: projected_norm(&x, &g, &lo, &hi),
            at_bounds: false,
        };
    }
    conv.at_bounds = (0..N).any(|i| x[i] - lo[i] < near || hi[i] - x[i] < near);
    (x, fx, conv)
}

// Index loops read like the textbook Cholesky they implement.
#[allow(clippy::needless_range_loop)]
/// Solves (A + λI) d = b by Cholesky on the components in `free` (others: d = 0); None when the
/// matrix is not positive definite.
fn solve_pd<const N: usize>(
    a: &Hessian<N>,
    lambda: f64,
    b: &[f64; N],
    free: &[bool; N],
) -> Option<[f64; N]> {
    let idx: Vec<usize> = (0..N).filter(|&i| free[i]).collect();
    let m = idx.len();
    let mut l = [[0.0; N]; N];
    for i in 0..m {
        for j in 0..=i {
            let mut sum = a[idx[i]][idx[j]] + if i == j { lambda } else { 0.0 };
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            if i == j {
                if sum.is_nan() || sum <= 0.0 {
                    return None;
                }
                l[i][i] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    let mut y = [0.0; N];
    for i in 0..m {
        let mut sum = b[idx[i]];
        for k in 0..i {
            sum -= l[i][k] * y[k];
        }
        y[i] = sum / l[i][i];
    }
    let mut z = [0.0; N];
    for i in (0..m).rev() {
        let mut sum = y[i];
        for k in i + 1..m {
            sum -= l[k][i] * z[k];
        }
        z[i] = sum / l[i][i];
    }
    let mut d = [0.0; N];
    for i in 0..m {
        d[idx[i]] = z[i];
    }
    Some(d)
}

/// Damped Newton: d = −(H + λI)⁻¹ g with the smallest λ ∈ {0, 10⁻⁸·scale, ×10 …} that makes the
/// matrix positive definite, then the same projected backtracking line search as BFGS.
fn newton<const N: usize>(
    f: &impl Fn(&[f64; N], &mut [f64; N], &mut Hessian<N>) -> f64,
    x0: [f64; N],
    lo: [f64; N],
    hi: [f64; N],
) -> ([f64; N], f64, Convergence) {
    let mut x = clamp(x0, &lo, &hi);
    let mut g = [0.0; N];
    let mut h = [[0.0; N]; N];
    let mut fx = f(&x, &mut g, &mut h);
    let mut evals = 1u32;
    let mut iter = 0u32;
    let mut converged = false;
    let finite = |v: f64, g: &[f64; N], h: &Hessian<N>| {
        v.is_finite()
            && g.iter().all(|x| x.is_finite())
            && h.iter().flatten().all(|x| x.is_finite())
    };
    if finite(fx, &g, &h) {
        while iter < 100 {
            let gnorm = projected_norm(&x, &g, &lo, &hi);
            if gnorm < GTOL {
                converged = true;
                break;
            }
            iter += 1;
            let free: [bool; N] = std::array::from_fn(|i| {
                !((x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0))
            });
            let neg_g: [f64; N] = std::array::from_fn(|i| -g[i]);
            let scale = (0..N).map(|i| h[i][i].abs()).fold(1.0, f64::max);
            let mut lambda = 0.0;
            let mut d = None;
            for _ in 0..40 {
                d = solve_pd(&h, lambda, &neg_g, &free);
                if d.is_some() {
                    break;
                }
                lambda = if lambda == 0.0 {
                    1e-8 * scale
                } else {
                    lambda * 10.0
                };
            }
            let Some(d) = d else { break };
            let dmax = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            // The undamped Newton step is the distance to the optimum: below 1e-10 in every
            // log-parameter (relative precision 1e-10) we are there, even when rounding in a sum
            // over many customers keeps the gradient above GTOL.
            let pure = lambda == 0.0;
            if pure && dmax < NEWTON_STEP_DONE {
                converged = true;
                break;
            }
            let slope = dot(&g, &d);
            if slope.is_nan() || slope >= 0.0 {
                converged = gnorm < GTOL_LOOSE;
                break;
            }
            // Close to the optimum a pure Newton step is taken whole; the objective may then only
            // "increase" by its rounding noise.
            let noise = if pure && dmax < 1e-6 {
                1e-12 * fx.abs().max(1.0)
            } else {
                0.0
            };
            let mut t = if dmax > 5.0 { 5.0 / dmax } else { 1.0 };
            let mut accepted = None;
            for _ in 0..60 {
                let xn = clamp(std::array::from_fn(|i| x[i] + t * d[i]), &lo, &hi);
                let mut gn = [0.0; N];
                let mut hn = [[0.0; N]; N];
                let fnew = f(&xn, &mut gn, &mut hn);
                evals += 1;
                let step: [f64; N] = std::array::from_fn(|i| xn[i] - x[i]);
                if finite(fnew, &gn, &hn) && fnew <= fx + 1e-4 * dot(&g, &step) + noise {
                    accepted = Some((xn, fnew, gn, hn));
                    break;
                }
                t *= 0.5;
            }
            let Some((xn, fnew, gn, hn)) = accepted else {
                converged = gnorm < GTOL_LOOSE;
                break;
            };
            let small_change = (fx - fnew).abs() <= 1e-16 * fx.abs().max(1.0);
            x = xn;
            fx = fnew;
            g = gn;
            h = hn;
            if small_change && projected_norm(&x, &g, &lo, &hi) < GTOL_LOOSE {
                converged = true;
                break;
            }
        }
    }
    let gradient_norm = projected_norm(&x, &g, &lo, &hi);
    (
        x,
        fx,
        Convergence {
            method: "newton".into(),
            converged,
            iterations: iter,
            evaluations: evals,
            gradient_norm,
            at_bounds: false,
        },
    )
}

/// Largest gradient component that could move x inside the box.
fn projected_norm<const N: usize>(x: &[f64; N], g: &[f64; N], lo: &[f64; N], hi: &[f64; N]) -> f64 {
    let mut m = 0.0_f64;
    for i in 0..N {
        let blocked = (x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0);
        if !blocked {
            m = m.max(g[i].abs());
        }
    }
    m
}

fn clamp<const N: usize>(mut x: [f64; N], lo: &[f64; N], hi: &[f64; N]) -> [f64; N] {
    for i in 0..N {
        x[i] = x[i].clamp(lo[i], hi[i]);
    }
    x
}

fn dot<const N: usize>(a: &[f64; N], b: &[f64; N]) -> f64 {
    (0..N).map(|i| a[i] * b[i]).sum()
}

/// BFGS on the inverse Hessian with a backtracking (Armijo, quadratic-interpolation) line
/// search projected onto the box. Components held at a bound drop out of the search direction.
fn bfgs<const N: usize>(
    f: &impl Fn(&[f64; N], &mut [f64; N]) -> f64,
    x0: [f64; N],
    lo: [f64; N],
    hi: [f64; N],
) -> ([f64; N], f64, Convergence) {
    let mut x = clamp(x0, &lo, &hi);
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let mut evals = 1u32;
    let mut h = [[0.0; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let mut iter = 0u32;
    let mut converged = false;
    let finish = |x: [f64; N], fx: f64, g: &[f64; N], iter, evals, converged| {
        let gradient_norm = projected_norm(&x, g, &lo, &hi);
        (
            x,
            fx,
            Convergence {
                method: "bfgs".into(),
                converged,
                iterations: iter,
                evaluations: evals,
                gradient_norm,
                at_bounds: false,
            },
        )
    };
    if !fx.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return finish(x, fx, &g, iter, evals, false);
    }
    while iter < MAX_ITER {
        let gnorm = projected_norm(&x, &g, &lo, &hi);
        if gnorm < GTOL {
            converged = true;
            break;
        }
        iter += 1;
        // d = −H g, with blocked components removed.
        let mut d = [0.0; N];
        for i in 0..N {
            d[i] = -(0..N).map(|j| h[i][j] * g[j]).sum::<f64>();
        }
        for i in 0..N {
            if (x[i] <= lo[i] && d[i] < 0.0) || (x[i] >= hi[i] && d[i] > 0.0) {
                d[i] = 0.0;
            }
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction: restart from steepest descent.
            for (i, row) in h.iter_mut().enumerate() {
                *row = [0.0; N];
                row[i] = 1.0;
            }
            for i in 0..N {
                let blocked = (x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0);
                d[i] = if blocked { 0.0 } else { -g[i] };
            }
            slope = dot(&g, &d);
            if slope >= 0.0 {
                break;
            }
        }
        // At most a factor e^5 per parameter per step.
        let dmax = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut t = if dmax > 5.0 { 5.0 / dmax } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let mut xn = [0.0; N];
            for i in 0..N {
                xn[i] = x[i] + t * d[i];
            }
            let xn = clamp(xn, &lo, &hi);
            let mut gn = [0.0; N];
            let fnew = f(&xn, &mut gn);
            evals += 1;
            let step: [f64; N] = std::array::from_fn(|i| xn[i] - x[i]);
            let decrease = dot(&g, &step);
            if fnew.is_finite() && gn.iter().all(|v| v.is_finite()) && fnew <= fx + 1e-4 * decrease
            {
                accepted = Some((xn, fnew, gn));
                break;
            }
            // Quadratic interpolation of the step, kept within [0.1 t, 0.5 t].
            let next = if fnew.is_finite() {
                let denom = 2.0 * (fnew - fx - t * slope);
                if denom > 0.0 {
                    (-slope * t * t / denom).clamp(0.1 * t, 0.5 * t)
                } else {
                    0.5 * t
                }
            } else {
                0.25 * t
            };
            t = next;
        }
        let Some((xn, fnew, gn)) = accepted else {
            converged = gnorm < GTOL_LOOSE;
            break;
        };
        let s: [f64; N] = std::array::from_fn(|i| xn[i] - x[i]);
        let y: [f64; N] = std::array::from_fn(|i| gn[i] - g[i]);
        let sy = dot(&s, &y);
        let small_change = (fx - fnew).abs() <= 1e-16 * fx.abs().max(1.0);
        x = xn;
        fx = fnew;
        g = gn;
        if sy > 1e-300 && sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if iter == 1 {
                // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20).
                let scale = sy / dot(&y, &y);
                for (i, row) in h.iter_mut().enumerate() {
                    *row = [0.0; N];
                    row[i] = scale;
                }
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: [f64; N] = std::array::from_fn(|i| (0..N).map(|j| h[i][j] * y[j]).sum());
            let yhy = dot(&y, &hy);
            for i in 0..N {
                for j in 0..N {
                    h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        if small_change && projected_norm(&x, &g, &lo, &hi) < GTOL_LOOSE {
            converged = true;
            break;
        }
    }
    finish(x, fx, &g, iter, evals, converged)
}

/// Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012), on the box
/// (vertices clamped). Converged when the simplex is below 1e-9 in every coordinate and the
/// values spread by less than 1e-12.
fn nelder_mead<const N: usize>(
    f: &impl Fn(&[f64; N], &mut [f64; N]) -> f64,
    x0: [f64; N],
    lo: [f64; N],
    hi: [f64; N],
) -> ([f64; N], f64, Convergence) {
    let n = N as f64;
    let (alpha, beta, gamma, delta) = (1.0, 1.0 + 2.0 / n, 0.75 - 0.5 / n, 1.0 - 1.0 / n);
    let mut scratch = [0.0; N];
    let mut evals = 0u32;
    let mut eval = |x: &[f64; N], evals: &mut u32| {
        *evals += 1;
        let v = f(x, &mut scratch);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut simplex: Vec<([f64; N], f64)> = Vec::with_capacity(N + 1);
    let x0 = clamp(x0, &lo, &hi);
    simplex.push((x0, eval(&x0, &mut evals)));
    for i in 0..N {
        let mut v = x0;
        v[i] += if v[i] + 0.1 <= hi[i] { 0.1 } else { -0.1 };
        let v = clamp(v, &lo, &hi);
        simplex.push((v, eval(&v, &mut evals)));
    }
    let mut iter = 0u32;
    let mut converged = false;
    while iter < 20_000 {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let spread = simplex[N].1 - simplex[0].1;
        let size = (0..N)
            .map(|i| {
                simplex
                    .iter()
                    .map(|v| (v.0[i] - simplex[0].0[i]).abs())
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        if spread.abs() < 1e-12 && size < 1e-9 {
            converged = true;
            break;
        }
        iter += 1;
        let centroid: [f64; N] =
            std::array::from_fn(|i| simplex[..N].iter().map(|v| v.0[i]).sum::<f64>() / n);
        let worst = simplex[N];
        let along = |c: f64| -> [f64; N] {
            clamp(
                std::array::from_fn(|i| centroid[i] + c * (worst.0[i] - centroid[i])),
                &lo,
                &hi,
            )
        };
        let xr = along(-alpha);
        let fr = eval(&xr, &mut evals);
        if fr < simplex[0].1 {
            let xe = along(-alpha * beta);
            let fe = eval(&xe, &mut evals);
            simplex[N] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < simplex[N - 1].1 {
            simplex[N] = (xr, fr);
        } else {
            let (xc, fc) = if fr < worst.1 {
                let xc = along(-alpha * gamma);
                (xc, eval(&xc, &mut evals))
            } else {
                let xc = along(gamma);
                (xc, eval(&xc, &mut evals))
            };
            if fc < worst.1.min(fr) {
                simplex[N] = (xc, fc);
            } else {
                let best = simplex[0].0;
                for v in simplex.iter_mut().skip(1) {
                    let p = std::array::from_fn(|i| best[i] + delta * (v.0[i] - best[i]));
                    *v = (p, eval(&p, &mut evals));
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    (
        simplex[0].0,
        simplex[0].1,
        Convergence {
            method: "nelder-mead".into(),
            converged,
            iterations: iter,
            evaluations: evals,
            gradient_norm: f64::NAN,
            at_bounds: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's banana: minimum 0 at (1, 1).
    fn rosenbrock(x: &[f64; 2], g: &mut [f64; 2]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    fn rosenbrock_h(x: &[f64; 2], g: &mut [f64; 2], h: &mut Hessian<2>) -> f64 {
        let (a, b) = (x[0], x[1]);
        h[0][0] = 2.0 - 400.0 * (b - 3.0 * a * a);
        h[0][1] = -400.0 * a;
        h[1][0] = -400.0 * a;
        h[1][1] = 200.0;
        rosenbrock(x, g)
    }

    #[test]
    fn newton_finds_the_rosenbrock_minimum() {
        let (x, fx, c) = minimize(rosenbrock_h, [-1.2, 1.0], [-10.0; 2], [10.0; 2], 1e-3);
        assert!(c.converged, "{c:?}");
        assert_eq!(c.method, "newton");
        assert!(
            (x[0] - 1.0).abs() < 1e-7 && (x[1] - 1.0).abs() < 1e-7,
            "{x:?}"
        );
        assert!(fx < 1e-14);
        assert!(!c.at_bounds);
    }

    #[test]
    fn bfgs_finds_the_rosenbrock_minimum() {
        let (x, fx, c) = bfgs(&rosenbrock, [-1.2, 1.0], [-10.0; 2], [10.0; 2]);
        assert!(c.converged, "{c:?}");
        assert!(
            (x[0] - 1.0).abs() < 1e-7 && (x[1] - 1.0).abs() < 1e-7,
            "{x:?}"
        );
        assert!(fx < 1e-14);
    }

    /// A Hessian that cannot be used (NaN) stops Newton at once; BFGS takes over and says so.
    #[test]
    fn bfgs_takes_over_from_newton() {
        let f = |x: &[f64; 2], g: &mut [f64; 2], h: &mut Hessian<2>| {
            h[0][0] = f64::NAN;
            rosenbrock(x, g)
        };
        let (x, _, c) = minimize(f, [-1.2, 1.0], [-10.0; 2], [10.0; 2], 1e-3);
        assert_eq!(c.method, "newton+bfgs");
        assert!(c.converged, "{c:?}");
        assert!((x[0] - 1.0).abs() < 1e-7, "{x:?}");
    }

    #[test]
    fn nelder_mead_finds_the_rosenbrock_minimum() {
        let (x, _, c) = nelder_mead(&rosenbrock, [-1.2, 1.0], [-10.0; 2], [10.0; 2]);
        assert!(c.converged, "{c:?}");
        assert!(
            (x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6,
            "{x:?}"
        );
    }

    #[test]
    fn a_minimum_outside_the_box_ends_on_the_bound_and_says_so() {
        // f = (x − 5)², box [−1, 2]: the constrained minimum is x = 2.
        let f = |x: &[f64; 1], g: &mut [f64; 1], h: &mut Hessian<1>| {
            g[0] = 2.0 * (x[0] - 5.0);
            h[0][0] = 2.0;
            (x[0] - 5.0).powi(2)
        };
        let (x, _, c) = minimize(f, [0.0], [-1.0], [2.0], 1e-6);
        assert_eq!(x[0], 2.0);
        assert!(c.converged && c.at_bounds, "{c:?}");
    }
}
