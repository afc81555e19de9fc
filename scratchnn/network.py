"""The parameters of a trained network, which remember how it computes.

Explained in the chapter "Putting it together: the model".
"""

from __future__ import annotations

from collections.abc import Mapping

from numpy.typing import NDArray

from ._checks import (
    recorded_activations,
    validate_params,
    validate_recorded_activations,
)
from .cost import validate_activation_names

__all__ = ["Network"]


class Network(dict):
    """The ``params`` dict that :func:`scratchnn.model` returns.

    Its keys are exactly ``W1, b1, ..., WL, bL``, as for every ``params`` of
    the book, and it works wherever a ``params`` dict does. It also records
    the activations the network was trained with, so that
    :func:`scratchnn.predict`, :func:`scratchnn.predict_proba` and
    :func:`scratchnn.save_params` use them without being told. A plain dict,
    or a copy made with ``dict(network)``, records nothing: the functions then
    use their defaults.

    Parameters
    ----------
    params : dict of str to ndarray
        The weights and biases.
    hidden_activation, output_activation : str, default "sigmoid"
        The activations of layers 1 to L-1 and of layer L.

    Attributes
    ----------
    hidden_activation, output_activation : str
        As given; setting one checks it as the constructor does.

    Raises
    ------
    ValueError
        If ``params`` is not a valid network (keys ``W1, b1, ..., WL, bL``
        with shapes that chain), an activation is unknown, or the output
        activation has no paired cost (only "sigmoid" and "softmax" do).
    TypeError
        If ``params`` is not a dict of float arrays or an activation is not a
        string.

    Notes
    -----
    Explained in the chapter "Putting it together: the model".
    """

    def __init__(
        self,
        params: Mapping[str, NDArray],
        hidden_activation: str = "sigmoid",
        output_activation: str = "sigmoid",
    ) -> None:
        validate_params(params)  # a network's keys, shapes and dtypes
        validate_activation_names(hidden_activation, output_activation)
        super().__init__(params)
        self._hidden, self._output = hidden_activation, output_activation

    @property
    def hidden_activation(self) -> str:
        return self._hidden

    @hidden_activation.setter
    def hidden_activation(self, name: str) -> None:
        validate_activation_names(name, self._output)
        self._hidden = name

    @property
    def output_activation(self) -> str:
        return self._output

    @output_activation.setter
    def output_activation(self, name: str) -> None:
        validate_activation_names(self._hidden, name)
        self._output = name

    def copy(self) -> Network:
        """A shallow copy that keeps the activations (``dict.copy`` would
        return a plain dict, which records nothing)."""
        return Network(self, self._hidden, self._output)

    def __repr__(self) -> str:
        return (
            f"Network({dict.__repr__(self)}, hidden_activation={self._hidden!r}, "
            f"output_activation={self._output!r})"
        )


def resolve_activations(
    recorded: object,
    hidden_activation: str | None,
    output_activation: str | None,
    *,
    who: str,
    whose: str = "the network",
) -> tuple[str, str]:
    """The ``(hidden, output)`` activations to compute with: each one given,
    else the one the network records, else "sigmoid".

    Every function or callback that takes a network (or a recorder of one)
    together with its activations resolves them here, so that all of them
    use what :func:`scratchnn.model` recorded and refuse a contradiction in
    the same words.

    Parameters
    ----------
    recorded : Network, dict or (str or None, str or None)
        What records the activations: a :class:`Network` records them, a
        plain dict records none; or the pair a recorder kept (``Recorder``'s
        ``activations``), None where nothing was recorded.
    hidden_activation, output_activation : str or None
        The ones the caller was given; None leaves the choice to the network.
    who : str
        The function or class that was given them, for the message.
    whose : str, default "the network"
        What records them, for the message.

    Returns
    -------
    (str, str)
        The hidden and the output activation.

    Raises
    ------
    ValueError
        If a given activation is not the one the network records.
    """
    kept = recorded if isinstance(recorded, tuple) else recorded_activations(recorded)
    given = (hidden_activation, output_activation)
    validate_recorded_activations(kept, given, who, whose=whose)
    # Each one given, else the one recorded, else sigmoid ("" is refused
    # later as an unknown name, never taken for "left out").
    hidden = hidden_activation if hidden_activation is not None else kept[0]
    output = output_activation if output_activation is not None else kept[1]
    return (
        "sigmoid" if hidden is None else hidden,
        "sigmoid" if output is None else output,
    )
