"""scratchnn: a fully connected neural network built with numpy alone.

The companion package of the book *Building a Neural Network from scratch in
Python*. Each module is one step of the algorithm and one chapter of the
book; every public name is also importable from ``scratchnn`` itself:

>>> import scratchnn as snn
>>> params = snn.init_params([2, 4, 1], seed=0)
"""

from typing import TYPE_CHECKING

from ._checks import Limits, limits, set_limits

# The steps of part 1 under their names are the deprecated aliases that still
# take 0.2.0's options (scratchnn._deprecated): the plain steps, shown by
# show() and documented, when called without them.
from ._deprecated import (
    backprop,
    categorical_cross_entropy,
    cost_function,
    forward_prop,
    init_params,
    linear_backward,
    one_layer_backward,
    update_parameters,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from .activations import (
    ACTIVATIONS,
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
    tanh,
    tanh_backward,
)
from .backprop import layer_gradients
from .datasets import (
    load_breast_cancer,
    load_digits,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
)
from .devices import convert_params
from .forward import linear_forward
from .gradcheck import gradient_check, params_to_vector, vector_to_params
from .listing import show
from .metrics import accuracy, confusion_matrix
from .model import model, predict, predict_proba
from .network import Network
from .optimizers import (
    OPTIMIZERS,
    decayed_learning_rate,
    initialize_adam,
    initialize_velocity,
    random_mini_batches,
    write_into,
)
from .preprocessing import from_one_hot, one_hot, standardize, train_test_split
from .regularization import (
    backprop_with_dropout,
    backprop_with_l2,
    cost_with_l2,
    dropout_mask,
    forward_prop_with_dropout,
    l2_penalty,
    one_layer_backward_with_dropout,
)
from .saving import load_params, save_params
from .versions import show_versions

__version__ = "0.3.0"

# What the lazy __getattr__ below serves, declared for type checkers (never
# imported at run time): mypy and the editors see the real functions, and a
# typo such as scratchnn.plot_cots is an error. (`name as name`: a re-export
# that strict checkers accept; they do not follow *_FIGURES in __all__.)
if TYPE_CHECKING:
    from .figures import FIGSIZE as FIGSIZE
    from .figures import PALETTE as PALETTE
    from .figures import draw_network as draw_network
    from .figures import new_figure as new_figure
    from .figures import plot_activation as plot_activation
    from .figures import plot_confusion_matrix as plot_confusion_matrix
    from .figures import plot_costs as plot_costs
    from .figures import plot_decision_boundary as plot_decision_boundary
    from .figures import plot_digits as plot_digits

# The figure helpers of scratchnn.figures load on first use: importing
# matplotlib.pyplot costs a noticeable fraction of a second that a training
# script need not pay.
_FIGURES = (
    "FIGSIZE",
    "PALETTE",
    "draw_network",
    "new_figure",
    "plot_activation",
    "plot_confusion_matrix",
    "plot_costs",
    "plot_decision_boundary",
    "plot_digits",
)


# Hidden from type checkers: a module-level __getattr__ would make every
# unknown name (a typo) valid for them; they read the imports above instead.
if not TYPE_CHECKING:

    def __getattr__(name: str):
        if name in _FIGURES:
            from . import figures

            return getattr(figures, name)
        raise AttributeError(f"module 'scratchnn' has no attribute {name!r}")


# What dir(scratchnn) and tab completion show: the public names, the lazily
# loaded figure helpers among them, and not the submodules (forward,
# update, ...), which would look like functions.
def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ACTIVATIONS",
    "Limits",
    "Network",
    "OPTIMIZERS",
    "__version__",
    "accuracy",
    "backprop",
    "backprop_with_dropout",
    "backprop_with_l2",
    "categorical_cross_entropy",
    "confusion_matrix",
    "convert_params",
    "cost_function",
    "cost_with_l2",
    "decayed_learning_rate",
    "dropout_mask",
    "forward_prop",
    "forward_prop_with_dropout",
    "from_one_hot",
    "limits",
    "gradient_check",
    "init_params",
    "initialize_adam",
    "initialize_velocity",
    "l2_penalty",
    "leaky_relu",
    "leaky_relu_backward",
    "linear_backward",
    "linear_forward",
    "load_breast_cancer",
    "load_digits",
    "load_params",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_xor",
    "model",
    "one_hot",
    "one_layer_backward",
    "one_layer_backward_with_dropout",
    "layer_gradients",
    "params_to_vector",
    "predict",
    "predict_proba",
    "random_mini_batches",
    "relu",
    "relu_backward",
    "save_params",
    "set_limits",
    "show",
    "show_versions",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "standardize",
    "tanh",
    "tanh_backward",
    "train_test_split",
    "update_parameters",
    "update_parameters_with_adam",
    "update_parameters_with_momentum",
    "vector_to_params",
    "write_into",
    *_FIGURES,
]
