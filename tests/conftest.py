"""Shared pieces of the test suite."""

import numpy as np
import pytest

import npdl

#: Every elementwise activation in the registry (softmax and log-softmax
#: normalise along an axis and are tested on their own).
ELEMENTWISE = sorted(n for n, r in npdl.ACTIVATIONS.items() if r.elementwise)
NORMALISING = sorted(n for n, r in npdl.ACTIVATIONS.items() if not r.elementwise)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
