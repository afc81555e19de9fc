"""scratchnn: a fully connected neural network built with numpy alone.

The companion package of the book *Building a Neural Network from scratch in
Python*. Each module is one step of the algorithm and one chapter of the
book; every public name is also importable from ``scratchnn`` itself:

>>> import scratchnn as snn
>>> params = snn.init_params([2, 4, 1], seed=0)
"""

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
from .backprop import backprop, linear_backward, one_layer_backward
from .cost import categorical_cross_entropy, cost_function
from .forward import forward_prop, linear_forward
from .gradcheck import gradient_check, params_to_vector, vector_to_params
from .init import init_params
from .model import model, predict, predict_proba
from .optimizers import (
    OPTIMIZERS,
    decayed_learning_rate,
    initialize_adam,
    initialize_velocity,
    random_mini_batches,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from .regularization import dropout_mask, l2_penalty
from .saving import load_params, save_params
from .update import update_parameters

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "OPTIMIZERS",
    "__version__",
    "backprop",
    "categorical_cross_entropy",
    "cost_function",
    "decayed_learning_rate",
    "dropout_mask",
    "forward_prop",
    "gradient_check",
    "init_params",
    "initialize_adam",
    "initialize_velocity",
    "l2_penalty",
    "leaky_relu",
    "leaky_relu_backward",
    "linear_backward",
    "linear_forward",
    "load_params",
    "model",
    "one_layer_backward",
    "params_to_vector",
    "predict",
    "predict_proba",
    "random_mini_batches",
    "relu",
    "relu_backward",
    "save_params",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "tanh",
    "tanh_backward",
    "update_parameters",
    "update_parameters_with_adam",
    "update_parameters_with_momentum",
    "vector_to_params",
]
