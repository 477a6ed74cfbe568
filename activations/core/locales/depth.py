"""Strings of the Depth page's library: field labels, problems, alt text, API and command line
(the page's own text is in depth_page.py)."""

STRINGS = {
    # Fields
    "depth.act": {"en": "Activation", "ko": "활성화 함수"},
    "depth.count": {"en": "Configurations shown", "ko": "표시할 구성 수"},
    "depth.count_help": {
        "en": "How many of the configurations A, B and C are measured and overlaid.",
        "ko": "구성 A, B, C 가운데 몇 개를 측정해 겹쳐 그릴지 정합니다.",
    },
    "depth.depth": {"en": "Depth (hidden layers)", "ko": "깊이(은닉층 수)"},
    "depth.width": {"en": "Width (units per layer)", "ko": "너비(층마다 뉴런 수)"},
    "depth.batch": {"en": "Batch (input samples)", "ko": "배치(입력 샘플 수)"},
    "depth.batch_help": {
        "en": "How many inputs x ~ N(0, 1) go through the network; every number is over all of them.",
        "ko": "신경망에 넣는 입력 x ~ N(0, 1)의 개수입니다. 모든 값은 이 입력 전체에 대해 계산합니다.",
    },
    "depth.seed": {"en": "Seed", "ko": "시드"},
    "depth.seed_help": {
        "en": "Seeds the input, the weights and the loss's random readout; every configuration gets the "
        "same input.",
        "ko": "입력, 가중치, 손실의 무작위 읽기 벡터를 정하는 시드입니다. 모든 구성이 같은 입력을 씁니다.",
    },
    "depth.optimizer": {"en": "Optimizer", "ko": "옵티마이저"},
    "depth.lr": {"en": "Learning rate", "ko": "학습률"},
    "depth.steps": {"en": "Steps", "ko": "스텝 수"},
    "depth.dataset": {"en": "Data", "ko": "데이터"},
    # Problems
    "depth.reason.budget": {
        "en": "too much computation for one view",
        "ko": "한 화면에서 계산하기에 너무 많습니다",
    },
    "depth.reason.train_budget": {
        "en": "too much computation for one training",
        "ko": "한 번의 학습으로 계산하기에 너무 많습니다",
    },
    # Numbers beyond float32 (alt text)
    "depth.too_large": {"en": "too large for float32", "ko": "float32로 나타낼 수 없을 만큼 큼"},
    # Export
    "depth.export_csv": {"en": "Per-layer CSV", "ko": "층별 CSV"},
    "depth.export_csv_help": {
        "en": "One row per layer; for each shown configuration (a, b, c) the six numbers the chart draws.",
        "ko": "층마다 한 행입니다. 표시한 구성(a, b, c)마다 차트가 그리는 여섯 가지 값을 담습니다.",
    },
    # Alt text
    "depth.alt": {
        "en": "Per-layer measurements of {count} {count:network|networks} of depth {depth} and width "
        "{width} at initialisation, on {batch} inputs x ~ N(0, 1). {runs}",
        "ko": "깊이 {depth}, 너비 {width}인 신경망 {count}개를 초기화한 상태에서 "
        "입력 x ~ N(0, 1) {batch}개로 층마다 측정한 값입니다. {runs}",
    },
    "depth.alt_run": {
        "en": "{name}: activation rms {rms_first} at layer 1 and {rms_last} at layer {depth}; weight "
        "gradient norm {grad_first} at layer 1 and {grad_last} at layer {depth}; {dead} of the (unit, "
        "sample) pairs have f'(z) = 0 on average.",
        "ko": "{name}: 활성값의 rms는 1층에서 {rms_first}, {depth}층에서 {rms_last}이고, 가중치 기울기의 "
        "노름은 1층에서 {grad_first}, {depth}층에서 {grad_last}입니다. (뉴런, 샘플) 쌍의 평균 {dead}에서 "
        "f'(z) = 0입니다.",
    },
    "depth.alt_overflow": {
        "en": "{name}: the values overflow from layer {layer} on.",
        "ko": "{name}: {layer}번째 층부터 값이 넘칩니다.",
    },
}
