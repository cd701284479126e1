"""Forward-pass speed of npdl.MLP.

    python benchmarks/forward.py          # or: make bench

(a) A 200 x 200 decision-landscape grid through an MLP [2, 64, 64, 1]: one
    batched call of 40,000 rows, against a Python loop calling ``forward`` on
    each grid point.
(b) Throughput of an MLP [784, 128, 64, 10] (ReLU, ReLU, softmax) at batch
    size 256, in float32 and in float64.

Times are the best of several repeats.
"""

from __future__ import annotations

import timeit

import numpy as np

import npdl


def best(fn, number: int, repeat: int = 5) -> float:
    """Best wall time of one call, in seconds."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> dict[str, float]:
    rng = np.random.default_rng(0)
    results = {}

    net = npdl.MLP([2, 64, 64, 1], rng=rng)
    xs = np.linspace(-3, 3, 200)
    grid = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
    batched = best(lambda: net.forward(grid), number=5)
    looped = best(lambda: [net.forward(p) for p in grid], number=1, repeat=2)
    np.testing.assert_allclose(net.forward(grid)[:, 0], [net.forward(p)[0] for p in grid[:500]] +
                               list(net.forward(grid[500:])[:, 0]), rtol=1e-12)  # fmt: skip
    results.update(grid_batched_ms=batched * 1e3, grid_loop_ms=looped * 1e3,
                   grid_ratio=looped / batched)  # fmt: skip
    print(f"(a) 200 x 200 grid through MLP [2, 64, 64, 1] ({len(grid):,} points)")
    print(f"    one batched call:          {batched * 1e3:9.2f} ms")
    print(f"    Python loop over points:   {looped * 1e3:9.2f} ms")
    print(f"    loop / batched:            {looped / batched:9.0f} x\n")

    print("(b) MLP [784, 128, 64, 10] (relu, relu, softmax), batch 256")
    print(f"    {'dtype':8s} {'ms / batch':>11s} {'samples / s':>14s}")
    for dtype in (np.float32, np.float64):
        mlp = npdl.MLP([784, 128, 64, 10], ["relu", "relu", "softmax"], rng=1, dtype=dtype)
        X = rng.normal(size=(256, 784)).astype(dtype)
        t = best(lambda mlp=mlp, X=X: mlp.forward(X), number=50)
        name = np.dtype(dtype).name
        results[f"{name}_samples_per_s"] = 256 / t
        print(f"    {name:8s} {t * 1e3:11.3f} {256 / t:14,.0f}")
    return results


if __name__ == "__main__":
    main()
