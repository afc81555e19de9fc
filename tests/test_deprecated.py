"""The 0.2.0 options of part 1's steps: their replacements give what they
gave, and the deprecated aliases still take them, warn, and agree.

``GOLDEN`` holds what scratchnn 0.2.0 returned for these calls, recorded
with 0.2.0 before its options left the steps (the script is in the commit
that added this file): the composed steps of part 2 must give the same
numbers, to 1e-12.
"""

import importlib
import inspect
import warnings

import numpy as np
import pytest

import scratchnn as snn

# The modules themselves: scratchnn.backprop, the name, is the function.
backprop_module = importlib.import_module("scratchnn.backprop")
cost_module = importlib.import_module("scratchnn.cost")
forward_module = importlib.import_module("scratchnn.forward")
init_module = importlib.import_module("scratchnn.init")
optim = importlib.import_module("scratchnn.optimizers")
update_module = importlib.import_module("scratchnn.update")

GOLDEN = {
    "dropout_AL": [
        [
            0.475614599077511,
            0.49226258969803693,
            0.48559859287586365,
            0.4763999760764924,
            0.5256041403543872,
        ]
    ],
    "dropout_D": [
        [
            [1.25, 1.25, 0.0, 1.25, 1.25],
            [1.25, 1.25, 1.25, 1.25, 1.25],
            [1.25, 1.25, 1.25, 1.25, 1.25],
            [0.0, 1.25, 1.25, 1.25, 1.25],
        ],
        [
            [1.25, 0.0, 1.25, 1.25, 0.0],
            [1.25, 1.25, 1.25, 1.25, 1.25],
            [1.25, 1.25, 1.25, 0.0, 1.25],
        ],
    ],
    "dropout_grads": {
        "dA0": [
            [
                -0.16935653865582462,
                -0.0008939925590114,
                -0.21752171436842313,
                0.03289320001166799,
                0.0046192490928738,
            ],
            [
                0.0287891601382128,
                -0.03146537848180331,
                0.19780420172126853,
                -0.08507880210539283,
                -0.03840508086386786,
            ],
            [
                -0.0145105760879609,
                -0.08341474844925778,
                0.09184666310089608,
                -0.02524973196579748,
                -0.09861607572474256,
            ],
        ],
        "dA1": [
            [
                0.4268834297674178,
                0.3387111820088201,
                0.4332532034071894,
                0.09486639241810768,
                0.3970286612402328,
            ],
            [
                0.12162689550332723,
                0.00926645934268049,
                0.1208887513097848,
                0.07046117917084017,
                -0.00534129730955286,
            ],
            [
                0.05503069516236302,
                0.12510121307522704,
                0.05762166303301974,
                -0.05872993928808803,
                0.14469818892515837,
            ],
            [
                0.04206683751457214,
                0.05970662713711188,
                0.0423640926982342,
                -0.05834968995412356,
                0.04424302051690753,
            ],
        ],
        "dA2": [
            [
                -0.2775501856523332,
                -0.2872653056180099,
                -0.28337645620344576,
                -0.27800850112939623,
                -0.3067221380881557,
            ],
            [
                0.21505853861701943,
                0.22258625652287087,
                0.21957299868615868,
                0.21541366234533213,
                0.23766229744610473,
            ],
            [
                0.5647628130149949,
                0.5845312684663869,
                0.5766181859022408,
                0.5656953994496465,
                0.6241222902211534,
            ],
        ],
        "dW1": [
            [0.1639773562184359, 0.03933054265249323, -0.00218629309725754],
            [0.01818623486604679, 0.0291381384843373, -0.01859441724206584],
            [0.08174271187975542, 0.00487711297997858, -0.00969264707173651],
            [0.03399349597782055, -0.0001928618606195, -0.00521835270923767],
        ],
        "dW2": [
            [
                0.0249148509522106,
                -0.04455718856682433,
                -0.04629778449564599,
                -0.07284709499929967,
            ],
            [
                -0.00207176989678307,
                -0.07854408466952587,
                0.00856515059662173,
                0.01799117442411628,
            ],
            [
                0.02664570698924614,
                -0.37794591887157386,
                -0.03515484333015364,
                -0.04588799780057869,
            ],
        ],
        "dW3": [[-0.01458211626418291, 0.0361381182619505, -0.03453235074674742]],
        "db1": [
            [0.3094125882258217],
            [0.05843799265731699],
            [0.07928690587751683],
            [0.02049902113090708],
        ],
        "db2": [[-0.19883379164475912], [0.22942733420911565], [0.5773403811709675]],
        "db3": [[0.49109597961645823]],
    },
    "dropout_l2_grads": {
        "dA0": [
            [
                -0.16935653865582462,
                -0.0008939925590114,
                -0.21752171436842313,
                0.03289320001166799,
                0.0046192490928738,
            ],
            [
                0.0287891601382128,
                -0.03146537848180331,
                0.19780420172126853,
                -0.08507880210539283,
                -0.03840508086386786,
            ],
            [
                -0.0145105760879609,
                -0.08341474844925778,
                0.09184666310089608,
                -0.02524973196579748,
                -0.09861607572474256,
            ],
        ],
        "dA1": [
            [
                0.4268834297674178,
                0.3387111820088201,
                0.4332532034071894,
                0.09486639241810768,
                0.3970286612402328,
            ],
            [
                0.12162689550332723,
                0.00926645934268049,
                0.1208887513097848,
                0.07046117917084017,
                -0.00534129730955286,
            ],
            [
                0.05503069516236302,
                0.12510121307522704,
                0.05762166303301974,
                -0.05872993928808803,
                0.14469818892515837,
            ],
            [
                0.04206683751457214,
                0.05970662713711188,
                0.0423640926982342,
                -0.05834968995412356,
                0.04424302051690753,
            ],
        ],
        "dA2": [
            [
                -0.2775501856523332,
                -0.2872653056180099,
                -0.28337645620344576,
                -0.27800850112939623,
                -0.3067221380881557,
            ],
            [
                0.21505853861701943,
                0.22258625652287087,
                0.21957299868615868,
                0.21541366234533213,
                0.23766229744610473,
            ],
            [
                0.5647628130149949,
                0.5845312684663869,
                0.5766181859022408,
                0.5656953994496465,
                0.6241222902211534,
            ],
        ],
        "dW1": [
            [0.17925835914019467, -0.00292271082453813, -0.03557382181301978],
            [-0.17915522421582686, 0.17460675434704304, 0.07388740914849294],
            [0.0554390971345028, 0.06742315474068748, 0.01303734075519698],
            [-0.01077147093916987, 0.07882297448758913, -0.0303203395229544],
        ],
        "dW2": [
            [
                0.00189717766815321,
                -0.1000074614419472,
                -0.01445071950878611,
                -0.07979095861951682,
            ],
            [
                0.03609844008074465,
                -0.12104708366047046,
                0.01744309989445262,
                -0.04446800861596904,
            ],
            [
                0.08554825505515615,
                -0.36478346278292584,
                -0.01201487276068081,
                -0.0171527238926603,
            ],
        ],
        "dW3": [[-0.09628067233603745, 0.09944188451466804, 0.13170895886707654]],
        "db1": [
            [0.3094125882258217],
            [0.05843799265731699],
            [0.07928690587751683],
            [0.02049902113090708],
        ],
        "db2": [[-0.19883379164475912], [0.22942733420911565], [0.5773403811709675]],
        "db3": [[0.49109597961645823]],
    },
    "init_f32_W1": [
        [0.00071022938936949, 0.17248082160949707, -0.15827356278896332],
        [-0.5141834616661072, -0.26250430941581726, -0.5725274085998535],
    ],
    "l2_cost": 1.1787055340761725,
    "l2_grads": {
        "dA0": [
            [
                -0.12284042014519748,
                -0.01739252242869382,
                -0.10506586368066878,
                0.00618672976266101,
                -0.02088178688315822,
            ],
            [
                0.03893313471421504,
                -0.03103140874383666,
                0.0231676528280202,
                -0.05289510171611073,
                -0.02918915105005096,
            ],
            [
                -0.01526377526466462,
                -0.05564642296907658,
                -0.02391231730113188,
                -0.07698781646177426,
                -0.06128238601902266,
            ],
        ],
        "dA1": [
            [
                0.34945216248566685,
                0.30209305718108376,
                0.3554679347163105,
                0.3538358853946294,
                0.33195785758039287,
            ],
            [
                0.10023053510151247,
                0.09867755685720311,
                0.10016685126298756,
                0.1182375574494565,
                0.09410744794792184,
            ],
            [
                0.04491122965939472,
                0.04018708726339114,
                0.04645362661303555,
                0.04762994631893441,
                0.04752150716991219,
            ],
            [
                0.03510327796515572,
                0.04931711005506152,
                0.03463059172474952,
                0.06242023662585038,
                0.04054789676409306,
            ],
        ],
        "dA2": [
            [
                -0.2840762478832344,
                -0.26629863005455917,
                -0.29015387179661967,
                -0.31244876434840213,
                -0.27725733010831505,
            ],
            [
                0.22011522918634005,
                0.20634032033034008,
                0.2248244493009096,
                0.24209954857544513,
                0.21483162078889975,
            ],
            [
                0.5780421313291663,
                0.5418679978836037,
                0.5904089613844349,
                0.6357749055787002,
                0.5641669066550046,
            ],
        ],
        "dW1": [
            [0.08258736953020197, 0.04178621267135528, -0.09369320684791876],
            [-0.17803858554065524, 0.16421836132632775, 0.07987723790726471],
            [-0.01646628433824703, 0.07367934513006162, 0.01432137795861535],
            [-0.03858930781482948, 0.08758209652604818, -0.03111441430803865],
        ],
        "dW2": [
            [
                -0.01942843365225842,
                -0.00507413519255641,
                0.0191756968170858,
                -0.03650527498425852,
            ],
            [
                0.03656820983761774,
                -0.08480317522442993,
                0.01732757740467997,
                -0.04080501660701356,
            ],
            [
                0.05190574656219955,
                -0.09500633011298713,
                0.04908442839750415,
                0.09023708496212834,
            ],
        ],
        "dW3": [[-0.04276616485819973, 0.06878342001296918, 0.1693885206346362]],
        "db1": [
            [0.33268430557394224],
            [0.04874203582670535],
            [0.04301737173220238],
            [0.03603802904471333],
        ],
        "db2": [[-0.27109624557350326], [0.1941890117910773], [0.5729183892643449]],
        "db3": [[0.49017482759585573]],
    },
    "model_adam_W1": [
        [0.5179945240694943, -0.7008206522820235],
        [0.36676446513024824, -0.4689347400323232],
        [0.04016934470086958, -0.0316623004908873],
        [0.2453485489269466, -0.3157074420049287],
        [0.2515049417373907, -0.9405100891179662],
    ],
    "model_adam_costs": [
        0.7888232816933404,
        0.7155914636782602,
        0.6678555729232638,
        0.6009287873322313,
        0.5842430397456634,
        0.5600794387719222,
        0.49284516661897737,
    ],
    "model_f32_W2": [
        [
            0.01587239280343056,
            0.42164584994316107,
            -0.3763446509838104,
            -0.15230907499790192,
            -0.2772524058818817,
        ]
    ],
    "model_f32_costs": [
        0.7217610478401184,
        0.7083660960197449,
        0.696277916431427,
        0.6852415800094604,
        0.6751310229301453,
    ],
    "model_gd_W1": [
        [0.13674360854957454, -0.12161140968540488],
        [0.4245497090511301, 0.08595878126747399],
        [-0.30830487406380075, 0.19960682345207653],
        [0.8916322686421895, 0.6527233510019477],
        [-0.4344404319242434, -0.8973870681545932],
    ],
    "model_gd_costs": [
        0.8370385671969457,
        0.8097667064346721,
        0.8198345957528094,
        0.7999170419620216,
        0.7893337615982844,
        0.7876616853318938,
        0.7892096099023926,
    ],
    "model_momentum_W1": [
        [0.12247082607603942, -0.11296023009262061],
        [0.4311115456574908, 0.08525956637054727],
        [-0.3299158073865498, 0.21531950792257465],
        [0.9011705391168563, 0.6593340477243875],
        [-0.4553319910292675, -0.8965414364739966],
    ],
    "model_momentum_costs": [
        0.8405263576074125,
        0.8190276247235352,
        0.8336742183837667,
        0.8159215003593376,
        0.8041912453559458,
        0.8009985501846505,
        0.8048311558242327,
    ],
    "softmax_dropout_AL": [
        [
            0.3333333333333333,
            0.6575551978733067,
            0.18432124466328909,
            0.42349860628904634,
            0.3333333333333333,
        ],
        [
            0.3333333333333333,
            0.2410352037465612,
            0.33447026203155455,
            0.24366835257653224,
            0.3333333333333333,
        ],
        [
            0.3333333333333333,
            0.1014095983801322,
            0.48120849330515647,
            0.3328330411344215,
            0.3333333333333333,
        ],
    ],
    "softmax_dropout_l2_grads": {
        "dA0": [
            [0.0, 0.5413133451787902, -0.03818485399129569, -0.03298002890335385, 0.0],
            [0.0, -0.7968151563054349, 0.00910313245303571, -0.00884053324094862, 0.0],
            [0.0, 1.0339703028772553, -0.09849556869560729, 0.08418289371284852, 0.0],
        ],
        "dA1": [
            [
                -0.5342034336385226,
                0.1681024853204608,
                0.5087367842465078,
                0.05258410041327811,
                -0.5342034336385226,
            ],
            [
                -0.09855102470524255,
                0.6025757938750848,
                -0.48127823810729303,
                0.4665180167782827,
                -0.09855102470524255,
            ],
            [
                0.5060863980506013,
                -0.7014797009940551,
                0.06364903314602342,
                -0.4831848088840129,
                0.5060863980506013,
            ],
            [
                -0.9160272437756507,
                0.6839623098385529,
                0.4741805517739013,
                0.406434741733507,
                -0.9160272437756507,
            ],
        ],
        "dW1": [
            [-0.04542049141860428, 0.00033785261760381, 0.05477759863602057],
            [0.18786261620887793, -0.1647113442162072, 0.10963175761838483],
            [-0.01458675071648671, 0.01747794882282662, -0.07133412253781328],
            [0.19569383790327852, -0.114264757503058, 0.1792249791840759],
        ],
        "dW2": [
            [
                0.05144470039050043,
                0.19502220987334404,
                -0.00702530533994066,
                0.18573470226595756,
            ],
            [
                -0.03333527478258248,
                0.09892750123983192,
                -0.14626695363144368,
                0.01689102340293318,
            ],
            [
                -0.08576799218038084,
                -0.2657396960073318,
                0.11000730897371162,
                -0.16476500832334537,
            ],
        ],
        "db1": [
            [0.0175280334710927],
            [0.2008585979583616],
            [0.02121634438200781],
            [0.22798743661285095],
        ],
        "db2": [[-0.01359165690153831], [0.09716809700426295], [-0.08357644010272462]],
    },
    "softmax_l2_cost": 1.3942299375466272,
}


