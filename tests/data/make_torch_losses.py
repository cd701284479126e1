"""Write torch_losses.json: PyTorch's values and gradients of the three
losses, for tests/test_losses.py to compare npdl with, without PyTorch.

Run by hand (PyTorch is not a requirement of the project):
    python tests/data/make_torch_losses.py
The inputs are drawn from a seeded generator and stored with the results;
every result comes from torch (autograd for the gradients), none from npdl.
"""

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F


def grad_of(loss_fn, x, *rest):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = loss_fn(t, *rest)
    value.backward()
    return float(value.detach()), t.grad.numpy().tolist()


def main() -> None:
    rng = np.random.default_rng(2024)
    cases = []
    for shape in [(5,), (4, 1), (3, 2)]:
        pred, true = rng.normal(size=shape) * 3, rng.normal(size=shape)
        value, grad = grad_of(F.mse_loss, pred, torch.tensor(true))
        cases.append({"loss": "mse", "inputs": [pred.tolist(), true.tolist()],
                      "value": value, "gradient": grad})
    for logits, y in [
        (rng.normal(size=6) * 4, rng.integers(0, 2, size=6).astype(float)),
        (rng.normal(size=(5, 1)) * 2, rng.uniform(size=(5, 1))),  # soft targets
        (np.array([-1000.0, 1000.0, -1000.0, 1000.0, 30.0, -30.0]),
         np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])),
    ]:
        value, grad = grad_of(F.binary_cross_entropy_with_logits, logits, torch.tensor(y))
        cases.append({"loss": "binary_cross_entropy_with_logits",
                      "inputs": [logits.tolist(), y.tolist()], "value": value, "gradient": grad})
    for logits, labels in [
        (rng.normal(size=(6, 3)) * 2, rng.integers(0, 3, size=6)),
        (rng.normal(size=(4, 10)), rng.integers(0, 10, size=4)),
        (np.array([[1000.0, -1000.0, 0.0], [0.0, 0.0, 1e4], [-500.0, 500.0, 499.0]]),
         np.array([1, 2, 2])),
    ]:
        value, grad = grad_of(F.cross_entropy, logits, torch.tensor(labels))
        cases.append({"loss": "cross_entropy", "inputs": [logits.tolist(), labels.tolist()],
                      "value": value, "gradient": grad})
        probs = rng.dirichlet(np.ones(logits.shape[1]), size=logits.shape[0])
        value, grad = grad_of(F.cross_entropy, logits, torch.tensor(probs))
        cases.append({"loss": "cross_entropy", "inputs": [logits.tolist(), probs.tolist()],
                      "value": value, "gradient": grad})
    out = {"torch": torch.__version__, "cases": cases}
    path = Path(__file__).with_name("torch_losses.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
