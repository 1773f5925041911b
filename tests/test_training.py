"""The Training lab's gradient descent (course/training.py): it fits what least squares fits, MSE
follows outliers while MAE and Huber hold, its gradients are the cost's true derivatives, and a
learning rate that is too large is caught before any number overflows."""

from __future__ import annotations

import numpy as np
import pytest

from course.training import (
    DIVERGENCE_FACTOR,
    FAR_RIGHT_X,
    LINE_LOSSES,
    SLOPE_TOLERANCE,
    TRUE_INTERCEPT,
    TRUE_SLOPE,
    carry_on,
    class_data,
    classifier_logit_grad,
    decision_boundary,
    fit_classifier,
    fit_line,
    fit_progress,
    largest_stable_learning_rate,
    least_squares_line,
    line_data,
    line_loss,
    outlier_share,
    sigmoid,
    slope_contributions,
)
from losses import binary_cross_entropy, focal

# The lab's default training settings: every loss settles with them on the default data.
RATE, STEPS = 0.05, 1000


def fitted_slope(name, data, delta=1.0):
    return fit_line(name, data, learning_rate=RATE, steps=STEPS, delta=delta).slope


def clean_slope():
    clean = line_data(0)
    return least_squares_line(clean.x, clean.y)[0]


def test_data_has_the_outliers_asked_for():
    data = line_data(3, height=30.0, x_position=4.5)
    assert len(data.x) == 23 and data.is_outlier.sum() == 3
    outlier_x, outlier_y = data.x[data.is_outlier], data.y[data.is_outlier]
    np.testing.assert_allclose(outlier_x, [4.25, 4.5, 4.75])
    np.testing.assert_allclose(outlier_y - (TRUE_SLOPE * outlier_x + TRUE_INTERCEPT), 30.0)
    far = line_data(5, far_right=True)
    assert far.x[far.is_outlier].min() > 5.0  # beyond every clean point
    assert far.x[far.is_outlier].mean() == pytest.approx(FAR_RIGHT_X)
    assert data.names[-3:] == ["outlier 1", "outlier 2", "outlier 3"]


@pytest.mark.parametrize("name", LINE_LOSSES)
def test_without_outliers_every_loss_recovers_the_line(name):
    slope = fitted_slope(name, line_data(0))
    assert slope == pytest.approx(TRUE_SLOPE, abs=0.1)
    assert slope == pytest.approx(clean_slope(), abs=0.05)


def test_mse_by_gradient_descent_reaches_the_least_squares_line():
    data = line_data(3)
    fit = fit_line("mse", data, learning_rate=RATE, steps=STEPS)
    slope, intercept = least_squares_line(data.x, data.y)
    assert fit.slope == pytest.approx(slope, abs=1e-3)
    assert fit.intercept == pytest.approx(intercept, abs=1e-3)


@pytest.mark.parametrize("outliers", [2, 3, 5])
def test_mse_follows_the_outliers_and_mae_and_huber_hold(outliers):
    """Outliers 30 above the line near its right end: measured, MSE's slope moves by 2.1 to 3.9,
    MAE's by at most 0.11 and Huber's by at most 0.23 (tolerance 0.3)."""
    data, clean = line_data(outliers, height=30.0, x_position=4.5), clean_slope()
    assert fitted_slope("mse", data) - clean > 2.0
    assert abs(fitted_slope("mae", data) - clean) < SLOPE_TOLERANCE
    assert abs(fitted_slope("huber", data, delta=1.0) - clean) < SLOPE_TOLERANCE


def test_a_larger_delta_lets_the_outliers_back_in():
    data, clean = line_data(3), clean_slope()
    shifts = [abs(fitted_slope("huber", data, delta=delta) - clean) for delta in (0.5, 1.0, 5.0, 40.0)]
    assert shifts == sorted(shifts)
    # With δ beyond every error Huber is ½·MSE: the same minimum as MSE.
    assert shifts[-1] == pytest.approx(abs(fitted_slope("mse", data) - clean), abs=0.01)


@pytest.mark.parametrize("name", LINE_LOSSES)
@pytest.mark.parametrize(("w", "b"), [(0.0, 0.0), (0.7, 0.3), (3.1, -2.2)])
def test_contributions_add_up_to_the_slope_derivative_of_the_cost(name, w, b):
    data, h = line_data(3), 1e-6

    def cost(slope, intercept):
        return line_loss(name, data.y, slope * data.x + intercept, delta=1.5)

    d_w = (cost(w + h, b) - cost(w - h, b)) / (2 * h)
    assert slope_contributions(name, data, w, b, delta=1.5).sum() == pytest.approx(d_w, rel=1e-5, abs=1e-8)


