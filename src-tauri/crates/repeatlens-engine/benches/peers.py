"""The peers' side of `cargo bench -p repeatlens-engine --bench analyze`: pandas and DuckDB on the
same order table (customer, order, timestamp, revenue) the Rust side analyses, loaded into memory
first (not timed), as in docs/definitions.md#peer-timings. Prints one JSON line of medians."""
import json
import statistics
import sys
import time

import duckdb
import pandas as pd

path, as_of = sys.argv[1], pd.Timestamp(sys.argv[2])
orders = pd.read_csv(path, parse_dates=["ts"])


def timed(fn, runs=3):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def rfm_pandas():
    g = orders.groupby("customer").agg(last=("ts", "max"), f=("order", "nunique"), m=("revenue", "sum"))
    g["recency"] = (as_of - g["last"]).dt.days
    # mid-rank quintile scores, ties equal (the RepeatLens rule)
    for col, asc in (("recency", False), ("f", True), ("m", True)):
        p = g[col].rank(method="average", ascending=asc, pct=True) - 0.5 / len(g)
        g[col + "_score"] = (p * 5).astype(int).clip(upper=4) + 1
    g["rf"] = g["recency_score"].astype(str) + g["f_score"].astype(str)
    return g


def cohorts_pandas():
    o = orders[["customer", "revenue"]].copy()
    month = orders["ts"].dt.year * 12 + orders["ts"].dt.month - 1
    first = month.groupby(orders["customer"]).transform("min")
    o["k"] = month - first
    o["cohort"] = first
    customers = o.groupby(["cohort", "k"])["customer"].nunique().unstack()
    revenue = o.groupby(["cohort", "k"])["revenue"].sum().unstack()
    return customers.div(customers[0], axis=0), revenue.div(revenue[0], axis=0)


con = duckdb.connect()
con.register("orders_df", orders)
con.execute("CREATE TABLE orders AS SELECT * FROM orders_df")


def rfm_duckdb():
    return con.execute(
        f"""
        WITH c AS (
          SELECT customer, date_diff('day', max(ts), TIMESTAMP '{as_of}') AS recency,
                 count(DISTINCT "order") AS f, sum(revenue) AS m
          FROM orders GROUP BY customer)
        SELECT customer, NTILE(5) OVER (ORDER BY recency DESC) AS r5,
               NTILE(5) OVER (ORDER BY f) AS f5, NTILE(5) OVER (ORDER BY m) AS m5 FROM c
        """
    ).fetchall()


print(json.dumps({
    "pandas": pd.__version__,
    "duckdb": duckdb.__version__,
    "orders": len(orders),
    "rfm_pandas": timed(rfm_pandas),
    "cohorts_pandas": timed(cohorts_pandas),
    "rfm_duckdb": timed(rfm_duckdb),
}))
