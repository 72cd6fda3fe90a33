"""How fast is the bare GOV.UK layout? Renders the sign-in page N times through the test client.

The sign-in page is the layout plus one small form, with no database work: its figure is the
floor every other page starts from (Jinja, GOV.UK macros, CSRF token, security headers,
rate-limit checks). Prints requests per second and p50/p95/max latency. Not a test: it
prints figures, nothing fails.

    .venv/bin/python bench/bench_layout.py [--requests 2000] [--warmup 100] [--path /sign-in]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time

from spark import create_app


def build_app():
    return create_app(
        {
            "SPARK_ENV": "test",
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": "memory://",
            # As served: CSRF on (the form carries a token, the session cookie is set).
            "WTF_CSRF_ENABLED": True,
            "TESTING": False,
        }
    )


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run(path: str, requests: int, warmup: int) -> dict[str, float]:
    app = build_app()
    client = app.test_client()
    for _ in range(warmup):
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"GET {path} answered {response.status_code}, not 200")
    timings = []
    started = time.perf_counter()
    for _ in range(requests):
        before = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "requests": requests,
        "seconds": elapsed,
        "per_second": requests / elapsed,
        "mean_ms": statistics.fmean(timings) * 1000,
        "p50_ms": percentile(timings, 0.50) * 1000,
        "p95_ms": percentile(timings, 0.95) * 1000,
        "max_ms": timings[-1] * 1000,
        "bytes": len(client.get(path).data),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--path", default="/sign-in")
    args = parser.parse_args(argv)
    figures = run(args.path, args.requests, args.warmup)
    print(
        f"GET {args.path} x {figures['requests']} (one process, Flask test client, "
        f"{figures['bytes']:,} bytes a page)\n"
        f"  {figures['per_second']:,.0f} requests/second\n"
        f"  latency p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, "
        f"mean {figures['mean_ms']:.2f} ms, max {figures['max_ms']:.2f} ms"
    )


if __name__ == "__main__":
    main()
