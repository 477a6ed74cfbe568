"""Strings of the Activations page."""

STRINGS = {
    "act.choose": {"en": "Activation", "ko": "활성화 함수"},
    "act.intro": {
        "en": "f(x) from torch.nn.functional, f'(x) from autograd. Red bands: gradient exactly 0 "
        "(a dead zone, no learning signal). Orange bands: gradient below 0.01 (saturation).",
        "ko": "f(x)는 torch.nn.functional로, f'(x)는 autograd로 계산합니다. 빨간 영역: 기울기가 "
        "정확히 0(학습 신호가 없는 죽은 구간). 주황 영역: 기울기가 0.01 미만(포화).",
    },
    "act.training": {"en": "Training mode (random slopes)", "ko": "학습 모드(무작위 기울기)"},
    "act.training_help": {
        "en": "In training, F.rrelu draws a new slope for every element on every call. The dots "
        "are five draws; the line is the eval-mode mean slope.",
        "ko": "학습 모드의 F.rrelu는 호출할 때마다 원소별로 새 기울기를 뽑습니다. 점은 다섯 번 뽑은 "
        "결과이고, 선은 평가 모드의 평균 기울기입니다.",
    },
    "act.probe": {"en": "Probe point x0", "ko": "관찰 지점 x0"},
    "act.compare": {"en": "Compare with", "ko": "비교할 함수"},
    "act.max_grad": {"en": "max |f'| on the window", "ko": "구간 내 최대 |f'|"},
    "act.inplace_intro": {
        "en": "In-place variant `{name}`: it overwrites its input instead of allocating a new "
        "tensor. Run here:",
        "ko": "in-place 버전 `{name}`: 새 텐서를 만들지 않고 입력을 직접 덮어씁니다. 여기서 실행한 결과:",
    },
    "chart.dead_zone": {"en": "f' = 0 (dead)", "ko": "f' = 0 (죽은 구간)"},
    "chart.saturated": {"en": "|f'| < 0.01 (saturated)", "ko": "|f'| < 0.01 (포화)"},
    "chart.training_draws": {"en": "training-mode draws", "ko": "학습 모드 샘플"},
    "chart.loading": {"en": "Computing in PyTorch…", "ko": "PyTorch로 계산하는 중…"},
    "chart.window": {"en": "Window", "ko": "구간"},
    "chart.canvas": {
        "en": "{label}: f(x) and f'(x) on [{xmin}, {xmax}]",
        "ko": "{label}: [{xmin}, {xmax}] 구간의 f(x)와 f'(x)",
    },
    "chart.save_png": {"en": "Save PNG", "ko": "PNG 저장"},
    "chart.save_svg": {"en": "Save SVG", "ko": "SVG 저장"},
    "act.export.csv": {"en": "Curve (CSV)", "ko": "곡선(CSV)"},
    "act.export.csv_help": {
        "en": "x, f and f' (and each overlay's) on the chart's grid, float64 from PyTorch: {name}",
        "ko": "차트의 격자에서 x, f, f'(비교 함수도 포함), PyTorch의 float64 값: {name}",
    },
    "alt.rises": {
        "en": "f rises from {f0} at x={x0} to {f1} at x={x1}",
        "ko": "f는 x={x0}의 {f0}에서 x={x1}의 {f1}까지 증가합니다",
    },
    "alt.falls": {
        "en": "f falls from {f0} at x={x0} to {f1} at x={x1}",
        "ko": "f는 x={x0}의 {f0}에서 x={x1}의 {f1}까지 감소합니다",
    },
    "alt.constant": {"en": "f is constant at {value}", "ko": "f는 {value}로 일정합니다"},
    "alt.undefined": {"en": "f is not finite on the window", "ko": "f는 이 구간에서 유한하지 않습니다"},
    "alt.slope": {"en": "; f' between {low} and {high}", "ko": "; f'는 {low}에서 {high} 사이입니다"},
    "alt.slope_constant": {"en": "; f' = {value} throughout", "ko": "; f'는 어디서나 {value}입니다"},
    "alt.dead": {"en": "; dead zone (f' = 0) on {where}", "ko": "; {where}에서 f' = 0(죽은 구간)"},
    "alt.overlays": {"en": "; compared with {names}", "ko": "; 비교: {names}"},
    "tab.about": {"en": "Formula & notes", "ko": "수식과 설명"},
    "tab.properties": {"en": "Properties", "ko": "성질"},
    "tab.all": {"en": "All activations", "ko": "모든 활성화 함수"},
    "tab.code": {"en": "PyTorch code", "ko": "PyTorch 코드"},
    "prop.caption": {
        "en": "Measured on the window [{xmin:g}, {xmax:g}] with 20,001 points; saturation at "
        "x = ±40; zero-centred means |E f(X)| < 0.1·sd f(X) for X ~ N(0, 1).",
        "ko": "구간 [{xmin:g}, {xmax:g}]에서 20,001개 점으로 측정했습니다. 포화는 x = ±40에서, "
        "0 중심은 X ~ N(0, 1)일 때 |E f(X)| < 0.1·sd f(X)를 뜻합니다.",
    },
    "prop.all_caption": {
        "en": "Every activation at PyTorch's default parameters on [{xmin:g}, {xmax:g}]. Click a "
        "column header to sort.",
        "ko": "모든 활성화 함수를 PyTorch 기본 파라미터로 [{xmin:g}, {xmax:g}]에서 측정했습니다. 열 "
        "제목을 누르면 정렬됩니다.",
    },
    "prop.property": {"en": "Property", "ko": "성질"},
    "prop.value": {"en": "Value", "ko": "값"},
    "prop.name": {"en": "Activation", "ko": "활성화 함수"},
    "prop.range": {"en": "Output range on the window", "ko": "구간 내 출력 범위"},
    "prop.output_min": {"en": "min f", "ko": "최소 f"},
    "prop.output_max": {"en": "max f", "ko": "최대 f"},
    "prop.monotonic": {"en": "Monotonic", "ko": "단조"},
    "prop.zero_at_origin": {"en": "f(0) = 0", "ko": "f(0) = 0"},
    "prop.zero_centred": {"en": "Zero-centred", "ko": "0 중심"},
    "prop.continuous": {"en": "f continuous", "ko": "f 연속"},
    "prop.jumps_at": {"en": "jumps at", "ko": "불연속 지점"},
    "prop.smooth": {"en": "f' continuous (no kinks)", "ko": "f' 연속(꺾임 없음)"},
    "prop.kinks_at": {"en": "kinks at", "ko": "꺾이는 지점"},
    "prop.saturates_left": {"en": "Saturates left (f' → 0)", "ko": "왼쪽 포화(f' → 0)"},
    "prop.saturates_right": {"en": "Saturates right (f' → 0)", "ko": "오른쪽 포화(f' → 0)"},
    "prop.dead_zone": {"en": "Dead zone (f' = 0)", "ko": "죽은 구간(f' = 0)"},
    "prop.dead_fraction": {"en": "Dead share of window", "ko": "죽은 구간 비율"},
    "prop.max_grad": {"en": "max |f'|", "ko": "최대 |f'|"},
    "param.negative_slope": {"en": "Slope for x < 0.", "ko": "x < 0에서의 기울기."},
    "param.init": {"en": "Initial value of the learned slope a.", "ko": "학습되는 기울기 a의 초기값."},
    "param.lower": {"en": "Lower bound of the random slope.", "ko": "무작위 기울기의 하한."},
    "param.upper": {"en": "Upper bound of the random slope.", "ko": "무작위 기울기의 상한."},
    "param.alpha": {"en": "Scale of the negative side.", "ko": "음수 쪽의 크기."},
    "param.beta": {
        "en": "Sharpness: larger beta is closer to ReLU.",
        "ko": "날카로움: beta가 클수록 ReLU에 가깝습니다.",
    },
    "param.threshold": {
        "en": "Softplus: linear above this beta·x. Threshold: the cut-off x.",
        "ko": "Softplus: beta·x가 이 값을 넘으면 선형. Threshold: 기준이 되는 x.",
    },
    "param.value": {"en": "Output for x at or below the threshold.", "ko": "임계값 이하의 x에 대한 출력."},
    "param.lambd": {"en": "Half-width of the zeroed band.", "ko": "0으로 만드는 구간의 반폭."},
    "param.min_val": {"en": "Lower clamp.", "ko": "아래쪽 clamp 값."},
    "param.max_val": {"en": "Upper clamp.", "ko": "위쪽 clamp 값."},
    "param.approximate": {
        "en": "'tanh' uses the fast approximation.",
        "ko": "'tanh'는 빠른 근사식을 씁니다.",
    },
}