def close(got, expected, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=rtol,
                               atol=1e-15)  # fmt: skip


# A float32 run's last bits depend on numpy's casting rules: numpy 1 computes
# some intermediates in float64 (value-based casting), numpy 2 in float32
# (NEP 50); five float32 steps agree to a few units of float32's 1.2e-7.
FLOAT32 = 1e-6


def grads_close(grads, expected):
    assert sorted(grads) == sorted(expected)
    for key, value in expected.items():
        close(grads[key], value)


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 5))
    Y = (rng.random((1, 5)) > 0.5).astype(float)
    return X, Y, snn.init_params([3, 4, 3, 1], seed=2)


@pytest.fixture
def softmax_data():
    X = np.random.default_rng(1).standard_normal((3, 5))
    Y = snn.one_hot(np.array([0, 2, 1, 2, 0]), 3)
    return X, Y, snn.init_params([3, 4, 3], seed=4)


def old(call, *args, **kwargs):
    """An old call: it must warn that it is deprecated, naming its option."""
    with pytest.warns(DeprecationWarning, match="deprecated since scratchnn 0.3.0"):
        return call(*args, **kwargs)


# --- the replacements give 0.2.0's numbers


def test_forward_prop_with_dropout_gives_0_2_0s_masks_and_output(data):
    X, Y, params = data
    AL, caches = snn.forward_prop_with_dropout(
        X, params, "tanh", "sigmoid", keep_prob=0.8, seed=3
    )
    close(AL, GOLDEN["dropout_AL"])
    for cache, D in zip(caches[:-1], GOLDEN["dropout_D"], strict=True):
        close(cache[2], D)
    assert len(caches[-1]) == 2  # the output layer is never dropped


