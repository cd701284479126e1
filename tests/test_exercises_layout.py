"""The checkers' package: one module per part, one ``__all__`` built from them,
and an API page that documents every public name."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

from npdl import exercises as ex

pycode = pytest.importorskip("sphinx.pycode")

API_PAGE = Path(__file__).resolve().parents[1] / "api.md"

#: Every name the single module ``npdl/exercises.py`` exported before it
#: became a package: chapters and learners' notebooks import them.
HISTORICAL_NAMES = [
    "NEURON_EXERCISE", "FORWARD_EXERCISE", "GATES", "COLLAPSE_EXERCISE", "OUTPUT_TASKS",
    "CheckResult", "check_affine", "check_architecture", "check_boundary_point",
    "check_collapse", "check_count_params", "check_count_regions",
    "check_distance_to_boundary", "check_elu", "check_elu_derivative_from_output",
    "check_forward_pass", "check_fraction_saturated", "check_gelu", "check_gelu_gap",
    "check_layer_shapes", "check_leaky_relu", "check_log_softmax", "check_logic_gate",
    "check_mish", "check_neuron_by_hand", "check_non_monotonic", "check_output_activations",
    "check_prelu_alpha_gradient", "check_rank_bound", "check_relu", "check_relu_derivative",
    "check_saturated_at", "check_sigmoid", "check_sigmoid_derivative_from_output",
    "check_single_neuron_gates", "check_softmax", "check_softmax_jacobian", "check_softplus",
    "check_softplus_derivative", "check_standardize", "check_swish_minimum",
    "check_tanh_derivative_from_output", "check_tanh_from_sigmoid", "check_threshold",
    "check_xor_network",
]  # fmt: skip

PART_MODULES = sorted(
    m.name for m in pkgutil.iter_modules(ex.__path__) if not m.name.startswith("_")
)


def test_every_part_module_is_registered_in_order():
    assert sorted(part.__name__.rsplit(".", 1)[1] for part in ex._PARTS) == PART_MODULES
    for name in PART_MODULES:
        assert f"npdl.exercises.{name}" in ex.__doc__, f"the package docstring omits {name}"


def test_the_package_exports_exactly_the_parts_names():
    names = [name for part in ex._PARTS for name in part.__all__]
    assert len(names) == len(set(names)), "two parts export the same name"
    assert ex.__all__ == ["CheckResult", *names]
    for part in ex._PARTS:
        for name in part.__all__:
            assert getattr(ex, name) is getattr(part, name), f"{name}: star import missing?"


def test_historical_imports_still_work_or_say_how_to_update(capsys):
    # a learner's copy of an older chapter imports these names: each still
    # exists, or its exercise was replaced and using it says what to do
    module = importlib.import_module("npdl.exercises")
    for name in HISTORICAL_NAMES:
        if name not in ex.RETIRED:
            assert name in ex.__all__, name
            assert getattr(module, name) is not None
            continue
        assert name not in ex.__all__, name
        advice = f"'{ex.RETIRED[name]}' has replaced .* CHAPTER={ex.RETIRED[name]}`"
        if name.startswith("check_"):
            # the copy's first cell imports every checker: that must work
            namespace = {}
            exec(f"from npdl.exercises import {name}", namespace)
            result = namespace[name](lambda z: z)
            assert not result and result.name == name
            assert re.search(advice, capsys.readouterr().out)
        else:  # exercise data, imported in the exercise's own cell
            with pytest.raises(ex.RetiredExerciseError, match=advice):
                exec(f"from npdl.exercises import {name}", {})


def test_retired_names_belong_to_chapters_that_no_longer_use_them():
    toc = (API_PAGE.parent / "_toc.yml").read_text()
    for name, chapter in ex.RETIRED.items():
        assert f"chapters/{chapter}\n" in toc, chapter
        notebook = (API_PAGE.parent / "chapters" / f"{chapter}.ipynb").read_text()
        assert not re.search(rf"\b{name}\b", notebook), f"{chapter} still uses {name}"
    # an unknown name is still an AttributeError (hasattr, getattr defaults)
    assert not hasattr(ex, "check_no_such_exercise")


@pytest.mark.parametrize("part", ex._PARTS, ids=lambda m: m.__name__)
def test_every_public_name_is_defined_in_its_part(part):
    documented = pycode.ModuleAnalyzer.for_module(part.__name__).find_attr_docs()
    for name in part.__all__:
        obj = getattr(part, name)
        if callable(obj):
            assert obj.__module__ == part.__name__, name
        else:  # data: autodoc documents it only with a "#:" comment
            assert ("", name) in documented, f"{name} has no #: doc comment"
            assert "".join(documented["", name]).strip(), name


@pytest.mark.parametrize("part", ex._PARTS, ids=lambda m: m.__name__)
def test_every_checker_has_a_numpydoc_docstring(part):
    for name in part.__all__:
        obj = getattr(part, name)
        if callable(obj):
            doc = inspect.getdoc(obj) or ""
            for section in ("Parameters\n----------", "Returns\n-------",
                            "Examples\n--------"):  # fmt: skip
                assert section in doc, f"{name} has no {section.splitlines()[0]} section"


def _directives(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(directive, argument, options) of every autodoc directive in api.md."""
    found = []
    pattern = re.compile(r"^\.\. (auto\w+):: (\S+)\n((?:   :[\w-]+:.*\n)*)", re.MULTILINE)
    for kind, target, block in pattern.findall(text):
        options = dict(
            re.match(r"   :([\w-]+):\s*(.*)", line).groups() for line in block.splitlines()
        )
        found.append((kind, target, options))
    return found


def test_the_api_page_documents_every_public_name():
    section = API_PAGE.read_text(encoding="utf-8").split("## Exercise checkers", 1)[1]
    section = section.split("\n## ", 1)[0]
    directives = _directives(section)
    assert ("autoclass", "npdl.exercises.CheckResult", {"members": ""}) in directives
    automodules = {target: options for kind, target, options in directives
                   if kind == "automodule"}  # fmt: skip
    for part in ex._PARTS:
        options = automodules.get(part.__name__)
        assert options is not None, f"api.md has no automodule for {part.__name__}"
        # ":members:" alone documents everything in __all__ that has a docstring
        # or a "#:" comment (checked above); a list or exclusions could go stale
        assert options.get("members") == "", part.__name__
        assert "exclude-members" not in options, part.__name__
