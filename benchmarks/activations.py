"""Time every npdl activation and derivative against plain NumPy/SciPy.

    python benchmarks/activations.py          # or: make bench

For each function, on 10**6 float64 values drawn from N(0, 3**2) (softmax:
10**4 rows of 100 logits), it times npdl and a list of NumPy/SciPy
formulations of the same function, and prints

* ``ref``: the fastest formulation that meets npdl's own requirements on a
  probe of points spanning the float64 range (no RuntimeWarning, NaN in gives
  NaN out, relative error below 1e-10 against npdl, whose accuracy the tests
  pin against mpmath) -- the formulation a careful user would otherwise write;
* ``npdl/ref``: the ratio to it (the goal is <= 1.5);
* ``npdl/copy``: the ratio to ``np.copy`` of the same array, the memory floor;
* ``fastest any``: the fastest formulation including ones that fail the probe
  (overflow warnings, lost tails), for information.

Timings are the best of several repeats, so other load on the machine
inflates them less; expect a few per cent of noise between runs.
"""

from __future__ import annotations

import argparse
import timeit
import warnings

import numpy as np
from scipy import special

import npdl
from npdl import activations as act

SQRT_HALF = np.sqrt(0.5)
INV_SQRT_2PI = 1 / np.sqrt(2 * np.pi)
A, S = act.SELU_ALPHA, act.SELU_SCALE


def _tanh_gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


def _gelu_prime_clipped(z):
    zc = np.clip(z, -40, 40)
    return special.ndtr(zc) + zc * np.exp(-0.5 * zc * zc) * INV_SQRT_2PI


def _swish_prime(z):
    s = special.expit(z)
    return s + z * s * (1 - s)


def _mish_prime(z):
    t = np.tanh(np.logaddexp(0, z))
    return t + z * (1 - t * t) * special.expit(z)