def test_backprop_with_dropout_gives_0_2_0s_gradients(data):
    X, Y, params = data
    AL, caches = snn.forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=3)
    grads_close(
        snn.backprop_with_dropout(AL, Y, caches, "tanh"), GOLDEN["dropout_grads"]
    )


def test_backprop_with_l2_gives_0_2_0s_gradients(data):
    X, Y, params = data
    AL, caches = snn.forward_prop(X, params, "tanh")
    grads = snn.backprop_with_l2(AL, Y, caches, params, 0.7, "tanh")
    expected = {k: v for k, v in GOLDEN["l2_grads"].items() if k != "dA0"}
    grads_close(grads, expected)  # backprop has no dA0 since 0.3.0


def test_l2_and_dropout_together_give_0_2_0s_gradients(data):
    X, Y, params = data
    AL, caches = snn.forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=3)
    grads = snn.backprop_with_l2(
        AL, Y, caches, params, 0.7, "tanh", backward=snn.backprop_with_dropout
    )
    grads_close(grads, GOLDEN["dropout_l2_grads"])


def test_cost_with_l2_gives_0_2_0s_costs(data, softmax_data):
    X, Y, params = data
    AL, _ = snn.forward_prop(X, params, "tanh")
    close(snn.cost_with_l2(AL, Y, params, 0.7), GOLDEN["l2_cost"])
    X, Y, params = softmax_data
    AL, _ = snn.forward_prop(X, params, "relu", "softmax")
    close(snn.cost_with_l2(AL, Y, params, 0.3, "softmax"), GOLDEN["softmax_l2_cost"])


