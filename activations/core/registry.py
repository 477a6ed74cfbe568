"""One spec per elementwise activation of ``torch.nn``: the single source every page is built from.

Each :class:`ActivationSpec` names the activation, says how to call it through
``torch.nn.functional`` (``fn(x, **params)``), its ``torch.nn`` module, and torch's own backward
kernel for it (what the Training lab trains with), lists its parameters with PyTorch's own names,
defaults and a safe range, and carries the formula of f and f' (LaTeX, for display only) and short
notes in English and Korean. Adding an activation is adding one entry to ``_SPECS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

Lang = str  # "en" or "ko"
Backward = Callable[..., torch.Tensor]  # (grad wrt f(x), x, f(x), **params) -> grad wrt x
aten = torch.ops.aten

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@dataclass(frozen=True)
class Param:
    """A numeric hyperparameter (slider) or a choice among strings (``choices``)."""

    name: str
    default: float | str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    choices: tuple[str, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class ActivationSpec:
    """Everything the app knows about one activation.

    ``fn(x, **params)`` computes the values; gradients come from autograd on it. ``module`` is the
    same function as a ``torch.nn`` module, ``module(**params)`` (``nn.LeakyReLU(negative_slope=0.2)``).
    ``backward(grad, x, y, **params)``, with ``y = fn(x)``, returns ``grad * f'(x)`` from the kernel
    autograd calls for ``fn`` (``aten.threshold_backward`` for ReLU), so its numbers are PyTorch's
    own, conventions at kinks included (ReLU'(0) = 0); it is None where autograd composes f' from
    simpler ops (Softsign, LogSigmoid, Tanhshrink), and for PReLU, whose kernel also returns the
    gradient of its learned slope (see :mod:`activations.training.units`). ``ordered`` lists pairs of
    parameters where the first must stay below the second (Hardtanh's ``min_val < max_val``).
    ``inplace`` names the in-place variant (``torch.relu_``), called as ``inplace_fn(x, **params)``.
    """

    key: str
    label: str
    family: str
    fn: Callable[..., torch.Tensor]
    formula: str
    derivative: str
    call: str
    notes: Mapping[Lang, str]
    module: type[nn.Module]
    backward: Backward | None
    params: tuple[Param, ...] = ()
    ordered: tuple[tuple[str, str], ...] = ()
    inplace: str | None = None
    stochastic: bool = False
    defaults: Mapping[str, float | str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "defaults", {p.name: p.default for p in self.params})

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def __call__(self, x: torch.Tensor, **params: float | str) -> torch.Tensor:
        return self.fn(x, **{**self.defaults, **params})

    @property
    def inplace_fn(self) -> Callable[..., torch.Tensor] | None:
        """The torch callable ``inplace`` names (``torch.relu_``, ``F.leaky_relu_``), or None."""
        if self.inplace is None:
            return None
        namespace, name = self.inplace.split(".", 1)
        return getattr({"torch": torch, "F": F}[namespace], name)


def _prelu(x: torch.Tensor, init: float = 0.25) -> torch.Tensor:
    """PReLU with one learnable slope, initialised to ``init`` (``nn.PReLU(init=...)``)."""
    return F.prelu(x, torch.tensor([init], dtype=x.dtype, device=x.device))


def _rrelu(x: torch.Tensor, lower: float, upper: float, training: bool = False) -> torch.Tensor:
    return F.rrelu(x, lower, upper, training=training)


_DYING = {
    "en": "Dying ReLU: a unit whose input is negative for every example outputs 0 and gets "
    "zero gradient, so its weights never change again.",
    "ko": "죽은 ReLU: 모든 입력에 대해 음수를 받는 뉴런은 항상 0을 출력하고 기울기도 0이라 "
    "가중치가 다시는 업데이트되지 않는다.",
}


def _notes(en: str, ko: str, *, dying: bool = False) -> dict[Lang, str]:
    if dying:
        return {"en": f"{en} {_DYING['en']}", "ko": f"{ko} {_DYING['ko']}"}
    return {"en": en, "ko": ko}


_SPECS: tuple[ActivationSpec, ...] = (
    ActivationSpec(
        key="relu",
        label="ReLU",
        family="relu",
        fn=F.relu,
        module=nn.ReLU,
        backward=lambda g, x, y: aten.threshold_backward(g, y, 0),
        formula=r"\mathrm{ReLU}(x) = \max(0, x)",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        call="F.relu(x)",
        inplace="torch.relu_",
        notes=_notes(
            "The default hidden-layer activation: a compare with zero, no exp, and a gradient of "
            "exactly 1 for positive inputs, so gradients don't vanish through deep stacks. In ATen "
            "it is `clamp_min(x, 0)`; `torch.relu_` is the in-place twin that overwrites its input "
            "to save memory. PyTorch defines ReLU'(0) = 0.",
            "은닉층의 기본 활성화 함수. 0과 비교만 하면 되고 exp가 없으며, 양수 입력에서 기울기가 정확히 "
            "1이라 깊은 망에서도 기울기가 소실되지 않는다. ATen(C++)에서는 `clamp_min(x, 0)`으로 "
            "구현되어 있고, `torch.relu_`는 입력을 직접 덮어써 메모리를 아끼는 in-place 버전이다. "
            "PyTorch는 ReLU'(0) = 0으로 정의한다.",
            dying=True,
        ),
    ),
    ActivationSpec(
        key="relu6",
        label="ReLU6",
        family="relu",
        fn=F.relu6,
        module=nn.ReLU6,
        backward=lambda g, x, y: aten.hardtanh_backward(g, x, 0.0, 6.0),
        formula=r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)",
        derivative=r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        call="F.relu6(x)",
        notes=_notes(
            "ReLU capped at 6 (MobileNet): a bounded output keeps low-precision (int8) inference "
            "accurate. Dead on both sides: no gradient below 0 or above 6.",
            "6에서 잘린 ReLU(MobileNet). 출력이 유한해 저정밀도(int8) 추론에서 정확도를 지키기 좋다. "
            "0 미만과 6 초과 양쪽에서 기울기가 0이다.",
            dying=True,
        ),
    ),
    ActivationSpec(
        key="leaky_relu",
        label="LeakyReLU",
        family="relu",
        fn=F.leaky_relu,
        module=nn.LeakyReLU,
        backward=lambda g, x, y, negative_slope: aten.leaky_relu_backward(g, x, negative_slope, False),
        params=(Param("negative_slope", 0.01, 0.0, 1.0, 0.01),),
        formula=r"\mathrm{LeakyReLU}(x) = \begin{cases} x & x \ge 0 \\ "
        r"\text{negative\_slope} \cdot x & x < 0 \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ \text{negative\_slope} & x \le 0 "
        r"\end{cases}",
        call="F.leaky_relu(x, negative_slope={negative_slope})",
        inplace="F.leaky_relu_",
        notes=_notes(
            "Fixes dying ReLU with a small slope for negative inputs: the gradient is never exactly "
            "zero, so a unit pushed negative can recover.",
            "음수 입력에 작은 기울기를 줘서 죽은 ReLU 문제를 고친다. 기울기가 정확히 0이 되는 일이 "
            "없으므로 음수 쪽으로 밀린 뉴런도 다시 살아날 수 있다.",
        ),
    ),
    ActivationSpec(
        key="prelu",
        label="PReLU",
        family="relu",
        fn=_prelu,
        module=nn.PReLU,
        backward=None,
        params=(Param("init", 0.25, 0.0, 1.0, 0.01),),
        formula=r"\mathrm{PReLU}(x) = \begin{cases} x & x \ge 0 \\ a \cdot x & x < 0 \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        call="F.prelu(x, torch.tensor([{init}]))",
        notes=_notes(
            "LeakyReLU whose negative slope a is learned (He et al. 2015); `init` is its starting "
            "value (PyTorch: 0.25). Don't use weight decay on a, it pulls the slope to 0.",
            "음수 기울기 a를 학습하는 LeakyReLU(He et al. 2015). `init`은 a의 초기값(PyTorch 기본 "
            "0.25)이다. a에 weight decay를 걸면 기울기가 0으로 끌려가므로 피한다.",
        ),
    ),
    ActivationSpec(
        key="rrelu",
        label="RReLU",
        family="relu",
        fn=_rrelu,
        module=nn.RReLU,
        backward=lambda g, x, y, lower, upper: aten.leaky_relu_backward(g, x, (lower + upper) / 2, False),
        params=(
            Param("lower", 1 / 8, 0.0, 1.0, 0.005),
            Param("upper", 1 / 3, 0.0, 1.0, 0.005),
        ),
        ordered=(("lower", "upper"),),
        formula=r"\mathrm{RReLU}(x) = \begin{cases} x & x \ge 0 \\ a \cdot x & x < 0 \end{cases},"
        r"\quad a \sim \mathcal{U}(\text{lower}, \text{upper})",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases},"
        r"\quad a = \tfrac{\text{lower} + \text{upper}}{2} \text{ in eval}",
        call="F.rrelu(x, lower={lower}, upper={upper}, training=False)",
        inplace="F.rrelu_",
        stochastic=True,
        notes=_notes(
            "Randomized LeakyReLU: in training each element draws its negative slope from "
            "U(lower, upper), a built-in regulariser; in eval it uses the mean slope "
            "(lower + upper) / 2.",
            "무작위 LeakyReLU. 학습 모드에서는 원소마다 음수 기울기를 U(lower, upper)에서 뽑아 "
            "정규화 효과를 내고, 평가 모드에서는 평균 기울기 (lower + upper) / 2를 쓴다.",
        ),
    ),
    ActivationSpec(
        key="elu",
        label="ELU",
        family="exponential",
        fn=F.elu,
        module=nn.ELU,
        backward=lambda g, x, y, alpha: aten.elu_backward(g, alpha, 1.0, 1.0, False, x),
        params=(Param("alpha", 1.0, 0.0, 5.0, 0.05),),
        formula=r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 "
        r"\end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        call="F.elu(x, alpha={alpha})",
        inplace="F.elu_",
        notes=_notes(
            "Smooth negative side that saturates at -alpha: mean activations move closer to zero "
            "and units can't die. With alpha = 1 the derivative is continuous at 0.",
            "음수 쪽이 -alpha로 부드럽게 포화한다. 평균 활성값이 0에 가까워지고 뉴런이 죽지 않는다. "
            "alpha = 1이면 0에서 도함수도 연속이다.",
        ),
    ),
    ActivationSpec(
        key="selu",
        label="SELU",
        family="exponential",
        fn=F.selu,
        module=nn.SELU,
        backward=lambda g, x, y: aten.elu_backward(g, SELU_ALPHA, SELU_SCALE, 1.0, False, x),
        formula=r"\mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & "
        r"x \le 0 \end{cases},\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
        derivative=r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 "
        r"\end{cases}",
        call="F.selu(x)",
        inplace="torch.selu_",
        notes=_notes(
            "Scaled ELU with constants chosen so activations self-normalise to mean 0, variance 1 "
            "(Klambauer et al. 2017) with LeCun-normal init and AlphaDropout.",
            "상수를 골라 활성값이 평균 0, 분산 1로 스스로 정규화되도록 만든 ELU(Klambauer et al. "
            "2017). LeCun-normal 초기화, AlphaDropout과 함께 쓴다.",
        ),
    ),
    ActivationSpec(
        key="celu",
        label="CELU",
        family="exponential",
        fn=F.celu,
        module=nn.CELU,
        backward=lambda g, x, y, alpha: aten.elu_backward(g, alpha, 1.0, 1.0 / alpha, False, x),
        params=(Param("alpha", 1.0, 0.05, 5.0, 0.05),),
        formula=r"\mathrm{CELU}(x) = \max(0, x) + \min\!\big(0, \alpha (e^{x/\alpha} - 1)\big)",
        derivative=r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        call="F.celu(x, alpha={alpha})",
        inplace="torch.celu_",
        notes=_notes(
            "Continuously differentiable ELU: the derivative is 1 at 0 for every alpha. alpha = 0 "
            "is not allowed (PyTorch raises).",
            "연속 미분 가능한 ELU. 어떤 alpha에서도 0에서의 도함수가 1이다. alpha = 0은 허용되지 "
            "않는다(PyTorch가 오류를 낸다).",
        ),
    ),
    ActivationSpec(
        key="gelu",
        label="GELU",
        family="smooth",
        fn=F.gelu,
        module=nn.GELU,
        backward=lambda g, x, y, approximate: aten.gelu_backward(g, x, approximate=approximate),
        params=(Param("approximate", "none", choices=("none", "tanh")),),
        formula=r"\mathrm{GELU}(x) = x\,\Phi(x) \approx 0.5x\Big(1 + \tanh\big(\sqrt{2/\pi}"
        r"(x + 0.044715x^3)\big)\Big)",
        derivative=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        call="F.gelu(x, approximate='{approximate}')",
        notes=_notes(
            "x weighted by the probability that a standard normal is below x (Hendrycks & Gimpel "
            "2016); the activation of BERT and GPT. `approximate='tanh'` is the fast form, within "
            "about 5e-4 of the exact one. Slightly negative for x < 0, so it isn't monotonic.",
            "x에 표준정규분포에서 x 이하일 확률을 곱한 함수(Hendrycks & Gimpel 2016)로 BERT와 "
            "GPT의 활성화 함수다. `approximate='tanh'`는 빠른 근사로 정확한 값과 약 5e-4 이내로 "
            "같다. x < 0에서 약간 음수라 단조 함수가 아니다.",
        ),
    ),
    ActivationSpec(
        key="silu",
        label="SiLU",
        family="smooth",
        fn=F.silu,
        module=nn.SiLU,
        backward=lambda g, x, y: aten.silu_backward(g, x),
        formula=r"\mathrm{SiLU}(x) = x\,\sigma(x)",
        derivative=r"f'(x) = \sigma(x)\big(1 + x(1 - \sigma(x))\big)",
        call="F.silu(x)",
        notes=_notes(
            "Also called Swish: a smooth, non-monotonic ReLU (Ramachandran et al. 2017), used in "
            "EfficientNet and LLaMA's SwiGLU.",
            "Swish라고도 부르는 부드럽고 단조롭지 않은 ReLU(Ramachandran et al. 2017). "
            "EfficientNet과 LLaMA의 SwiGLU에 쓰인다.",
        ),
    ),
    ActivationSpec(
        key="mish",
        label="Mish",
        family="smooth",
        fn=F.mish,
        module=nn.Mish,
        backward=lambda g, x, y: aten.mish_backward(g, x),
        formula=r"\mathrm{Mish}(x) = x \tanh\big(\mathrm{softplus}(x)\big)",
        derivative=r"f'(x) = \tanh(s) + x\,\sigma(x)\,(1 - \tanh^2 s),\ s = \mathrm{softplus}(x)",
        call="F.mish(x)",
        notes=_notes(
            "Smooth and non-monotonic like SiLU, with a slightly deeper negative dip (Misra 2019; "
            "YOLOv4). Costs more: softplus and tanh per element.",
            "SiLU처럼 부드럽고 단조롭지 않으며 음수 쪽이 조금 더 깊게 내려간다(Misra 2019, YOLOv4). "
            "원소마다 softplus와 tanh를 계산하므로 더 비싸다.",
        ),
    ),
    ActivationSpec(
        key="softplus",
        label="Softplus",
        family="smooth",
        fn=F.softplus,
        module=nn.Softplus,
        backward=lambda g, x, y, beta, threshold: aten.softplus_backward(g, x, beta, threshold),
        params=(
            Param("beta", 1.0, 0.1, 10.0, 0.1),
            Param("threshold", 20.0, 1.0, 50.0, 1.0),
        ),
        formula=r"\mathrm{Softplus}(x) = \tfrac{1}{\beta}\log\big(1 + e^{\beta x}\big),\ "
        r"\text{linear where } \beta x > \text{threshold}",
        derivative=r"f'(x) = \sigma(\beta x)",
        call="F.softplus(x, beta={beta}, threshold={threshold})",
        notes=_notes(
            "A smooth ReLU, always positive; its derivative is the sigmoid. Above `threshold` "
            "(in units of beta*x) PyTorch returns x itself to avoid overflowing exp.",
            "항상 양수인 부드러운 ReLU로, 도함수가 시그모이드다. beta*x가 `threshold`를 넘으면 "
            "exp 오버플로를 피하려고 PyTorch는 x를 그대로 돌려준다.",
        ),
    ),
    ActivationSpec(
        key="softsign",
        label="Softsign",
        family="sigmoid",
        fn=F.softsign,
        module=nn.Softsign,
        backward=None,
        formula=r"\mathrm{Softsign}(x) = \frac{x}{1 + |x|}",
        derivative=r"f'(x) = \frac{1}{(1 + |x|)^2}",
        call="F.softsign(x)",
        notes=_notes(
            "Like tanh but approaches ±1 polynomially, not exponentially, so it saturates more slowly.",
            "tanh와 비슷하지만 ±1에 지수가 아니라 다항식 속도로 다가가서 더 천천히 포화한다.",
        ),
    ),
    ActivationSpec(
        key="sigmoid",
        label="Sigmoid",
        family="sigmoid",
        fn=torch.sigmoid,
        module=nn.Sigmoid,
        backward=lambda g, x, y: aten.sigmoid_backward(g, y),
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative=r"f'(x) = \sigma(x)\big(1 - \sigma(x)\big) \le \tfrac{1}{4}",
        call="torch.sigmoid(x)",
        notes=_notes(
            "Squashes to (0, 1): a probability for binary outputs (it is a 2-class softmax). As a "
            "hidden activation its gradient is at most 1/4 and vanishes at both ends, and its "
            "outputs are not zero-centred.",
            "값을 (0, 1)로 눌러 이진 출력의 확률로 쓴다(2-클래스 softmax와 같다). 은닉층에서는 "
            "기울기가 최대 1/4이고 양 끝에서 사라지며(기울기 소실), 출력이 0 중심이 아니다.",
        ),
    ),
    ActivationSpec(
        key="hardsigmoid",
        label="Hardsigmoid",
        family="sigmoid",
        fn=F.hardsigmoid,
        module=nn.Hardsigmoid,
        backward=lambda g, x, y: aten.hardsigmoid_backward(g, x),
        formula=r"\mathrm{Hardsigmoid}(x) = \begin{cases} 0 & x \le -3 \\ 1 & x \ge 3 \\ "
        r"x/6 + 1/2 & \text{otherwise} \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
        call="F.hardsigmoid(x)",
        notes=_notes(
            "A piecewise-linear sigmoid for mobile networks (MobileNetV3): no exp, exact zeros "
            "outside [-3, 3].",
            "모바일 신경망(MobileNetV3)용 구간별 선형 시그모이드. exp가 없고 [-3, 3] 밖에서는 "
            "기울기가 정확히 0이다.",
        ),
    ),
    ActivationSpec(
        key="tanh",
        label="Tanh",
        family="sigmoid",
        fn=torch.tanh,
        module=nn.Tanh,
        backward=lambda g, x, y: aten.tanh_backward(g, y),
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1",
        derivative=r"f'(x) = 1 - \tanh^2(x)",
        call="torch.tanh(x)",
        notes=_notes(
            "A zero-centred sigmoid with range (-1, 1) and gradient up to 1; still vanishes for "
            "large |x|. The classic RNN/LSTM activation.",
            "범위가 (-1, 1)인 0 중심 시그모이드로 기울기가 최대 1이지만 |x|가 크면 여전히 소실된다. "
            "RNN/LSTM의 전통적인 활성화 함수다.",
        ),
    ),
    ActivationSpec(
        key="hardtanh",
        label="Hardtanh",
        family="sigmoid",
        fn=F.hardtanh,
        module=nn.Hardtanh,
        backward=lambda g, x, y, min_val, max_val: aten.hardtanh_backward(g, x, min_val, max_val),
        params=(
            Param("min_val", -1.0, -5.0, 5.0, 0.1),
            Param("max_val", 1.0, -5.0, 5.0, 0.1),
        ),
        ordered=(("min_val", "max_val"),),
        formula=r"\mathrm{Hardtanh}(x) = \min(\max(x, \text{min\_val}), \text{max\_val})",
        derivative=r"f'(x) = \begin{cases} 1 & \text{min\_val} < x < \text{max\_val} \\ 0 & "
        r"\text{otherwise} \end{cases}",
        call="F.hardtanh(x, min_val={min_val}, max_val={max_val})",
        inplace="F.hardtanh_",
        notes=_notes(
            "tanh replaced by a clamp: cheap, but the gradient is exactly 0 outside "
            "[min_val, max_val]. ReLU6 is Hardtanh(0, 6).",
            "tanh를 clamp로 바꾼 함수. 싸지만 [min_val, max_val] 밖에서는 기울기가 정확히 0이다. "
            "ReLU6는 Hardtanh(0, 6)이다.",
        ),
    ),
    ActivationSpec(
        key="hardswish",
        label="Hardswish",
        family="smooth",
        fn=F.hardswish,
        module=nn.Hardswish,
        backward=lambda g, x, y: aten.hardswish_backward(g, x),
        formula=r"\mathrm{Hardswish}(x) = \begin{cases} 0 & x \le -3 \\ x & x \ge 3 \\ "
        r"x(x + 3)/6 & \text{otherwise} \end{cases}",
        derivative=r"f'(x) = \begin{cases} 0 & x < -3 \\ 1 & x > 3 \\ (2x + 3)/6 & "
        r"\text{otherwise} \end{cases}",
        call="F.hardswish(x)",
        notes=_notes(
            "SiLU made piecewise polynomial for mobile CPUs (MobileNetV3). Its gradient is exactly "
            "0 below -3, so it can die like ReLU.",
            "모바일 CPU를 위해 SiLU를 구간별 다항식으로 바꾼 함수(MobileNetV3). -3 아래에서 "
            "기울기가 정확히 0이라 ReLU처럼 죽을 수 있다.",
        ),
    ),
    ActivationSpec(
        key="logsigmoid",
        label="LogSigmoid",
        family="sigmoid",
        fn=F.logsigmoid,
        module=nn.LogSigmoid,
        backward=None,
        formula=r"\mathrm{LogSigmoid}(x) = \log \sigma(x) = -\mathrm{softplus}(-x)",
        derivative=r"f'(x) = 1 - \sigma(x)",
        call="F.logsigmoid(x)",
        notes=_notes(
            "The log-probability of the positive class; computed stably (no log of 0). It is the "
            "building block of binary cross-entropy with logits.",
            "양성 클래스의 로그 확률로, log 0 없이 안정적으로 계산된다. 로짓을 받는 이진 교차 "
            "엔트로피의 구성 요소다.",
        ),
    ),
    ActivationSpec(
        key="tanhshrink",
        label="Tanhshrink",
        family="shrink",
        fn=F.tanhshrink,
        module=nn.Tanhshrink,
        backward=None,
        formula=r"\mathrm{Tanhshrink}(x) = x - \tanh(x)",
        derivative=r"f'(x) = \tanh^2(x)",
        call="F.tanhshrink(x)",
        notes=_notes(
            "What is left of x after tanh: nearly flat around 0 (cubic), linear far out. Used in "
            "sparse coding.",
            "x에서 tanh를 뺀 나머지. 0 근처에서는 거의 평평하고(3차) 멀리서는 선형이다. 희소 코딩에 쓰인다.",
        ),
    ),
    ActivationSpec(
        key="softshrink",
        label="Softshrink",
        family="shrink",
        fn=F.softshrink,
        module=nn.Softshrink,
        backward=lambda g, x, y, lambd: aten.softshrink_backward(g, x, lambd),
        params=(Param("lambd", 0.5, 0.0, 5.0, 0.05),),
        formula=r"\mathrm{Softshrink}(x) = \begin{cases} x - \lambda & x > \lambda \\ x + \lambda "
        r"& x < -\lambda \\ 0 & \text{otherwise} \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}",
        call="F.softshrink(x, lambd={lambd})",
        notes=_notes(
            "Soft thresholding, the proximal operator of the L1 norm: small values become exactly 0 "
            "(sparsity), large ones move toward 0 by lambd.",
            "L1 노름의 근접 연산자인 소프트 임계값 함수. 작은 값은 정확히 0이 되고(희소성) 큰 값은 "
            "lambd만큼 0 쪽으로 당겨진다.",
        ),
    ),
    ActivationSpec(
        key="hardshrink",
        label="Hardshrink",
        family="shrink",
        fn=F.hardshrink,
        module=nn.Hardshrink,
        backward=lambda g, x, y, lambd: aten.hardshrink_backward(g, x, lambd),
        params=(Param("lambd", 0.5, 0.0, 5.0, 0.05),),
        formula=r"\mathrm{Hardshrink}(x) = \begin{cases} x & |x| > \lambda \\ 0 & "
        r"\text{otherwise} \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}",
        call="F.hardshrink(x, lambd={lambd})",
        notes=_notes(
            "Hard thresholding: values inside [-lambd, lambd] become 0, the rest pass unchanged. "
            "f itself jumps at ±lambd.",
            "하드 임계값 함수. [-lambd, lambd] 안의 값은 0이 되고 나머지는 그대로 통과한다. "
            "±lambd에서 함수 값 자체가 불연속이다.",
        ),
    ),
    ActivationSpec(
        key="threshold",
        label="Threshold",
        family="relu",
        fn=F.threshold,
        module=nn.Threshold,
        backward=lambda g, x, y, threshold, value: aten.threshold_backward(g, x, threshold),
        params=(
            Param("threshold", 1.0, -5.0, 5.0, 0.1),
            Param("value", 0.0, -5.0, 5.0, 0.1),
        ),
        formula=r"\mathrm{Threshold}(x) = \begin{cases} x & x > \text{threshold} \\ "
        r"\text{value} & \text{otherwise} \end{cases}",
        derivative=r"f'(x) = \begin{cases} 1 & x > \text{threshold} \\ 0 & \text{otherwise} "
        r"\end{cases}",
        call="F.threshold(x, threshold={threshold}, value={value})",
        inplace="F.threshold_",
        notes=_notes(
            "Replaces every x at or below `threshold` with `value`. Threshold(0, 0) is ReLU; any "
            "other pair makes f jump at the threshold.",
            "`threshold` 이하의 x를 모두 `value`로 바꾼다. Threshold(0, 0)이 곧 ReLU이고, 다른 "
            "값이면 임계값에서 함수가 불연속이 된다.",
            dying=True,
        ),
    ),
)

REGISTRY: dict[str, ActivationSpec] = {spec.key: spec for spec in _SPECS}
NAMES: tuple[str, ...] = tuple(REGISTRY)


def get(name: str) -> ActivationSpec:
    """The spec for ``name``; a ``KeyError`` that lists the valid names otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}") from None
