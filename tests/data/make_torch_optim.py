"""Write torch_optim.json: parameter trajectories of torch.optim's SGD,
RMSprop and Adam, for tests/test_optim.py to compare npdl.optim with, without
PyTorch.

Run by hand (PyTorch is not a requirement of the project):
    python tests/data/make_torch_optim.py
Each case: two parameter arrays, a fixed sequence of gradients drawn from a
seeded generator (the same for every optimiser), and the parameters after
every step as torch computes them. Nothing here comes from npdl.
"""

import json
from pathlib import Path

import numpy as np
import torch

CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.003, "alpha": 0.9, "eps": 1e-3}),
    ("RMSprop", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 1e-3}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.9), "eps": 1e-4}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
]
STEPS = 6


def main() -> None:
    rng = np.random.default_rng(13)
    start = [rng.normal(size=(3, 2)), rng.normal(size=4)]
    # gradients of very different sizes, and one entry that is always 0
    grads = [[rng.normal(size=(3, 2)) * 10.0 ** rng.integers(-3, 3),
              np.r_[rng.normal(size=3), 0.0]] for _ in range(STEPS)]
    cases = []
    for name, hyper in CASES:
        params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in start]
        opt = getattr(torch.optim, name)(params, **hyper)
        trajectory = []
        for step in grads:
            for p, g in zip(params, step):
                p.grad = torch.tensor(g, dtype=torch.float64)
            opt.step()
            trajectory.append([p.detach().numpy().tolist() for p in params])
        cases.append({"optimizer": name, "hyper": hyper, "trajectory": trajectory})
    data = {"torch": torch.__version__, "start": [p.tolist() for p in start],
            "grads": [[g.tolist() for g in step] for step in grads], "cases": cases}
    path = Path(__file__).with_name("torch_optim.json")
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {path} ({len(cases)} cases, {STEPS} steps each)")


if __name__ == "__main__":
    main()
