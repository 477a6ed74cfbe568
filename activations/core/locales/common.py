"""Strings of the frame shared by every page, and the reasons a link value is refused."""

STRINGS = {
    "app.title": {"en": "Activation Explorer", "ko": "활성화 함수 탐색기"},
    "app.tagline": {
        "en": "See how neural-network activation functions behave, computed live by PyTorch.",
        "ko": "신경망 활성화 함수가 어떻게 동작하는지 PyTorch로 직접 계산해 보여 줍니다.",
    },
    "frame.language": {"en": "Language · 언어", "ko": "언어 · Language"},
    "nav.activations": {"en": "Activations", "ko": "활성화 함수"},
    "nav.softmax": {"en": "Softmax", "ko": "소프트맥스"},
    "nav.training": {"en": "Training lab", "ko": "학습 실험실"},
    "nav.speed": {"en": "Speed", "ko": "속도"},
    "yes": {"en": "yes", "ko": "예"},
    "no": {"en": "no", "ko": "아니요"},
    "link.problem": {
        "en": "Ignored {key}={raw}: {reason} (allowed: {allowed}). Using {fallback} instead.",
        "ko": "{key}={raw} 값을 무시했습니다: {reason} (허용: {allowed}). 대신 {fallback}을(를) 사용합니다.",
    },
    "reason.not_a_number": {"en": "not a plain decimal number", "ko": "일반 십진수가 아닙니다"},
    "reason.not_finite": {"en": "not a finite number", "ko": "유한한 수가 아닙니다"},
    "reason.not_an_integer": {"en": "not a whole number", "ko": "정수가 아닙니다"},
    "reason.out_of_range": {"en": "out of range", "ko": "범위를 벗어났습니다"},
    "reason.unknown_option": {"en": "unknown name", "ko": "알 수 없는 이름입니다"},
    "reason.not_a_flag": {"en": "not true or false", "ko": "true 또는 false가 아닙니다"},
    "reason.too_many": {"en": "too many values", "ko": "값이 너무 많습니다"},
    "reason.too_long": {"en": "too long", "ko": "너무 깁니다"},
    "reason.between_steps": {"en": "between two steps of the slider", "ko": "슬라이더 눈금 사이의 값입니다"},
    "reason.device_unavailable": {
        "en": "not available on this machine",
        "ko": "이 컴퓨터에서 사용할 수 없습니다",
    },
    "widget.choose": {"en": "Choose activations", "ko": "활성화 함수 선택"},
    "reason.order": {
        "en": "the first must be smaller than the second",
        "ko": "앞의 값이 뒤의 값보다 작아야 합니다",
    },
    "share.copy": {"en": "Copy link", "ko": "링크 복사"},
    "share.copy_help": {
        "en": "Copy this page's link, with everything you set, to share it.",
        "ko": "지금 설정을 모두 담은 이 페이지의 링크를 복사해 공유합니다.",
    },
    "share.copied": {"en": "Copied", "ko": "복사했습니다"},
    "share.manual": {
        "en": "Press Ctrl+C (⌘C on a Mac) to copy the selected link.",
        "ko": "선택된 링크를 Ctrl+C(Mac은 ⌘C)로 복사하세요.",
    },
    "export.csv": {"en": "Download CSV", "ko": "CSV 내려받기"},
    "export.json": {"en": "Download JSON", "ko": "JSON 내려받기"},
    "export.per_activation_help": {
        "en": "Saves {name}: one row per activation, with the fields of the command line's output.",
        "ko": "{name} 파일로 저장합니다. 활성화 함수마다 한 행이며, 명령줄 출력과 같은 필드를 씁니다.",
    },
}
