"""Strings of the Depth page (pages/depth.py) and its chart (ui/components/depth.js)."""

STRINGS = {
    "nav.depth": {"en": "Depth", "ko": "깊이"},
    "depth_page.title": {
        "en": "Depth: signal and gradients through a deep network",
        "ko": "깊이: 깊은 신경망을 지나는 신호와 기울기",
    },
    "depth_page.intro": {
        "en": "A deep MLP at initialisation, measured layer by layer by PyTorch: input x ~ N(0, 1), "
        "`depth` hidden layers Linear(width, width) → activation with zero biases, and one backward pass. "
        "Overlay up to three activations and initialisations.",
        "ko": "초기화 직후의 깊은 MLP를 PyTorch로 층마다 측정합니다: 입력 x ~ N(0, 1), 편향 0인 "
        "Linear(width, width) → 활성화 함수 은닉층 `depth`개, 그리고 역전파 한 번. "
        "활성화 함수와 초기화를 세 가지까지 겹쳐 볼 수 있습니다.",
    },
    "depth_page.why_title": {"en": "Why ReLU, measured", "ko": "왜 ReLU인가, 직접 재 보기"},
    "depth_page.why": {
        "en": "The post this app grew from sums up ReLU's great advantage in one line: with ReLU the "
        "vanishing-gradient problem goes away. Here it is measured. With Sigmoid the gradient of the first "
        "layers' weights is a thousandth of the last layer's or less after 20 layers (f' ≤ 1/4 at every "
        "layer), so the first layers hardly learn. ReLU passes a gradient of exactly 1 where it is active: "
        "with Kaiming's initialisation (std √(2/fan_in)) the signal keeps its size through 50 layers and "
        "the gradient norms of the first and last layers stay close. With Xavier's (std √(1/fan_in)) the "
        "same ReLU halves the signal's second moment at every layer: the initialisation has to match the "
        "activation.",
        "ko": "이 앱의 출발점이 된 글은 ReLU의 큰 장점을 한 줄로 말합니다: ReLU를 쓰면 기울기 소실"
        "(Gradient Vanishing) 문제는 없어집니다. 여기서는 그것을 직접 측정합니다. "
        "Sigmoid는 층마다 f' ≤ 1/4이라 20층을 지나면 첫 층 가중치의 기울기가 "
        "마지막 층의 1000분의 1 이하가 되어, 앞쪽 층은 거의 배우지 못합니다. ReLU는 "
        "활성화된 곳에서 기울기를 정확히 1로 전달합니다: Kaiming 초기화(표준편차 √(2/fan_in))를 쓰면 신호의 "
        "크기가 50층을 지나도 유지되고 첫 층과 마지막 층의 기울기 노름도 비슷합니다. 같은 ReLU라도 Xavier "
        "초기화(표준편차 √(1/fan_in))를 쓰면 층마다 신호의 제곱 평균이 절반으로 줄어듭니다: 초기화는 "
        "활성화 함수에 맞춰야 합니다.",
    },
    "depth_page.dead_note": {
        "en": "The **dead here** panel is ReLU's other side, the one the post names as its flaw: about half "
        "of the (unit, sample) pairs sit at f' = 0 in every layer even at initialisation. That is healthy as "
        "long as each unit is active for some samples; a unit that is zero for every input is a dying ReLU. "
        "The [Training lab](/training) shows units dying during training.",
        "ko": "**여기서 죽음** 패널은 글이 단점으로 꼽은 ReLU의 다른 면입니다: 초기화 직후에도 층마다 "
        "(유닛, 샘플) 쌍의 절반쯤이 f' = 0에 있습니다. 유닛마다 일부 샘플에서 활성화되는 한 문제없지만, 모든 "
        "입력에서 0인 유닛은 죽은 ReLU(dying ReLU)입니다. 학습 중에 유닛이 죽는 모습은 "
        "[학습 실험실](/training)에서 볼 수 있습니다.",
    },
    # the configurations
    "depth_page.config": {"en": "Configuration {name}", "ko": "구성 {name}"},
    "depth_page.shape": {"en": "Network and data", "ko": "신경망과 데이터"},
    "depth_page.init.default": {"en": "PyTorch default", "ko": "PyTorch 기본값"},
    "depth_page.init.kaiming_normal": {"en": "Kaiming normal", "ko": "Kaiming 정규"},
    "depth_page.init.kaiming_uniform": {"en": "Kaiming uniform", "ko": "Kaiming 균등"},
    "depth_page.init.xavier_normal": {"en": "Xavier normal", "ko": "Xavier 정규"},
    "depth_page.init.xavier_uniform": {"en": "Xavier uniform", "ko": "Xavier 균등"},
    "depth_page.init.lecun_normal": {"en": "LeCun normal", "ko": "LeCun 정규"},
    "depth_page.init.orthogonal": {"en": "Orthogonal", "ko": "직교"},
    "depth_page.init.normal": {"en": "Normal", "ko": "정규"},
    "depth_page.cost": {
        "en": "{shown} {shown:network|networks} of {depth} × {width} on {batch} samples: {cost} of the "
        "page's compute budget.",
        "ko": "{depth} × {width} 신경망 {shown}개, 샘플 {batch}개: 페이지 계산 예산의 {cost}.",
    },
    # the chart
    "depth_page.metric.preact_std": {"en": "Pre-activation std", "ko": "활성화 전 표준편차"},
    "depth_page.metric.preact_std_help": {
        "en": "std of z = W h + b over units and samples, at each layer",
        "ko": "층마다 유닛과 샘플에 걸친 z = W h + b의 표준편차",
    },
    "depth_page.metric.act_rms": {"en": "Activation rms", "ko": "활성화 rms"},
    "depth_page.metric.act_rms_help": {
        "en": "√(mean of f(z)²): the size of the signal passed on",
        "ko": "√(f(z)²의 평균): 다음 층으로 전달되는 신호의 크기",
    },
    "depth_page.metric.act_std": {"en": "Activation std", "ko": "활성화 표준편차"},
    "depth_page.metric.act_std_help": {"en": "std of f(z)", "ko": "f(z)의 표준편차"},
    "depth_page.metric.act_mean": {"en": "Activation mean", "ko": "활성화 평균"},
    "depth_page.metric.act_mean_help": {"en": "mean of f(z)", "ko": "f(z)의 평균"},
    "depth_page.metric.zero_grad": {"en": "Dead here (f' = 0)", "ko": "여기서 죽음 (f' = 0)"},
    "depth_page.metric.zero_grad_help": {
        "en": "share of (unit, sample) pairs where f'(z) = 0 (autograd)",
        "ko": "f'(z) = 0인 (유닛, 샘플) 쌍의 비율 (autograd)",
    },
    "depth_page.metric.grad_norm": {"en": "Weight-gradient norm", "ko": "가중치 기울기 노름"},
    "depth_page.metric.grad_norm_help": {
        "en": "Frobenius norm of ∂loss/∂W of each layer (autograd)",
        "ko": "층마다 ∂loss/∂W의 프로베니우스 노름 (autograd)",
    },
    "depth_page.metric.histogram": {"en": "Activation histogram", "ko": "활성화 히스토그램"},
    "depth_page.metric.histogram_help": {
        "en": "share of each layer's activations in each value bin",
        "ko": "층마다 각 값 구간에 든 활성화의 비율",
    },
    "depth_page.chart.layer": {"en": "layer", "ko": "층"},
    "depth_page.chart.large": {"en": "Large panel", "ko": "크게 볼 패널"},
    "depth_page.chart.log": {"en": "Log scale", "ko": "로그 축"},
    "depth_page.chart.log_suffix": {"en": "(log)", "ko": "(로그)"},
    "depth_page.chart.heatmap_of": {"en": "Histogram of", "ko": "히스토그램"},
    "depth_page.chart.overflow": {"en": "not finite from layer {layer}", "ko": "{layer}층부터 유한하지 않음"},
    "depth_page.chart.not_finite": {
        "en": "not finite (float32 overflow)",
        "ko": "유한하지 않음 (float32 넘침)",
    },
    "depth_page.chart.probe_hint": {
        "en": "Point at a layer (or use the arrow keys) to read its values.",
        "ko": "층을 가리키면(또는 화살표 키) 값을 읽을 수 있습니다.",
    },
    # training through depth
    "depth_page.train_title": {"en": "Train through depth", "ko": "깊이를 지나 학습하기"},
    "depth_page.train_intro": {
        "en": "Train the same deep stacks, with a small readout, on the Training lab's toy data for a few "
        "hundred steps. With SGD, 30 ReLU layers of width 32 learn moons with Kaiming's initialisation and "
        "stay at a loss of ~0.69 with Xavier's (He et al. 2015, Fig. 3); with Adam both learn: the optimiser "
        "hides a bad initialisation.",
        "ko": "같은 깊은 신경망에 작은 출력층을 붙여 학습 실험실의 예제 데이터로 수백 스텝 학습합니다. "
        "SGD로는 너비 32인 ReLU 30층이 Kaiming 초기화에서는 moons를 배우고 "
        "Xavier 초기화에서는 손실 ~0.69에 머뭅니다"
        "(He et al. 2015, 그림 3). Adam으로는 둘 다 배웁니다: 옵티마이저가 나쁜 초기화를 가려 줍니다.",
    },
    "depth_page.train_run": {"en": "Train through depth", "ko": "깊이를 지나 학습"},
    "depth_page.train_too_big": {
        "en": "Training this many configurations at this depth and width is more computation than one run "
        "may take: lower the depth, the width or the configurations shown to train.",
        "ko": "이 깊이와 너비로 이만큼의 구성을 학습하려면 한 번에 허용되는 계산량을 넘습니다. 학습하려면 "
        "깊이, 너비 또는 표시할 구성 수를 줄이세요.",
    },
    "depth_page.train_busy": {
        "en": "Every training slot is busy right now; try again in a moment.",
        "ko": "지금은 모든 학습 슬롯이 사용 중입니다. 잠시 후 다시 시도하세요.",
    },
    "depth_page.train_lost": {
        "en": "The training worker stopped answering; try again.",
        "ko": "학습 작업자가 응답하지 않습니다. 다시 시도하세요.",
    },
    "depth_page.train_diverged": {
        "en": "{name}: diverged at step {step}",
        "ko": "{name}: {step} 스텝에서 발산",
    },
    "depth_page.train_final": {"en": "{name}: final loss {loss}", "ko": "{name}: 최종 손실 {loss}"},
    "depth_page.loss": {"en": "training loss", "ko": "학습 손실"},
    "depth_page.step": {"en": "step", "ko": "스텝"},
    "depth_page.loss_alt": {
        "en": "Training loss over {steps} steps: {finals}.",
        "ko": "{steps} 스텝 동안의 학습 손실: {finals}.",
    },
}
