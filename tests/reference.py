"""Independent references for the activations: mpmath at 60 digits.

Each entry is ``(f, f')`` written straight from the textbook definition, with
none of npdl's numerical tricks; mpmath's arbitrary precision makes the naive
formulas exact enough to measure npdl's float64 results in ulps.
"""

import mpmath as mp
import numpy as np

mp.mp.dps = 60

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _sig(z):
    return 1 / (1 + mp.exp(-z))


def _phi_cdf(z):
    # mpmath's erfc cannot take |z| ~ 1e308; Phi is exactly 0 or 1 long before
    if abs(z) > 1e4:
        return mp.mpf(1 if z > 0 else 0)
    return mp.ncdf(z)


def _phi_pdf(z):
    return mp.mpf(0) if abs(z) > 1e4 else mp.npdf(z)


def _softplus(z):
    return mp.log1p(mp.exp(z))


REFERENCE = {
    "linear": (lambda z: z, lambda z: mp.mpf(1)),
    "sigmoid": (_sig, lambda z: _sig(z) * _sig(-z)),
    "tanh": (mp.tanh, lambda z: mp.sech(z) ** 2),
    "relu": (lambda z: max(z, mp.mpf(0)), lambda z: mp.mpf(z > 0)),
    "leaky_relu": (
        lambda z: z if z > 0 else mp.mpf(0.01) * z,
        lambda z: mp.mpf(1) if z > 0 else mp.mpf(0.01),
    ),
    "elu": (lambda z: z if z > 0 else mp.expm1(z), lambda z: min(mp.exp(z), 1)),
    "selu": (
        lambda z: SELU_SCALE * (z if z > 0 else SELU_ALPHA * mp.expm1(z)),
        lambda z: SELU_SCALE * (1 if z > 0 else SELU_ALPHA * mp.exp(z)),
    ),
    "gelu": (
        lambda z: z * _phi_cdf(z) if z < 1e4 else z,
        lambda z: _phi_cdf(z) + z * _phi_pdf(z),
    ),
    "swish": (lambda z: z * _sig(z), lambda z: _sig(z) + z * _sig(z) * _sig(-z)),
    "silu": (lambda z: z * _sig(z), lambda z: _sig(z) + z * _sig(z) * _sig(-z)),
    "mish": (
        lambda z: z * mp.tanh(_softplus(z)),
        lambda z: mp.tanh(_softplus(z)) + z * mp.sech(_softplus(z)) ** 2 * _sig(z),
    ),
    "softplus": (_softplus, _sig),
}


def reference(name, z, derivative=False):
    """The exact value, rounded to float64, at every entry of `z`."""
    f = REFERENCE[name][1 if derivative else 0]
    z = np.asarray(z, dtype=np.float64)
    return np.array([float(f(mp.mpf(float(v)))) for v in z.ravel()]).reshape(z.shape)


def ulp_error(computed, exact, floor=1e-300):
    """Error in units of float64 epsilon, relative to max(|exact|, floor).

    The floor keeps results in the subnormal range (|x| < 2.2e-308), which
    hold fewer than 53 bits by their nature, from dominating.
    """
    computed = np.asarray(computed, dtype=np.float64)
    exact = np.asarray(exact, dtype=np.float64)
    same = (computed == exact) | (np.isnan(computed) & np.isnan(exact))
    err = np.abs(computed - exact) / np.maximum(np.abs(exact), floor)
    return np.where(same, 0.0, err) / np.finfo(np.float64).eps
