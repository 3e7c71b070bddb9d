"""The peer of benches/models.rs: lifetimes 0.11.3 on CDNOW master, the same work as the Rust side.

Usage: python3 lifetimes_peer.py CDNOW_MASTER_CSV OBSERVATION_END RUNS
Prints one JSON object: {"lifetimes": version, "runs": [...seconds], "median": s, "r": ..., ...}.
Reading the CSV is not timed (as in docs/definitions.md#peer-timings): each run is the summary in
days, the BG/NBD and Gamma-Gamma fits, and P(alive), E[X(90 days)] and E[M] for every customer.
"""
import json
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import lifetimes
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data


def run(tx, end):
    s = summary_data_from_transaction_data(
        tx, "customer_id", "date", monetary_value_col="dollars",
        observation_period_end=end, freq="D")
    bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    gg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    p_alive = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    ex = bg.conditional_expected_number_of_purchases_up_to_time(90, s["frequency"], s["recency"], s["T"])
    em = gg.conditional_expected_average_profit(s["frequency"], s["monetary_value"])
    return bg, gg, float(p_alive.mean()), float(ex.sum()), float(em.mean())


def main():
    path, end, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tx = pd.read_csv(path, parse_dates=["date"])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        bg, gg, mean_p, sum_ex, mean_em = run(tx, end)
        times.append(time.perf_counter() - t0)
    out = {
        "lifetimes": lifetimes.__version__,
        "pandas": pd.__version__,
        "runs": times,
        "median": statistics.median(times),
        "bgnbd": {k: float(v) for k, v in bg.params_.items()},
        "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
        "mean_p_alive": mean_p,
        "sum_expected_90d": sum_ex,
        "mean_expected_value": mean_em,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