def test_softmax_dropout_and_l2_give_0_2_0s_numbers(softmax_data):
    X, Y, params = softmax_data
    AL, caches = snn.forward_prop_with_dropout(
        X, params, "relu", "softmax", keep_prob=0.6, seed=5
    )
    close(AL, GOLDEN["softmax_dropout_AL"])
    grads = snn.backprop_with_l2(
        AL,
        Y,
        caches,
        params,
        0.3,
        "relu",
        "softmax",
        backward=snn.backprop_with_dropout,
    )
    grads_close(grads, GOLDEN["softmax_dropout_l2_grads"])


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_model_with_dropout_l2_and_each_optimiser_trains_as_0_2_0(optimizer):
    """model now picks the composed steps; the same seed trains the same net."""
    X, Y = snn.make_moons(60, noise=0.2, seed=0)
    params, costs = snn.model(
        X, Y, [2, 5, 4, 1], learning_rate=0.05, num_iterations=7, seed=0,
        hidden_activation="tanh", optimizer=optimizer, batch_size=16, lambd=0.4,
        keep_prob=0.7, decay_rate=0.1,
    )  # fmt: skip
    close(costs, GOLDEN[f"model_{optimizer}_costs"])
    close(params["W1"], GOLDEN[f"model_{optimizer}_W1"])


