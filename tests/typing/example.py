"""A learner's script, typed: what `mypy --strict` must accept.

tests/test_typing.py runs mypy --strict on it (and on two broken copies of
it), so the package's annotations stay usable from strictly typed code:
every name below has a real type, the figure helpers loaded lazily at run
time included. It is checked, never run by the tests.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

import scratchnn
from scratchnn import Network


def train_by_hand(
    X: NDArray[np.float64], Y: NDArray[np.float64], steps: int
) -> tuple[dict[str, NDArray[np.float64]], list[float]]:
    """The five steps of the book, one iteration at a time."""
    params = scratchnn.init_params([2, 4, 1], seed=0)
    costs: list[float] = []
    for _ in range(steps):
        AL, caches = scratchnn.forward_prop(X, params, "tanh", "sigmoid")
        costs.append(scratchnn.cost_function(AL, Y))
        grads = scratchnn.backprop(AL, Y, caches, "tanh", "sigmoid")
        params = scratchnn.update_parameters(params, grads, learning_rate=0.5)
    return params, costs


def main() -> None:
    X, Y = scratchnn.make_moons(m=200, noise=0.1, seed=0)
    params, costs = train_by_hand(X, Y, steps=10)
    trained, history = scratchnn.model(
        X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=50, seed=0,
        hidden_activation="tanh",
    )  # fmt: skip
    net = Network(trained, hidden_activation="tanh")
    predictions: NDArray[np.float64] = scratchnn.predict(X, net)
    accuracy: float = scratchnn.accuracy(predictions, Y)
    final_cost: float = history[-1]
    ax: Axes = scratchnn.plot_costs(costs + history)
    ax.set_title(f"accuracy {accuracy:.2f}, final cost {final_cost:.4f}")
    plt.close("all")


if __name__ == "__main__":
    main()
