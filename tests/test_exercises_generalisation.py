"""The checkers of the chapter *Generalisation: real data*: right answers
written in several ways pass, the mistakes learners make fail on the case
that names them, and the checkers survive any answer.

``RIGHT_CALLS_GENERALISATION`` gives one right call per checker, in the form
of ``RIGHT_CALLS`` in test_exercises_robust.py, for the robustness tests
there.
"""

import math

import numpy as np
import pytest

import npdl
from npdl import exercises as ex
from npdl.exercises import generalisation


def failed_first(result, out, first):
    """The report's first failing case is `first` (a label or its start)."""
    assert not result, out
    assert f"First failing case: {first}" in " ".join(out.split()), out
    assert "hint:" in out


# --------------------------------------------------------------------------
# standardisation with the training set's statistics
# --------------------------------------------------------------------------


def my_standardize(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_by_loops(X_train, X_test):
    out_train, out_test = np.empty(X_train.shape), np.empty(X_test.shape)
    for j in range(X_train.shape[1]):
        column = X_train[:, j]
        mean = sum(column) / len(column)
        std = math.sqrt(sum((v - mean) ** 2 for v in column) / len(column))
        std = std if std > 0 else 1.0
        out_train[:, j] = (column - mean) / std
        out_test[:, j] = (X_test[:, j] - mean) / std
    return [out_train, out_test]


def standardize_sample_std(X_train, X_test):
    # the sample standard deviation (ddof=1) is accepted too
    mean = X_train.mean(axis=0, keepdims=True)
    std = X_train.std(axis=0, ddof=1, keepdims=True)
    std[std == 0] = 1
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_from_variance(X_train, X_test):
    n = len(X_train)
    mean = X_train.sum(axis=0) / n
    var = ((X_train - mean) ** 2).sum(axis=0) / n
    scale = np.sqrt(var, out=np.ones_like(var), where=var > 0)
    both = np.vstack([X_train, X_test])          # scaled together, fitted on train
    scaled = (both - mean) / scale
    return scaled[:n], scaled[n:]


STANDARDIZE_RIGHT = [my_standardize, standardize_by_loops, standardize_sample_std,
                     standardize_from_variance]


def own_statistics(X_train, X_test):
    return my_standardize(X_train, X_train)[0], my_standardize(X_test, X_test)[0]


def pooled_statistics(X_train, X_test):
    both = np.concatenate([X_train, X_test])
    mean, std = both.mean(axis=0), both.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std


def with_eps(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std


def without_guard(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def along_axis_1(X_train, X_test):
    mean = X_train.mean(axis=1, keepdims=True)
    std = X_train.std(axis=1, keepdims=True)
    std[std == 0] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std


def only_centred(X_train, X_test):
    mean = X_train.mean(axis=0)
    return X_train - mean, X_test - mean


def only_divided(X_train, X_test):
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    return X_train / std, X_test / std


def in_place(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    X_train -= mean
    X_train /= std
    return X_train, (X_test - mean) / std


def centred_on_own_test_mean(X_train, X_test):
    std = X_train.std(axis=0)
    std[std == 0] = 1.0
    return (X_train - X_train.mean(axis=0)) / std, (X_test - X_test.mean(axis=0)) / std


def min_max(X_train, X_test):
    low, high = X_train.min(axis=0), X_train.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return (X_train - low) / span, (X_test - low) / span


def without_axis(X_train, X_test):
    mean, std = X_train.mean(), X_train.std()
    return (X_train - mean) / std, (X_test - mean) / std


def nan_to_num_after(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return np.nan_to_num((X_train - mean) / std), np.nan_to_num((X_test - mean) / std)


def calls_npdl(X_train, X_test):
    return npdl.train.standardize(X_train, X_test)


def with_scikit_learn(X_train, X_test):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


ELSEWHERE = "5 training samples, 3 features; the test samples lie elsewhere"
BLANK = "a blank pixel: feature 2 is 0 in every training sample, with ink in one test sample"
SQUARE = "as many training samples as features (4 x 4)"
ONE = "one test sample at a time"
OWN_CODE = "written by you, not a call of the ready-made standardisation"

# (wrong answer, the case reported first, words of its problem)
STANDARDIZE_WRONG = [
    (own_statistics, f"{ELSEWHERE}: the test set", "scaled with its own mean"),
    (pooled_statistics, f"{ELSEWHERE}: the training set", "the test set has leaked"),
    (with_eps, f"{BLANK}: the test set", "huge values where a feature is constant"),
    (without_guard, f"{BLANK}: the training set", "returned nan"),
    (along_axis_1, f"{ELSEWHERE}: the training set", "could not be broadcast"),
    (only_centred, f"{ELSEWHERE}: the training set", "centred but not divided"),
    (only_divided, f"{ELSEWHERE}: the training set", "not centred"),
    (in_place, f"{ELSEWHERE}: the training set", "changed its input array in place"),
    (centred_on_own_test_mean, f"{ELSEWHERE}: the test set", "centred on its own mean"),
    (min_max, f"{ELSEWHERE}: the training set", "min-max scaling"),
    (without_axis, f"{ELSEWHERE}: the training set", "for the whole array (no axis)"),
    (nan_to_num_after, f"{BLANK}: the training set", "NumPy warned"),
    (lambda X_train, X_test: my_standardize(X_train, X_test)[1],
     f"{ELSEWHERE}: the training set", "must return two arrays"),
    (calls_npdl, OWN_CODE, "calls a ready-made one"),
    (with_scikit_learn, OWN_CODE, "calls a ready-made one"),
]  # fmt: skip


@pytest.mark.parametrize("fn", STANDARDIZE_RIGHT, ids=lambda f: f.__name__)
def test_standardize_passes_right_answers(fn, capsys):
    result = ex.check_standardize_train_test(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 11


@pytest.mark.parametrize(("fn", "first", "problem"), STANDARDIZE_WRONG,
                         ids=lambda v: getattr(v, "__name__", None))  # fmt: skip
def test_standardize_catches_wrong_answers(fn, first, problem, capsys):
    result = ex.check_standardize_train_test(fn)
    out = capsys.readouterr().out
    failed_first(result, out, first)
    assert problem in " ".join(out.split()), out


def test_statistics_along_axis_1_are_named_on_the_square_case(capsys):
    result = ex.check_standardize_train_test(along_axis_1)
    capsys.readouterr()
    assert f"{SQUARE}: the training set" in result.failed
    assert f"{ONE}: the test set" in result.failed  # (x - mean) / std of 8 rows, 1 test row


def test_a_single_test_sample_centred_on_itself_is_named():
    def scaled_alone(X_train, X_test):
        train = my_standardize(X_train, X_test)[0]
        if len(X_test) == 1:
            return train, X_test - X_test.mean(axis=0)
        return train, my_standardize(X_train, X_test)[1]

    convert = generalisation._read_scaled(*_one_sample_case(), part=1)
    X_train, X_test = _one_sample_case()
    with pytest.raises(generalisation.AnswerError, match="centred on itself"):
        convert(scaled_alone(X_train, X_test)[1])


def _one_sample_case():
    for label, X_train, X_test, _ in generalisation._scaling_cases():
        if label == ONE:
            return X_train, X_test
    raise AssertionError("no single-sample case")


def test_the_blank_pixel_case_really_has_ink_where_training_has_none():
    for label, X_train, X_test, _ in generalisation._scaling_cases():
        if label.startswith("a blank pixel"):
            assert np.all(X_train[:, 2] == 0) and np.any(X_test[:, 2] > 0)
            expected = npdl.train.standardize(X_train, X_test)[1]
            assert np.all(np.isfinite(expected)) and np.abs(expected).max() < 20


# --------------------------------------------------------------------------
# a stratified split by hand
# --------------------------------------------------------------------------


def stratified_split(y, test_fraction, rng):
    test = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test.append(members[:round(test_fraction * len(members))])
    test = np.concatenate(test)
    return np.setdiff1d(np.arange(len(y)), test), test


def split_rounding_down(y, test_fraction, rng):
    train, test = [], []
    for label in sorted(set(y.tolist())):
        members = np.flatnonzero(y == label)
        k = int(test_fraction * len(members))
        chosen = rng.choice(members, size=k, replace=False)
        test += chosen.tolist()
        train += [i for i in members.tolist() if i not in set(chosen.tolist())]
    return train, test  # lists, in class order


def split_rounding_up(y, test_fraction, rng):
    is_test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = np.flatnonzero(y == label).copy()
        rng.shuffle(members)
        is_test[members[:math.ceil(test_fraction * len(members))]] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


def split_by_sorting(y, test_fraction, rng):
    order = rng.permutation(len(y))
    order = order[np.argsort(y[order], kind="stable")]  # grouped by class, random within
    test = []
    for label in np.unique(y):
        members = order[y[order] == label]
        test.extend(members[:round(test_fraction * len(members))].tolist())
    return np.array(sorted(set(range(len(y))) - set(test))), np.array(test)


SPLIT_RIGHT = [stratified_split, split_rounding_down, split_rounding_up, split_by_sorting]


def not_stratified(y, test_fraction, rng):
    order = rng.permutation(len(y))
    k = round(test_fraction * len(y))
    return order[k:], order[:k]


def first_of_each_class(y, test_fraction, rng):
    test = np.concatenate([np.flatnonzero(y == c)[:round(test_fraction * np.sum(y == c))]
                           for c in np.unique(y)])  # fmt: skip
    return np.setdiff1d(np.arange(len(y)), test), test


def global_random(y, test_fraction, rng):
    # the mistake: numpy's global generator instead of rng
    test = np.concatenate([np.random.permutation(np.flatnonzero(y == c))  # noqa: NPY002
                           [:round(test_fraction * np.sum(y == c))] for c in np.unique(y)])
    return np.setdiff1d(np.arange(len(y)), test), test


def overlapping(y, test_fraction, rng):
    _, test = stratified_split(y, test_fraction, rng)
    return np.arange(len(y)), test


def losing_samples(y, test_fraction, rng):
    train, test = stratified_split(y, test_fraction, rng)
    return train[:-3], test


def boolean_masks(y, test_fraction, rng):
    _, test = stratified_split(y, test_fraction, rng)
    mask = np.zeros(len(y), dtype=bool)
    mask[test] = True
    return ~mask, mask


def labels_not_indices(y, test_fraction, rng):
    train, test = stratified_split(y, test_fraction, rng)
    return y[train], y[test]


def with_replacement(y, test_fraction, rng):
    test = np.concatenate([rng.choice(np.flatnonzero(y == c), round(test_fraction * np.sum(y == c)))
                           for c in np.unique(y)])  # fmt: skip
    return np.setdiff1d(np.arange(len(y)), test), test


def swapped_sets(y, test_fraction, rng):
    train, test = stratified_split(y, test_fraction, rng)
    return test, train


def one_array_per_class(y, test_fraction, rng):
    test = [rng.permutation(np.flatnonzero(y == c))[:round(test_fraction * np.sum(y == c))]
            for c in np.unique(y)]  # fmt: skip
    return np.setdiff1d(np.arange(len(y)), np.concatenate(test)), test


def fixed_seed_inside(y, test_fraction, rng):
    return stratified_split(y, test_fraction, np.random.default_rng(0))


def calls_train_test_split(y, test_fraction, rng):
    index = np.arange(len(y))[:, None]
    train, test, _, _ = npdl.train.train_test_split(index, y, test_fraction, rng=rng)
    return train[:, 0].astype(int), test[:, 0].astype(int)


def with_scikit_learn_split(y, test_fraction, rng):
    from sklearn.model_selection import train_test_split

    return train_test_split(np.arange(len(y)), test_size=test_fraction, stratify=y,
                            random_state=int(rng.integers(1 << 30)))  # fmt: skip


DIGITS = "the digits' 1,797 labels, test_fraction 0.25"

SPLIT_WRONG = [
    (not_stratified, f"{DIGITS}: every class holds out its share", "too many or too few"),
    (first_of_each_class, f"{DIGITS}: another seed, another test set",
     "the split is not random"),
    (global_random, f"{DIGITS}: the same seed, the same test set",
     "does not come from rng"),
    (overlapping, f"{DIGITS}: every sample in exactly one set", "samples are in both sets"),
    (losing_samples, f"{DIGITS}: every sample in exactly one set", "3 of 1797 samples are in"),
    (boolean_masks, f"{DIGITS}: every sample in exactly one set", "is a boolean mask"),
    (labels_not_indices, f"{DIGITS}: every sample in exactly one set",
     "not their labels"),
    (with_replacement, f"{DIGITS}: every sample in exactly one set", "replace=False"),
    (swapped_sets, f"{DIGITS}: every class holds out its share", "the two arrays are swapped"),
    (one_array_per_class, f"{DIGITS}: every sample in exactly one set", "np.concatenate"),
    (fixed_seed_inside, f"{DIGITS}: another seed, another test set", "not random"),
    (calls_train_test_split, "written by you, not a call of the ready-made split",
     "calls a ready-made one"),
    (with_scikit_learn_split, "written by you, not a call of the ready-made split",
     "calls a ready-made one"),
    (lambda y, f, rng: stratified_split(y, f, rng)[1], f"{DIGITS}: every sample",
     "must return two arrays"),
]  # fmt: skip


@pytest.mark.parametrize("fn", SPLIT_RIGHT, ids=lambda f: f.__name__)
def test_stratified_split_passes_right_answers(fn, capsys):
    result = ex.check_stratified_split(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 9


@pytest.mark.parametrize(("fn", "first", "problem"), SPLIT_WRONG,
                         ids=lambda v: getattr(v, "__name__", None))  # fmt: skip
def test_stratified_split_catches_wrong_answers(fn, first, problem, capsys):
    result = ex.check_stratified_split(fn)
    out = capsys.readouterr().out
    failed_first(result, out, first)
    assert problem in " ".join(out.split()), out


def test_the_expected_shares_come_from_npdl():
    y = np.repeat([7, 3, 9], [40, 12, 5])
    classes, held = generalisation._shares(y, 0.2)
    assert classes.tolist() == [3, 7, 9]
    _, _, _, y_test = npdl.train.train_test_split(np.zeros((len(y), 1)), y, 0.2, rng=1)
    assert held.tolist() == [np.sum(y_test == c) for c in classes]


# --------------------------------------------------------------------------
# recall and precision
# --------------------------------------------------------------------------


def recall_precision(cm):
    right = cm.diagonal().astype(float)
    rows, cols = cm.sum(axis=1), cm.sum(axis=0)
    recall = np.divide(right, rows, out=np.zeros_like(right), where=rows > 0)
    precision = np.divide(right, cols, out=np.zeros_like(right), where=cols > 0)
    return recall, precision


def rates_silenced(cm):
    with np.errstate(divide="ignore", invalid="ignore"):
        recall = np.nan_to_num(np.diag(cm) / cm.sum(axis=1))
        precision = np.nan_to_num(np.diag(cm) / cm.sum(axis=0))
    return recall, precision


def rates_by_loops(cm):
    k = len(cm)
    recall, precision = [], []
    for c in range(k):
        row = sum(cm[c, j] for j in range(k))
        col = sum(cm[i, c] for i in range(k))
        recall.append(cm[c, c] / row if row else 0.0)
        precision.append(cm[c, c] / col if col else 0.0)
    return recall, precision


def rates_as_one_array(cm):
    return np.array(recall_precision(cm))  # shape (2, n_classes)


RATES_RIGHT = [recall_precision, rates_silenced, rates_by_loops, rates_as_one_array]


def transposed(cm):
    return recall_precision(cm.T)


def naive(cm):
    return np.diag(cm) / cm.sum(axis=1), np.diag(cm) / cm.sum(axis=0)


def with_np_where(cm):
    rows, cols = cm.sum(axis=1), cm.sum(axis=0)
    return (np.where(rows > 0, np.diag(cm) / rows, 0.0),
            np.where(cols > 0, np.diag(cm) / cols, 0.0))  # fmt: skip


def over_everything(cm):
    return np.diag(cm) / cm.sum(), np.diag(cm) / cm.sum()


def counts_only(cm):
    return np.diag(cm).astype(float), np.diag(cm).astype(float)


def integer_division(cm):
    return (np.diag(cm) // np.maximum(cm.sum(axis=1), 1),
            np.diag(cm) // np.maximum(cm.sum(axis=0), 1))  # fmt: skip


def as_percentages(cm):
    recall, precision = recall_precision(cm)
    return 100 * recall, 100 * precision


def error_rates(cm):
    recall, precision = recall_precision(cm)
    return 1 - recall, 1 - precision


def precision_from_rows_too(cm):
    recall, _ = recall_precision(cm)
    return recall, recall


NOT_SYMMETRIC = "3 classes; the matrix is not symmetric"
NEVER = "4 classes; class 2 is never predicted"

RATES_WRONG = [
    (transposed, f"{NOT_SYMMETRIC}: recall", "these are the other rates"),
    (lambda cm: recall_precision(cm)[::-1], f"{NOT_SYMMETRIC}: recall",
     "these are the other rates"),
    (naive, f"{NEVER}: recall", "NumPy warned"),
    (with_np_where, f"{NEVER}: recall", "NumPy warned"),
    (over_everything, f"{NOT_SYMMETRIC}: recall", "number of all samples"),
    (counts_only, f"{NOT_SYMMETRIC}: recall", "these are counts"),
    (integer_division, f"{NOT_SYMMETRIC}: recall", "integer division"),
    (as_percentages, f"{NOT_SYMMETRIC}: recall", "percentages"),
    (error_rates, f"{NOT_SYMMETRIC}: recall", "the share of mistakes"),
    (precision_from_rows_too, f"{NOT_SYMMETRIC}: precision", "these are the other rates"),
    (lambda cm: recall_precision(cm)[0], f"{NOT_SYMMETRIC}: recall",
     "must return two arrays"),
]  # fmt: skip


@pytest.mark.parametrize("fn", RATES_RIGHT, ids=lambda f: f.__name__)
def test_recall_precision_passes_right_answers(fn, capsys):
    result = ex.check_recall_precision(fn)
    out = capsys.readouterr().out
    assert result, out
    assert result.n_cases == 10


@pytest.mark.parametrize(("fn", "first", "problem"), RATES_WRONG,
                         ids=lambda v: getattr(v, "__name__", None))  # fmt: skip
def test_recall_precision_catches_wrong_answers(fn, first, problem, capsys):
    result = ex.check_recall_precision(fn)
    out = capsys.readouterr().out
    failed_first(result, out, first)
    assert problem in " ".join(out.split()), out


def test_the_matrices_are_what_their_labels_say():
    for label, y_true, y_pred, k in generalisation._confusions():
        cm = npdl.train.confusion_matrix(y_true, y_pred, k)
        if "not symmetric" in label:
            assert not np.array_equal(cm, cm.T)
        if "never predicted" in label:
            assert cm[:, 2].sum() == 0 and cm[2].sum() > 0
        if "no samples" in label:
            assert cm[2].sum() == 0 and cm[:, 2].sum() > 0
        recall, precision = generalisation._recall_precision(y_true, y_pred, k)
        assert np.allclose(recall_precision(cm)[0], recall)
        assert np.allclose(recall_precision(cm)[1], precision)


# --------------------------------------------------------------------------
# robustness: test_exercises_robust.py runs every checker with these
# --------------------------------------------------------------------------

#: One right call per checker: ``name -> (args, kwargs)``.
RIGHT_CALLS_GENERALISATION = {
    "check_standardize_train_test": ((my_standardize,), {}),
    "check_stratified_split": ((stratified_split,), {}),
    "check_recall_precision": ((recall_precision,), {}),
}


def test_every_checker_of_the_chapter_is_covered():
    assert set(generalisation.__all__) == set(RIGHT_CALLS_GENERALISATION)