def test_model_in_float32_trains_as_0_2_0():
    X, Y = snn.make_moons(60, noise=0.2, seed=0)
    params, costs = snn.model(
        X, Y, [2, 5, 1], num_iterations=5, seed=1, dtype=np.float32,
        hidden_activation="relu", init="he",
    )  # fmt: skip
    assert params["W2"].dtype == np.float32
    close(costs, GOLDEN["model_f32_costs"], rtol=FLOAT32)
    close(params["W2"], GOLDEN["model_f32_W2"], rtol=FLOAT32)


def test_convert_params_gives_0_2_0s_float32_weights():
    params = snn.convert_params(snn.init_params([3, 2, 1], seed=7), np.float32)
    assert {P.dtype for P in params.values()} == {np.dtype(np.float32)}
    close(params["W1"], GOLDEN["init_f32_W1"])


# --- the old calls still work, warn, and agree with their replacements


def test_forward_prop_keep_prob_and_seed(data):
    X, Y, params = data
    AL, caches = old(snn.forward_prop, X, params, "tanh", "sigmoid", 0.8, 3)
    close(AL, GOLDEN["dropout_AL"])
    new = snn.forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=3)
    assert np.array_equal(AL, new[0])
    # keep_prob=1 is the plain pass, as in 0.2.0: no mask in the caches.
    AL1, caches1 = old(snn.forward_prop, X, params, keep_prob=1.0, seed=0)
    assert np.array_equal(AL1, snn.forward_prop(X, params)[0])
    assert {len(c) for c in caches1} == {2}


