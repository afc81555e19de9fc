"""What the tests of scratchnn.exercises share: assertions and the reference table."""

import scratchnn as snn
from scratchnn import exercises as ex
from scratchnn.exercises import CheckResult
from scratchnn.preprocessing import one_hot


def _backprop(X, Y, params, hidden):
    AL, caches = snn.forward_prop(X, params, hidden)
    return snn.backprop(AL, Y, caches, hidden)


REFERENCES = {
    ex.check_init_params: snn.init_params,
    ex.check_sigmoid: snn.sigmoid,
    ex.check_sigmoid_backward: snn.sigmoid_backward,
    ex.check_linear_forward: snn.linear_forward,
    ex.check_forward_prop: snn.forward_prop,
    ex.check_cost_function: snn.cost_function,
    ex.check_one_layer_backward: snn.one_layer_backward,
    ex.check_backprop: snn.backprop,
    ex.check_update_parameters: snn.update_parameters,
    ex.check_model: snn.model,
    ex.check_relu: snn.relu,
    ex.check_relu_backward: snn.relu_backward,
    ex.check_tanh_backward: snn.tanh_backward,
    ex.check_leaky_relu: snn.leaky_relu,
    ex.check_softmax: snn.softmax,
    ex.check_categorical_cross_entropy: snn.categorical_cross_entropy,
    ex.check_gradient_check: snn.gradient_check,
    ex.check_random_mini_batches: snn.random_mini_batches,
    ex.check_update_parameters_with_momentum: snn.update_parameters_with_momentum,
    ex.check_update_parameters_with_adam: snn.update_parameters_with_adam,
    ex.check_l2_penalty: snn.l2_penalty,
    ex.check_dropout_mask: snn.dropout_mask,
    ex.check_forward_prop_with_dropout: lambda X, params, keep_prob, seed: (
        snn.forward_prop(X, params, keep_prob=keep_prob, seed=seed)
    ),
    ex.check_one_layer_backward_with_dropout: snn.one_layer_backward,
    ex.check_one_hot: one_hot,
    ex.check_loop_dW: lambda dZ, A_prev: dZ @ A_prev.T / dZ.shape[1],
    ex.check_torch_forward: lambda X, params, hidden: snn.forward_prop(
        X, params, hidden
    )[0],
    ex.check_torch_gradients: lambda X, Y, params, hidden: {
        k: v for k, v in _backprop(X, Y, params, hidden).items() if k[1] in "Wb"
    },
}


def hints(result: CheckResult) -> str:
    """Every failed case's hint, joined, to search for a mistake's name."""
    return " | ".join(case.hint for case in result.cases if not case.passed)


def fails_with(checker, fn, *words, where=hints):
    """Assert that ``checker`` rejects ``fn`` with hints naming ``words``."""
    result = checker(fn)
    assert not result
    assert not result.passed
    for word in words:
        assert word in where(result), (word, result.cases)
    return result


def messages(result: CheckResult) -> str:
    """Every failed case's message, joined."""
    return " | ".join(case.message for case in result.cases if not case.passed)


def fails_saying(checker, fn, *words):
    """Assert that ``checker`` rejects ``fn`` with messages saying ``words``."""
    return fails_with(checker, fn, *words, where=messages)
