"""Strings of the Training lab's own-data upload (see activations/training/upload.py)."""

STRINGS = {
    "upload.problem": {
        "en": "Could not use {file}: {detail}. The lab keeps its previous data.",
        "ko": "{file} 파일을 쓸 수 없습니다: {detail}. 실험실은 이전 데이터를 그대로 씁니다.",
    },
    "upload.at_row": {"en": "row {row}: {detail}", "ko": "{row}행: {detail}"},
    "upload.label": {"en": "Your data (CSV: x1,x2,label)", "ko": "내 데이터(CSV: x1,x2,label)"},
    "upload.help": {
        "en": "One point per row: two numbers and a class label, a whole number or a name, e.g. "
        "0.5,-1.2,1 or 0.5,-1.2,cat (names of at most {name} characters). "
        "2 to {rows} rows, 2 to {classes} classes, at most {kib} KiB; a first row x1,x2,label is "
        "a header. The points are centred and scaled like the built-in sets and split by the test share.",
        "ko": "한 행에 점 하나: 숫자 두 개와 클래스 레이블(정수 또는 이름, 예: 0.5,-1.2,1 또는 "
        "0.5,-1.2,cat; 이름은 {name}자 이하). 2~{rows}행, "
        "클래스 2~{classes}개, 최대 {kib} KiB. 첫 행이 x1,x2,label이면 머리글로 봅니다. 점은 기본 "
        "데이터셋처럼 중심을 맞추고 크기를 조정한 뒤 테스트 비율로 나눕니다.",
    },
    "upload.no_link": {
        "en": "A link can't carry your file: whoever opens it is asked for the file again. "
        "Points and noise don't apply to your data.",
        "ko": "링크에는 파일을 담을 수 없습니다. 링크를 연 사람은 파일을 다시 올려야 합니다. "
        "점 개수와 잡음은 내 데이터에 적용되지 않습니다.",
    },
    "upload.waiting": {
        "en": "Upload a CSV file to train on your own data. Until then the lab keeps using {dataset}.",
        "ko": "내 데이터로 학습하려면 CSV 파일을 올리세요. 그때까지 실험실은 {dataset} 데이터를 씁니다.",
    },
    "upload.using": {
        "en": "Training on {file}: {rows} {rows:point|points}, {classes} {classes:class|classes} ({names}).",
        "ko": "{file} 파일로 학습합니다: 점 {rows}개, 클래스 {classes}개({names}).",
    },
    "upload.reason.too_large": {
        "en": "the file is larger than {limit} KiB",
        "ko": "파일이 {limit} KiB보다 큽니다",
    },
    "upload.reason.compressed": {
        "en": "this is a {token} archive, not a text file",
        "ko": "텍스트 파일이 아니라 {token} 압축 파일입니다",
    },
    "upload.reason.binary": {"en": "binary data, not text", "ko": "텍스트가 아닌 바이너리 데이터입니다"},
    "upload.reason.encoding": {"en": "not UTF-8 text", "ko": "UTF-8 텍스트가 아닙니다"},
    "upload.reason.empty": {"en": "the file has no data rows", "ko": "데이터 행이 없습니다"},
    "upload.reason.too_many_rows": {
        "en": "more than {limit} {limit:row|rows}",
        "ko": "행이 {limit}개보다 많습니다",
    },
    "upload.reason.too_few_rows": {
        "en": "fewer than {limit} {limit:row|rows}",
        "ko": "행이 {limit}개보다 적습니다",
    },
    "upload.reason.columns": {
        "en": "{limit} {limit:column|columns} instead of 3 (x1,x2,label)",
        "ko": "열이 3개(x1,x2,label)가 아니라 {limit}개입니다",
    },
    "upload.reason.not_a_number": {
        "en": "“{token}” is not a plain decimal number",
        "ko": "“{token}”은(는) 일반 십진수가 아닙니다",
    },
    "upload.reason.not_finite": {
        "en": "“{token}” is not a finite number",
        "ko": "“{token}”은(는) 유한한 수가 아닙니다",
    },
    "upload.reason.overflow": {
        "en": "numbers as large as “{token}” can't be centred and scaled (their mean overflows); "
        "divide the data by a power of ten first",
        "ko": "“{token}”처럼 큰 수는 중심을 맞추고 크기를 조정할 수 없습니다(평균이 넘칩니다). "
        "먼저 데이터를 10의 거듭제곱으로 나누세요",
    },
    "upload.reason.csv": {
        "en": "not a well-formed CSV row (a quoted cell left open, or a cell far too long)",
        "ko": "올바른 CSV 행이 아닙니다(닫히지 않은 따옴표, 또는 너무 긴 셀)",
    },
    "upload.reason.name": {
        "en": "class name “{token}” must be 1 to {limit} printable characters",
        "ko": "클래스 이름 “{token}”은(는) 출력 가능한 문자 1~{limit}자여야 합니다",
    },
    "upload.reason.formula": {
        "en": "“{token}” looks like a spreadsheet formula; only numbers are allowed",
        "ko": "“{token}”은(는) 스프레드시트 수식처럼 보입니다. 숫자만 쓸 수 있습니다",
    },
    "upload.reason.label": {
        "en": "label “{token}” is not a whole number ≥ 0",
        "ko": "레이블 “{token}”이(가) 0 이상의 정수가 아닙니다",
    },
    "upload.reason.classes": {
        "en": "{token} {token:class|classes}; 2 to {limit} are allowed",
        "ko": "클래스가 {token}개입니다. 2~{limit}개만 쓸 수 있습니다",
    },
}
