"""Checkers for the functions you write in the book's exercises.

Each chapter's exercises ask you to write one step of the network yourself.
Pass your function to the matching checker: it runs a handful of small cases
against scratchnn's own implementation, prints one line per case (with a
hint that names the likely mistake when a case fails) and returns a
:class:`CheckResult` that is true exactly when every case passed:

>>> import numpy as np
>>> from scratchnn.exercises import check_sigmoid
>>> def my_sigmoid(Z):
...     A = 1 / (1 + np.exp(-Z))
...     return A, Z
>>> result = check_sigmoid(my_sigmoid)  # doctest: +SKIP
✓ sigmoid(0) is 0.5
...
✗ no overflow for Z = -1000, 0, 1000: numpy warned "overflow encountered in exp"
  hint: your sigmoid overflows for large |Z|; see 'What goes wrong' ...
4 of 5 checks passed.

Every checker takes one argument, ``fn``, your function, and returns that
:class:`CheckResult`. Your function must have the same signature and return
the same things as scratchnn's function of the same name
(``sigmoid(Z) -> (A, cache)`` and so on), but only in its simple form: the
checkers never pass the optional arguments of scratchnn's versions (the
activations). The dropout and L2 exercises have checkers of their own, whose
docstrings say how they call your function
(:func:`check_forward_prop_with_dropout`, ``check_backprop(fn, lambd=0.7)``).
An exception in your function is reported as a
failed case, and the other cases still run. So is an array argument changed
in place (``dA *= s``, ``W -= step``), since the caller may still need it:
only :func:`check_update_parameters` lets that pass, with a note.

Used in the exercises of every chapter.
"""

# One module per module of the package, named after it, so that the checker of
# scratchnn.activations.sigmoid is in scratchnn.exercises.activations; all of
# them run on the harness in _harness.py.

from __future__ import annotations

from ._harness import CaseResult, CheckResult
from .activations import (
    check_leaky_relu,
    check_relu,
    check_relu_backward,
    check_sigmoid,
    check_sigmoid_backward,
    check_softmax,
    check_tanh_backward,
)
from .backprop import check_backprop, check_loop_dW, check_one_layer_backward
from .cost import check_categorical_cross_entropy, check_cost_function
from .forward import check_forward_prop, check_linear_forward
from .gradcheck import check_gradient_check
from .init import check_init_params
from .model import check_model
from .optimizers import (
    check_random_mini_batches,
    check_update_parameters_with_adam,
    check_update_parameters_with_momentum,
)
from .preprocessing import check_one_hot
from .regularization import (
    check_dropout_mask,
    check_forward_prop_with_dropout,
    check_l2_penalty,
    check_one_layer_backward_with_dropout,
)
from .update import check_update_parameters

# In the order of the book's chapters, which is the order of the API page.
__all__ = [
    "CheckResult",
    "CaseResult",
    "check_init_params",
    "check_sigmoid",
    "check_sigmoid_backward",
    "check_linear_forward",
    "check_forward_prop",
    "check_cost_function",
    "check_one_layer_backward",
    "check_backprop",
    "check_update_parameters",
    "check_model",
    "check_relu",
    "check_relu_backward",
    "check_leaky_relu",
    "check_tanh_backward",
    "check_gradient_check",
    "check_random_mini_batches",
    "check_update_parameters_with_momentum",
    "check_update_parameters_with_adam",
    "check_l2_penalty",
    "check_dropout_mask",
    "check_forward_prop_with_dropout",
    "check_one_layer_backward_with_dropout",
    "check_softmax",
    "check_categorical_cross_entropy",
    "check_one_hot",
    "check_loop_dW",
]
