"""The Depth page's per-layer CSV and file names, its alt text in both languages, and
``python -m activations depth``."""

import csv
import io
import json
import math

import pytest

from activations.core.fields import parse_query
from activations.depth import alt, cli, export, link
from activations.depth.measure import STATS, measure

QUERY = "count=2&depth=4&width=16&batch=32&b_act=leaky_relu&b_negative_slope=0.3&b_init=normal&b_init_std=0.5"


def state_of(query: str):
    state, problems = link.check(parse_query(query))
    assert problems == []
    return state


def test_the_csv_holds_every_number_exactly():
    state = state_of(QUERY)
    rows = list(csv.DictReader(io.StringIO(export.layer_csv(state))))
    assert [row["layer"] for row in rows] == ["1", "2", "3", "4"]
    for letter, config in zip("ab", state.configs(), strict=True):
        result = measure(config, state.shape())
        for name in STATS:
            assert [float(row[f"{letter}_{name}"]) for row in rows] == getattr(result, name).tolist()
    assert not any(key.startswith("c_") for key in rows[0])


def test_overflow_leaves_cells_empty():
    state = state_of("count=1&init=normal&init_std=10&depth=80&width=64&batch=16")
    result = measure(state.configs()[0], state.shape())
    rows = list(csv.DictReader(io.StringIO(export.layer_csv(state, [result]))))
    assert rows[result.diverged_at]["a_act_rms"] == "" and rows[0]["a_act_rms"] != ""
    assert "nan" not in export.layer_csv(state).lower()


def test_file_names_say_what_they_hold():
    assert export.file_stem(state_of("")) == (
        "depth30_width128_relu-kaiming_normal_relu-xavier_normal_sigmoid-xavier_normal"
    )
    assert (
        export.file_name(state_of(QUERY), "csv")
        == "depth4_width16_relu-kaiming_normal_leaky_relu0.3-normal0.5.csv"
    )
    download = export.csv_download(state_of(QUERY), "ko")
    assert (
        download.key == "export_csv" and download.mime == "text/csv" and download.data.startswith(b"layer,")
    )


def test_run_names():
    configs = state_of(QUERY).configs()
    assert export.run_name(0, configs[0]) == "A (ReLU, kaiming_normal)"
    assert export.run_name(1, configs[1]) == "B (LeakyReLU negative_slope=0.3, normal(0.5))"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_alt_text_comes_from_the_data(lang):
    state = state_of(QUERY)
    results = [measure(config, state.shape()) for config in state.configs()]
    text = alt.alt_text(state, results, lang)
    assert f"{results[0].act_rms[-1]:.3g}" in text and f"{results[1].grad_norm[0]:.3g}" in text
    assert "A (ReLU, kaiming_normal)" in text and "nan" not in text.lower()
    assert ("layer" in text) == (lang == "en") and ("층" in text) == (lang == "ko")


def test_alt_text_of_an_overflow():
    state = state_of("count=1&init=normal&init_std=10&depth=80&width=64&batch=16")
    result = measure(state.configs()[0], state.shape())
    text = alt.alt_text(state, [result], "en")
    assert f"from layer {result.diverged_at + 1} on" in text and "nan" not in text.lower()


def test_cli_prints_the_table(capsys):
    assert cli.main([QUERY]) == 0
    out = capsys.readouterr().out
    blocks = out.strip().split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "A (ReLU, kaiming_normal)",
        "B (LeakyReLU negative_slope=0.3, normal(0.5))",
    ]
    first = blocks[0].splitlines()
    assert first[1].split() == ["layer", *STATS] and len(first) == 2 + 4
    result = measure(state_of(QUERY).configs()[0], state_of(QUERY).shape())
    assert [float(v) for v in first[2].split()[1:]] == pytest.approx(
        [float(f"{getattr(result, s)[0]:.4g}") for s in STATS]
    )


def test_cli_json_is_the_api_answer_and_csv_the_pages(capsys):
    assert cli.main([f"http://localhost:8501/depth?{QUERY}", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["depth"] == 4 and body["others"][0]["params"] == {"negative_slope": 0.3}
    assert cli.main([QUERY, "--csv"]) == 0
    assert capsys.readouterr().out == export.layer_csv(state_of(QUERY))


def test_cli_refuses_bad_links_with_exit_2(capsys):
    assert cli.main(["depth=500&width=1024&batch=4096&bogus=1"]) == 2
    err = capsys.readouterr().err
    assert "ignoring unknown key 'bogus'" in err and "depth=500" in err


def test_cli_prints_overflow_not_nan(capsys):
    assert cli.main(["count=1&init=normal&init_std=10&depth=80&width=64&batch=16"]) == 0
    out = capsys.readouterr().out
    assert "overflow" in out and not any(math.isnan(float(cell)) for cell in out.split() if cell[0].isdigit())
