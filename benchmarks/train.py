"""Training speed of npdl against plain NumPy and PyTorch eager.

    python benchmarks/train.py          # or: make bench

Two course-sized jobs, each written three ways that compute the same thing
(forward, cross-entropy value and gradient, backward, plain SGD step):

(a) one full-batch training step of a 2-100-3 ReLU network on the 300
    spiral points;
(b) one epoch of mini-batch training (batch 32, shuffled) of a 64-100-10
    ReLU network on the 1,347 training images of the digits.

"plain NumPy" is the same arithmetic with no classes and no input checks:
the floor for this approach. The PyTorch column (eager mode, CPU, float64,
autograd for the gradients) appears when PyTorch is installed; it is not a
requirement of the course. Before timing, the script checks that the three
implementations take the same steps (same weights after the job).

Times are the best of several repeats, so they measure the code, not the
machine's other work. All three columns run on one thread (NumPy's BLAS
too, set before NumPy loads): matrices this small gain nothing from more,
and threads that wait on each other only add noise. The goal is npdl
within 1.2x of plain NumPy.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import timeit  # noqa: E402

import numpy as np  # noqa: E402

import npdl  # noqa: E402
from npdl.datasets import load_digits, make_spirals  # noqa: E402
from npdl.optim import SGD  # noqa: E402
from npdl.train import batches, standardize, train_step, train_test_split  # noqa: E402

try:
    import torch
except ImportError:  # PyTorch is optional: its column is skipped
    torch = None

LR = 0.1


def best(fn, number: int, repeat: int = 7) -> float:
    """Best wall time of one call, in seconds."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


# --------------------------------------------------------------------------
# the three implementations of one training step
# --------------------------------------------------------------------------


def npdl_step(net, opt, X, y) -> float:
    """What npdl.train.fit runs for every batch."""
    return train_step(net, X, y, "cross_entropy", opt)


def numpy_step(params, X, y) -> float:
    """Forward, loss, backward and SGD step for a ReLU MLP, no classes."""
    n = len(X)
    activations, pre = [X], []
    A = X
    for i in range(0, len(params), 2):
        Z = A @ params[i] + params[i + 1]
        pre.append(Z)
        A = np.maximum(Z, 0) if i + 2 < len(params) else Z
        activations.append(A)
    shifted = A - A.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dZ = np.exp(log_probs)
    dZ[np.arange(n), y] -= 1
    dZ /= n
    for i in range(len(params) - 2, -1, -2):
        dW = activations[i // 2].T @ dZ
        db = dZ.sum(axis=0)
        if i:
            dZ = (dZ @ params[i].T) * (pre[i // 2 - 1] > 0)
        params[i] -= LR * dW
        params[i + 1] -= LR * db
    return loss


def torch_step(model, opt, X, y) -> float:
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(X), y)
    loss.backward()
    opt.step()
    return loss.item()


def torch_model(net):
    """A torch.nn.Sequential with npdl's weights (transposed: torch stores
    (out, in))."""
    layers = []
    for i, layer in enumerate(net.layers):
        linear = torch.nn.Linear(layer.n_inputs, layer.n_outputs, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weights.T))
            linear.bias.copy_(torch.from_numpy(layer.biases))
        layers.append(linear)
        if i + 1 < len(net.layers):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def torch_weights(model) -> list[np.ndarray]:
    out = []
    for m in model:
        if isinstance(m, torch.nn.Linear):
            out += [m.weight.detach().numpy().T, m.bias.detach().numpy()]
    return out


# --------------------------------------------------------------------------
# the two jobs
# --------------------------------------------------------------------------


class Job:
    """One network and data set, ready to run a job three ways."""

    def __init__(self, sizes, X, y, batch_size, seed=0):
        self.X, self.y, self.batch_size, self.seed = X, y, batch_size, seed
        self.net = npdl.MLP(sizes, rng=seed)
        self.initial = [p.copy() for p in self.net.parameters()]
        self.opt = SGD(self.net.parameters(), lr=LR)
        self.plain = [p.copy() for p in self.initial]
        if torch is not None:
            torch.set_num_threads(1)
            self.tmodel = torch_model(self.net)
            self.topt = torch.optim.SGD(self.tmodel.parameters(), lr=LR)
            self.tX = torch.from_numpy(X)
            self.ty = torch.from_numpy(y)

    def run(self, which: str) -> None:
        """The job once: one step (full batch) or one epoch (mini-batches)."""
        rng = np.random.default_rng(self.seed)  # same order for all three
        if self.batch_size is None:
            parts = [(self.X, self.y)]
        else:
            parts = batches(self.X, self.y, self.batch_size, rng)
        for Xb, yb in parts:
            if which == "npdl":
                npdl_step(self.net, self.opt, Xb, yb)
            elif which == "numpy":
                numpy_step(self.plain, Xb, yb)
            else:
                torch_step(self.tmodel, self.topt, torch.from_numpy(Xb), torch.from_numpy(yb))

    def check_same_steps(self) -> None:
        """After one job, the three sets of weights agree."""
        for which in ("npdl", "numpy") + (("torch",) if torch is not None else ()):
            self.run(which)
        for a, b in zip(self.net.parameters(), self.plain, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
        if torch is not None:
            for a, b in zip(self.net.parameters(), torch_weights(self.tmodel), strict=True):
                np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)


def main() -> dict[str, dict[str, float]]:
    X, y = make_spirals(300, 3, noise=0.2, rng=0)
    Xd, yd = load_digits()
    Xtr, _, ytr, _ = train_test_split(Xd, yd, 0.25, rng=0)
    (Xtr,) = standardize(Xtr)
    jobs = {
        "(a) full-batch step, 2-100-3 on 300 spiral points": (Job([2, 100, 3], X, y, None), 200),
        "(b) one epoch, 64-100-10 on 1,347 digits, batch 32": (Job([64, 100, 10], Xtr, ytr, 32), 5),
    }
    columns = ["npdl", "numpy"] + (["torch"] if torch is not None else [])
    results = {}
    print(f"{'':52s} {'npdl':>9s} {'NumPy':>9s} {'PyTorch':>9s} {'npdl/NumPy':>11s} "
          f"{'PyTorch/npdl':>13s}")  # fmt: skip
    for title, (job, number) in jobs.items():
        job.check_same_steps()
        times = {c: best(lambda c=c, job=job: job.run(c), number=number) for c in columns}
        results[title] = times
        torch_cell = f"{times['torch'] * 1e3:7.3f}ms" if "torch" in times else f"{'--':>9s}"
        speedup = f"{times['torch'] / times['npdl']:12.2f}x" if "torch" in times else f"{'--':>13s}"
        print(f"{title:52s} {times['npdl'] * 1e3:7.3f}ms {times['numpy'] * 1e3:7.3f}ms "
              f"{torch_cell} {times['npdl'] / times['numpy']:10.2f}x {speedup}")  # fmt: skip
    if torch is None:
        print("PyTorch is not installed: its column is skipped (it is not a requirement).")
    else:
        print(f"PyTorch {torch.__version__}, eager mode, CPU, float64, 1 thread.")
    print(f"NumPy {np.__version__}. Best of 7 repeats.")
    return results


if __name__ == "__main__":
    main()
