"""The hints for the classic mistakes that several checkers recognise.

Each is named by its symptom. A hint that one checker alone gives stands next
to that checker.
"""

_HINT_ONE_OVER_M = (
    "yours is m times too large: average over the m examples, the 1/m of the "
    "formula; m counts the examples, the columns (m = Y.shape[1]), not the rows"
)
_HINT_ORDER = (
    "yours is the transpose of the expected result: a matrix product in the "
    "wrong order (A @ B where B @ A is meant) or a .T in the wrong place"
)
_HINT_Z_NOT_A = (
    "the cache holds Z, not A: recompute the activation from it (s = sigmoid(Z), "
    "t = tanh(Z)) and take the slope from that, s * (1 - s) or 1 - t**2, rather "
    "than treating the cache (or its activation) as A"
)
_HINT_CLIP = (
    "log(0) is -inf: clip AL to [eps, 1 - eps] before taking logs, "
    "e.g. np.clip(AL, 1e-15, 1 - 1e-15)"
)
_HINT_SUBTRACT = (
    "you added the gradient: gradient descent goes downhill, so subtract, "
    "W = W - learning_rate * dW"
)
_HINT_PARAM_SHAPES = (
    "W{l} has shape (layer_dims[l], layer_dims[l-1]), one row per unit of layer "
    "l and one column per input (not transposed), and b{l} (layer_dims[l], 1)"
)
_HINT_SHAPES = (
    "the shapes of a product or a sum do not line up: check the order of each "
    "matrix product (W @ A_prev, not A_prev @ W) and where a transpose (.T) "
    "belongs"
)
_HINT_KEY = (
    "a dictionary key is missing: params has W1, b1, ..., WL, bL with "
    "L = len(params) // 2, and grads has dW1, db1, ..., dWL, dbL"
)
_HINT_RETURN = "did you forget the return statement?"
_HINT_IN_PLACE = (
    "X = X * a and X = X - step make new arrays, but X *= a, X -= step and "
    "X[mask] = 0 change the caller's array, which it may still need (copy "
    "first if you must: X = X.copy())"
)
_HINT_SUM_EXAMPLES = (
    "a row where a column is expected: sum over the examples, the columns, "
    "np.sum(..., axis=1, keepdims=True)"
)
_HINT_KEEP_PROB = (
    "inverted dropout divides the mask by keep_prob, so that the kept units "
    "make up for the dropped ones"
)
_HINT_DROP_SWAPPED = "keep a unit where rng.random(shape) < keep_prob, not >"
