"""Shared fixtures of the test suite."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


# tests/data/make_torch_losses.py regenerates stored PyTorch results by hand
# (PyTorch is not a requirement): not a test module, never imported by pytest
collect_ignore = ["data"]
