"""Strings of the weight init field, shared by the Training lab and the Depth page."""

STRINGS = {
    "init.choose": {"en": "Weight init", "ko": "가중치 초기화"},
    "init.help": {
        "en": "default: nn.Linear's own, U(±1/√fan_in). kaiming_*: He init with the ReLU gain √2, "
        "variance 2/fan_in. xavier_*: Glorot, variance 2/(fan_in + fan_out). lecun_normal: N(0, 1/fan_in), "
        "SELU's. orthogonal: an orthogonal matrix (gain 1). normal: N(0, init_std²).",
        "ko": "default: nn.Linear 기본값 U(±1/√fan_in). kaiming_*: ReLU 이득 √2를 쓰는 He 초기화(분산 "
        "2/fan_in). xavier_*: Glorot 초기화(분산 2/(fan_in + fan_out)). lecun_normal: N(0, 1/fan_in), "
        "SELU용 초기화. orthogonal: 직교 행렬(이득 1). normal: N(0, init_std²).",
    },
    "init.std": {"en": "init_std (for normal)", "ko": "init_std(normal일 때)"},
    "init.std_help": {
        "en": "The standard deviation of the normal init; the other inits ignore it.",
        "ko": "normal 초기화의 표준편차입니다. 다른 초기화에서는 쓰지 않습니다.",
    },
}