def test_cost_lambd_and_params(data, softmax_data):
    X, Y, params = data
    AL, _ = snn.forward_prop(X, params, "tanh")
    cost = old(snn.cost_function, AL, Y, params, lambd=0.7)
    assert cost == snn.cost_with_l2(AL, Y, params, 0.7)
    close(cost, GOLDEN["l2_cost"])
    assert old(snn.cost_function, AL, Y, params) == snn.cost_function(AL, Y)
    with pytest.raises(ValueError, match="lambd > 0 needs the network"):
        old(snn.cost_function, AL, Y, lambd=0.7)
    with pytest.raises(ValueError, match="lambd must be finite and >= 0"):
        old(snn.cost_function, AL, Y, params, lambd=-1)
    X, Y, params = softmax_data
    AL, _ = snn.forward_prop(X, params, "relu", "softmax")
    cost = old(snn.categorical_cross_entropy, AL, Y, params=params, lambd=0.3)
    assert cost == snn.cost_with_l2(AL, Y, params, 0.3, "softmax")


def test_backprop_lambd_compute_dA0_and_masks(data):
    X, Y, params = data
    AL, caches = snn.forward_prop(X, params, "tanh")
    grads = old(snn.backprop, AL, Y, caches, "tanh", "sigmoid", 0.7)
    grads_close(grads, {k: v for k, v in GOLDEN["l2_grads"].items() if k != "dA0"})
    grads = old(snn.backprop, AL, Y, caches, "tanh", lambd=0.7, compute_dA0=True)
    grads_close(grads, GOLDEN["l2_grads"])  # dA0 too, as 0.2.0 gave it
    plain = snn.backprop(AL, Y, caches, "tanh")
    lean = old(snn.backprop, AL, Y, caches, "tanh", compute_dA0=False)
    assert sorted(lean) == sorted(plain) and "dA0" not in plain
    # 0.2.0's backprop took a dropout pass's caches (and gave dA0).
    AL, caches = snn.forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=3)
    grads = old(snn.backprop, AL, Y, caches, "tanh")
    grads_close(grads, GOLDEN["dropout_grads"])
    grads = old(snn.backprop, AL, Y, caches, "tanh", lambd=0.7)
    grads_close(grads, GOLDEN["dropout_l2_grads"])


def test_backprop_compute_dA0_is_one_layer_backwards_dA0(data):
    X, Y, params = data
    AL, caches = snn.forward_prop(X, params, "tanh")
    grads = old(snn.backprop, AL, Y, caches, "tanh", compute_dA0=True)
    dA0, _, _ = snn.one_layer_backward(grads["dA1"], caches[0], "tanh")
    assert np.array_equal(grads["dA0"], dA0)
    # One layer: the output layer is layer 1.
    p1 = snn.init_params([3, 1], seed=0)
    AL, caches = snn.forward_prop(X, p1)
    grads = old(snn.backprop, AL, Y, caches, compute_dA0=True)
    assert np.array_equal(grads["dA0"], snn.linear_backward(AL - Y, caches[0][0])[0])


def test_one_layer_and_linear_backward_options(data):
    X, Y, params = data
    AL, caches = snn.forward_prop_with_dropout(X, params, "tanh", keep_prob=0.8, seed=3)
    dA = np.ones_like(caches[0][1])
    got = old(snn.one_layer_backward, dA, caches[0], "tanh")
    new = snn.one_layer_backward_with_dropout(dA, caches[0], "tanh")
    assert all(np.array_equal(a, b) for a, b in zip(got, new, strict=True))
    dA_prev, dW, db = old(snn.linear_backward, dA, caches[0][0], False)
    assert dA_prev is None
    assert np.array_equal(dW, snn.layer_gradients(dA, X)[0])
    none, _, _ = old(snn.one_layer_backward, dA, caches[0][:2], "tanh", False)
    assert none is None
    with pytest.raises(TypeError, match="compute_dA0"):
        old(snn.backprop, AL, Y, caches, compute_dA0="no")