def _sigmoid_where(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _softmax_vjp(z, dA):
    s = special.softmax(z, axis=-1)
    return s * (dA - np.sum(dA * s, axis=-1, keepdims=True))


def _log_softmax_vjp(z, dA):
    return dA - special.softmax(z, axis=-1) * np.sum(dA, axis=-1, keepdims=True)


# name -> (npdl function, {label: NumPy/SciPy formulation})
CASES = {
    "linear": (npdl.linear, {"np.copy(z)": np.copy, "z + 0.0": lambda z: z + 0.0}),
    "linear'": (act.linear_derivative, {"np.ones_like(z) (+NaN)": lambda z: np.ones_like(z) + 0 * np.where(np.isnan(z), np.nan, 0)}),
    "sigmoid": (npdl.sigmoid, {
        "special.expit(z)": special.expit,
        "1 / (1 + np.exp(-z))": lambda z: 1 / (1 + np.exp(-z)),
        "0.5 + 0.5 * np.tanh(z / 2)": lambda z: 0.5 + 0.5 * np.tanh(z / 2),
        "np.where(z >= 0, 1/(1+e), e/(1+e))": _sigmoid_where,
    }),
    "sigmoid'": (act.sigmoid_derivative, {
        "expit(z) * (1 - expit(z))": lambda z: special.expit(z) * (1 - special.expit(z)),
        "expit(z) * expit(-z)": lambda z: special.expit(z) * special.expit(-z),
        "e / (1 + e)**2, e = exp(-|z|)": lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2,
    }),
    "tanh": (npdl.tanh, {"np.tanh(z)": np.tanh}),
    "tanh'": (act.tanh_derivative, {
        "1 - np.tanh(z)**2": lambda z: 1 - np.tanh(z) ** 2,
        "1 / np.cosh(z)**2": lambda z: 1 / np.cosh(z) ** 2,
        "4 expit(2z) expit(-2z)": lambda z: 4 * special.expit(2 * z) * special.expit(-2 * z),
    }),
    "relu": (npdl.relu, {
        "np.maximum(z, 0)": lambda z: np.maximum(z, 0),
        "z * (z > 0)": lambda z: z * (z > 0),
        "np.where(z > 0, z, 0)": lambda z: np.where(z > 0, z, 0.0),
    }),
    "relu'": (act.relu_derivative, {
        "(z > 0).astype(float)": lambda z: (z > 0).astype(np.float64),
        "np.heaviside(z, 0)": lambda z: np.heaviside(z, 0.0),
    }),
    "leaky_relu": (npdl.leaky_relu, {
        "np.where(z > 0, z, 0.01 z)": lambda z: np.where(z > 0, z, 0.01 * z),
        "np.maximum(z, 0.01 z)": lambda z: np.maximum(z, 0.01 * z),
    }),
    "leaky_relu'": (act.leaky_relu_derivative, {
        "np.where(z > 0, 1, 0.01)": lambda z: np.where(z > 0, 1.0, 0.01),
        "np.where(z > 0, 1, 0.01) (+NaN)": lambda z: np.where(z > 0, 1.0, np.where(z <= 0, 0.01, np.nan)),
    }),
    "elu": (npdl.elu, {
        "np.where(z > 0, z, np.exp(z) - 1)": lambda z: np.where(z > 0, z, np.exp(z) - 1),
        "np.where(z > 0, z, expm1(min(z, 0)))": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
    }),
    "elu'": (act.elu_derivative, {
        "np.where(z > 0, 1, np.exp(z))": lambda z: np.where(z > 0, 1.0, np.exp(z)),
        "np.where(z > 0, 1, exp(min(z, 0)))": lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0))),
    }),
    "selu": (npdl.selu, {
        "S * np.where(z > 0, z, A expm1(min(z, 0)))": lambda z: S * np.where(z > 0, z, A * np.expm1(np.minimum(z, 0))),
    }),
    "selu'": (act.selu_derivative, {
        "S * np.where(z > 0, 1, A exp(min(z, 0)))": lambda z: S * np.where(z > 0, 1.0, A * np.exp(np.minimum(z, 0))),
    }),
    "gelu": (npdl.gelu, {
        "z * special.ndtr(z)": lambda z: z * special.ndtr(z),
        "0.5 z erfc(-z / sqrt 2)": lambda z: 0.5 * z * special.erfc(-z * SQRT_HALF),
        "0.5 z (1 + erf(z / sqrt 2))": lambda z: 0.5 * z * (1 + special.erf(z * SQRT_HALF)),
    }),
    "gelu'": (act.gelu_derivative, {
        "ndtr(z) + z pdf(z)": lambda z: special.ndtr(z) + z * np.exp(-0.5 * z * z) * INV_SQRT_2PI,
        "ndtr(zc) + zc pdf(zc), zc = clip(z, ±40)": _gelu_prime_clipped,
    }),
    "gelu (tanh)": (lambda z: npdl.gelu(z, approximate=True), {
        "0.5 z (1 + tanh(...))": _tanh_gelu,
    }),
    "swish": (npdl.swish, {
        "z * special.expit(z)": lambda z: z * special.expit(z),
        "z / (1 + np.exp(-z))": lambda z: z / (1 + np.exp(-z)),
    }),
    "swish'": (act.swish_derivative, {"s + z s (1 - s), s = expit(z)": _swish_prime}),
    "mish": (npdl.mish, {
        "z * tanh(logaddexp(0, z))": lambda z: z * np.tanh(np.logaddexp(0, z)),
        "z * tanh(log1p(exp(z)))": lambda z: z * np.tanh(np.log1p(np.exp(z))),
    }),
    "mish'": (act.mish_derivative, {"t + z (1 - t^2) expit(z)": _mish_prime}),
    "softplus": (npdl.softplus, {
        "np.logaddexp(0, z)": lambda z: np.logaddexp(0, z),
        "np.log1p(np.exp(z))": lambda z: np.log1p(np.exp(z)),
        "max(z, 0) + log1p(exp(-|z|))": lambda z: np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))),
    }),
    "softplus'": (act.softplus_derivative, {"special.expit(z)": special.expit}),
    "softmax": (npdl.softmax, {
        "special.softmax(z, axis=-1)": lambda z: special.softmax(z, axis=-1),
        "exp(z) / exp(z).sum(-1)": lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True),
    }),
    "softmax backward": (None, {"s * (dA - (dA s).sum(-1))": _softmax_vjp}),
    "log_softmax": (npdl.log_softmax, {
        "special.log_softmax(z, axis=-1)": lambda z: special.log_softmax(z, axis=-1),
    }),
    "log_softmax backward": (None, {"dA - s dA.sum(-1)": _log_softmax_vjp}),
}
BACKWARD = {"softmax backward": act.softmax_backward, "log_softmax backward": act.log_softmax_backward}
NORMALISING = {"softmax", "log_softmax", "softmax backward", "log_softmax backward"}


