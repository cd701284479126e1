"""The activation names the tests loop over, read from npdl's registry.

(Kept out of ``conftest.py``, which pytest imports itself: test modules
should not import a conftest.)
"""

import npdl

#: Every elementwise activation in the registry (softmax and log-softmax
#: normalise along an axis and are tested on their own).
ELEMENTWISE = sorted(n for n, r in npdl.ACTIVATIONS.items() if r.elementwise)
NORMALISING = sorted(n for n, r in npdl.ACTIVATIONS.items() if not r.elementwise)