def test_at_the_start_the_outliers_dominate_mse_gradient_but_not_mae():
    data = line_data(3)
    mse_share = outlier_share(slope_contributions("mse", data, 0.0, 0.0), data.is_outlier)
    mae_share = outlier_share(slope_contributions("mae", data, 0.0, 0.0), data.is_outlier)
    # MAE: every point gives −x/n, so the share is the outliers' part of the sum of x.
    assert mae_share == pytest.approx(data.x[data.is_outlier].sum() / data.x.sum() * 100)
    assert mse_share > 2 * mae_share


def test_a_huge_learning_rate_is_caught_before_overflow():
    data = line_data(3)
    fit = fit_line("mse", data, learning_rate=1.0, steps=2000)
    assert fit.diverged and fit.steps_run < 20
    assert np.all(np.isfinite(fit.costs)) and np.all(np.isfinite(fit.slopes))
    assert fit.costs[-1] <= DIVERGENCE_FACTOR * fit.costs[0]
    assert fit_progress(fit, fit) == "diverged"


def test_the_stable_learning_rate_is_where_mse_starts_to_diverge():
    data = line_data(3)
    limit = largest_stable_learning_rate(data.x)
    below = fit_line("mse", data, learning_rate=0.95 * limit, steps=2000)
    above = fit_line("mse", data, learning_rate=1.05 * limit, steps=2000)
    assert not below.diverged and below.costs[-1] < below.costs[0]
    assert above.diverged


@pytest.mark.parametrize("name", ["mae", "huber"])
def test_bounded_gradients_never_diverge(name):
    fit = fit_line(name, line_data(3), learning_rate=1.0, steps=2000)
    assert not fit.diverged
    assert fit.steps_run == 2000


def progress(name, data, rate, steps):
    fit = fit_line(name, data, learning_rate=rate, steps=steps)
    return fit_progress(fit, carry_on(name, data, fit, learning_rate=rate))


def test_progress_says_how_a_run_ended():
    data = line_data(3)
    assert {progress(name, data, RATE, STEPS) for name in LINE_LOSSES} == {"settled"}
    assert progress("mse", data, RATE, 10) == "moving"
    assert progress("mae", line_data(0), 0.5, 500) == "bouncing"
    # Five far-right outliers: MAE's cost flattens early but its slope keeps creeping.
    assert progress("mae", line_data(5, far_right=True), 0.01, 500) == "moving"


def test_sigmoid_never_overflows():
    z = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])
    p = sigmoid(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, [0.0, 1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-1)), 1.0])


def test_bce_logit_gradient_is_p_minus_y_and_focal_matches_finite_differences():
    data, h = class_data(2), 1e-6
    z = 0.8 * data.x - 0.2
    np.testing.assert_allclose(classifier_logit_grad("bce", data.y, z), sigmoid(z) - data.y, atol=1e-9)
    for gamma in (0.5, 2.0):
        numeric = (focal(data.y, sigmoid(z + h), gamma=gamma, reduction="none")
                   - focal(data.y, sigmoid(z - h), gamma=gamma, reduction="none")) / (2 * h)
        np.testing.assert_allclose(classifier_logit_grad("focal", data.y, z, gamma=gamma), numeric, rtol=1e-5,
                                   atol=1e-9)


def classifier(name, mislabelled, gamma=2.0):
    return fit_classifier(name, class_data(mislabelled), learning_rate=0.5, steps=500, gamma=gamma)


def test_focal_with_gamma_zero_trains_exactly_like_bce():
    bce, focal_0 = classifier("bce", 2), classifier("focal", 2, gamma=0.0)
    np.testing.assert_allclose(focal_0.slopes, bce.slopes)
    np.testing.assert_allclose(focal_0.costs, bce.costs)
    assert bce.costs[0] == pytest.approx(binary_cross_entropy(np.zeros(1), [0.5]))  # ln 2 at w = b = 0


@pytest.mark.parametrize("mislabelled", [1, 2, 3, 4])
def test_mislabelled_points_move_the_boundary_and_focal_does_not_resist(mislabelled):
    def boundary(fit):
        return decision_boundary(fit.slope, fit.intercept)

    clean, clean_focal = classifier("bce", 0), classifier("focal", 0)
    assert abs(boundary(clean)) < 0.1 and abs(boundary(clean_focal)) < 0.1  # symmetric classes
    bce, foc = classifier("bce", mislabelled), classifier("focal", mislabelled)
    bce_shift = boundary(bce) - boundary(clean)
    focal_shift = boundary(foc) - boundary(clean_focal)
    assert bce_shift > 0.15 * mislabelled  # towards the mislabelled points, on the right
    assert focal_shift >= bce_shift  # focal keeps the hardest points, wrong labels included
    assert bce.slope < clean.slope  # and the classifier grows less sure


def test_no_boundary_without_a_slope():
    assert decision_boundary(0.0, 1.0) is None
    assert decision_boundary(2.0, -1.0) == pytest.approx(0.5)