def probe_points() -> np.ndarray:
    """Finite points across the float64 range, both signs, and a NaN."""
    mags = np.array([1e-300, 1e-8, 0.5, 1, 2, 5, 10, 20, 30, 40, 100, 700, 750, 1e5, 1e308])
    rng = np.random.default_rng(1)
    return np.concatenate([mags, -mags, [0.0, np.nan], rng.normal(0, 3, 100)])


def admissible(name, npdl_fn, candidate) -> bool:
    """Does `candidate` meet npdl's requirements on the probe points?"""
    z = probe_points()
    if name in NORMALISING:
        z = z[np.isfinite(z)][:99].reshape(-1, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            if name in BACKWARD:
                dA = np.ones_like(z) * np.arange(3)
                got, want = candidate(z, dA), BACKWARD[name](z, dA)
            else:
                got, want = candidate(z), npdl_fn(z)
        except (RuntimeWarning, FloatingPointError):
            return False
    if not np.array_equal(np.isnan(got), np.isnan(want)):
        return False
    ok = ~np.isnan(want)
    rel = np.abs(got[ok] - want[ok]) / np.maximum(np.abs(want[ok]), 1e-300)
    return bool(np.all(rel <= 1e-10))


def best_time(fn, *args, number=5, repeat=7) -> float:
    """Best wall time of one call, in milliseconds."""
    with np.errstate(all="ignore"):
        return min(timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)) / number * 1e3


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6, help="number of values (default 1e6)")
    parser.add_argument("--repeat", type=int, default=7, help="repeats; the best counts")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, args.n)
    logits = z.reshape(-1, 100)
    dA = rng.normal(size=logits.shape)
    floor = best_time(np.copy, z, repeat=args.repeat)

    header = f"{'function':<22}{'npdl ms':>9}{'ref ms':>9}{'npdl/ref':>10}{'npdl/copy':>11}  reference (fastest admissible) | fastest any"
    print(f"{args.n:,} float64 values, N(0, 3^2); np.copy of the same: {floor:.2f} ms\n")
    print(header)
    print("-" * len(header))
    rows = []
    for name, (fn, candidates) in CASES.items():
        if name in BACKWARD:
            fn = BACKWARD[name]
            call_args = (logits, dA)
        else:
            call_args = (logits,) if name in NORMALISING else (z,)
        t_npdl = best_time(fn, *call_args, repeat=args.repeat)
        timed = {label: best_time(c, *call_args, repeat=args.repeat) for label, c in candidates.items()}
        ok = {label: t for label, t in timed.items() if admissible(name, fn, candidates[label])}
        fastest_any = min(timed, key=timed.get)
        ref = min(ok, key=ok.get) if ok else fastest_any
        row = dict(name=name, npdl=t_npdl, ref=ref, t_ref=timed[ref],
                   ratio=t_npdl / timed[ref], copy_ratio=t_npdl / floor,
                   fastest_any=fastest_any, t_any=timed[fastest_any], admissible=bool(ok))  # fmt: skip
        rows.append(row)
        note = "" if ok else " (none admissible)"
        any_text = "same" if fastest_any == ref else f"{fastest_any} {timed[fastest_any]:.2f} ms"
        print(f"{name:<22}{t_npdl:9.2f}{timed[ref]:9.2f}{row['ratio']:10.2f}{row['copy_ratio']:11.1f}"
              f"  {ref}{note} | {any_text}")  # fmt: skip
    worst = max(rows, key=lambda r: r["ratio"])
    print(f"\nworst npdl/ref: {worst['ratio']:.2f} ({worst['name']}); goal <= 1.5")
    return rows


if __name__ == "__main__":
    main()