def test_update_parameters_inplace(data):
    X, Y, params = data
    AL, caches = snn.forward_prop(X, params)
    grads = snn.backprop(AL, Y, caches)
    new = snn.update_parameters(params, grads, 0.1)
    arrays = {key: P for key, P in params.items()}
    written = old(snn.update_parameters, params, grads, 0.1, inplace=True)
    assert all(written[k] is arrays[k] for k in arrays)  # the same arrays
    assert all(np.array_equal(written[k], new[k]) for k in new)
    locked = {k: P.copy() for k, P in params.items()}
    locked["W1"].flags.writeable = False
    with pytest.raises(ValueError, match="W1 is read-only"):
        old(snn.update_parameters, locked, grads, 0.1, inplace=True)


def test_optimisers_inplace(data):
    X, Y, params = data
    AL, caches = snn.forward_prop(X, params)
    grads = snn.backprop(AL, Y, caches)
    v = snn.initialize_velocity(params)
    new, v_new = snn.update_parameters_with_momentum(params, grads, v, 0.1)
    mine = {k: P.copy() for k, P in params.items()}
    written, v_old = old(
        snn.update_parameters_with_momentum, mine, grads, v, 0.1, 0.9, True
    )
    assert all(written[k] is mine[k] and np.array_equal(mine[k], new[k]) for k in new)
    assert all(np.array_equal(v_old[k], v_new[k]) for k in v_new)
    v, s = snn.initialize_adam(params)
    new, _, _ = snn.update_parameters_with_adam(params, grads, v, s, 1, 0.1)
    mine = {k: P.copy() for k, P in params.items()}
    old(snn.update_parameters_with_adam, mine, grads, v, s, 1, 0.1, inplace=True)
    assert all(np.array_equal(mine[k], new[k]) for k in new)


def test_init_params_dtype_and_like():
    params = old(snn.init_params, [3, 2, 1], seed=7, dtype=np.float32)
    close(params["W1"], GOLDEN["init_f32_W1"])
    converted = snn.convert_params(snn.init_params([3, 2, 1], seed=7), np.float32)
    assert all(np.array_equal(params[k], converted[k]) for k in params)
    X = np.ones((3, 2))
    like = old(snn.init_params, [3, 2, 1], seed=7, like=X)
    assert all(np.array_equal(like[k], snn.init_params([3, 2, 1], seed=7)[k])
               for k in like)  # fmt: skip
    with pytest.raises(TypeError, match="dtype must be a floating type"):
        old(snn.init_params, [3, 2, 1], dtype=np.int32)
    with pytest.raises(TypeError, match="like must be an array"):
        old(snn.init_params, [3, 2, 1], like=[1.0])


# --- without an old option nothing warns, and the aliases are the plain steps


ALIASES = {
    "init_params": init_module.init_params,
    "forward_prop": forward_module.forward_prop,
    "cost_function": cost_module.cost_function,
    "categorical_cross_entropy": cost_module.categorical_cross_entropy,
    "backprop": backprop_module.backprop,
    "one_layer_backward": backprop_module.one_layer_backward,
    "linear_backward": backprop_module.linear_backward,
    "update_parameters": update_module.update_parameters,
    "update_parameters_with_momentum": optim.update_parameters_with_momentum,
    "update_parameters_with_adam": optim.update_parameters_with_adam,
}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_an_alias_shows_and_documents_the_plain_step(name):
    alias, plain = getattr(snn, name), ALIASES[name]
    assert alias.__wrapped__ is plain
    assert inspect.signature(alias) == inspect.signature(plain)
    assert alias.__doc__ == plain.__doc__
    assert str(snn.show(alias)) == str(snn.show(plain))


def test_plain_calls_do_not_warn(data):
    X, Y, params = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AL, caches = snn.forward_prop(X, params, "tanh")
        snn.cost_function(AL, Y)
        grads = snn.backprop(AL, Y, caches, "tanh")
        snn.update_parameters(params, grads, 0.1)
        snn.init_params([2, 3, 1], seed=0)
        snn.model(X, Y, [3, 2, 1], num_iterations=2, keep_prob=0.5, lambd=0.1)
