"""Strings of the Training lab's own-data upload (see activations/training/upload.py)."""

STRINGS = {
    "upload.problem": {
        "en": "Could not use {file}: {detail}. The lab keeps its previous data.",
        "ko": "{file} 파일을 쓸 수 없습니다: {detail}. 실험실은 이전 데이터를 그대로 씁니다.",
    },
    "upload.at_row": {"en": "row {row}: {detail}", "ko": "{row}행: {detail}"},
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
        "en": "more than {limit} rows",
        "ko": "행이 {limit}개보다 많습니다",
    },
    "upload.reason.too_few_rows": {
        "en": "fewer than {limit} rows",
        "ko": "행이 {limit}개보다 적습니다",
    },
    "upload.reason.columns": {
        "en": "{limit} columns instead of 3 (x1,x2,label)",
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
    "upload.reason.formula": {
        "en": "“{token}” looks like a spreadsheet formula; only numbers are allowed",
        "ko": "“{token}”은(는) 스프레드시트 수식처럼 보입니다. 숫자만 쓸 수 있습니다",
    },
    "upload.reason.label": {
        "en": "label “{token}” is not a whole number ≥ 0",
        "ko": "레이블 “{token}”이(가) 0 이상의 정수가 아닙니다",
    },
    "upload.reason.classes": {
        "en": "{token} classes; 2 to {limit} are allowed",
        "ko": "클래스가 {token}개입니다. 2~{limit}개만 쓸 수 있습니다",
    },
}
