"""Own data for the Training lab: good files are standardised and split, bad ones are named."""

import dataclasses
import gzip
import io
import pickle
import zipfile

import pytest
import torch

from activations.core.i18n import LANGUAGES
from activations.training import link
from activations.training.data import UPLOAD, DataConfig, uploaded_dataset
from activations.training.upload import (
    MAX_BYTES,
    MAX_CLASSES,
    MAX_NAME,
    UploadError,
    describe,
    parse_upload,
)


def csv(rows: list[str], header: bool = True) -> bytes:
    return ("x1,x2,label\n" * header + "\n".join(rows) + "\n").encode()


GOOD = csv([f"{i % 7 - 3},{i % 5 * 10},{i % 3}" for i in range(30)])


def test_a_good_file_is_standardised_like_the_built_in_sets():
    upload = parse_upload(GOOD)
    assert upload.rows == 30 and upload.classes == 3
    assert upload.x.dtype == torch.float32 and upload.x.shape == (30, 2)
    assert float(upload.x.abs().max()) == pytest.approx(1.0)
    assert torch.allclose(upload.x.double().mean(dim=0), torch.zeros(2, dtype=torch.float64), atol=1e-6)
    assert sorted(set(upload.y.tolist())) == [0, 1, 2]


def test_labels_are_renumbered_and_the_header_is_optional():
    upload = parse_upload(csv(["0,0,5", "1,1,9", "2,2,5"], header=False))
    assert upload.y.tolist() == [0, 1, 0] and upload.classes == 2


def test_split_follows_test_frac_and_seed():
    upload = parse_upload(GOOD)
    data = uploaded_dataset(upload, 0.2, seed=3)
    assert (len(data.x_train), len(data.x_test)) == (24, 6) and data.classes == 3
    again = uploaded_dataset(upload, 0.2, seed=3)
    assert torch.equal(data.x_train, again.x_train)
    assert not torch.equal(data.x_train, uploaded_dataset(upload, 0.2, seed=4).x_train)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", b"0" * 10_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason", "row"),
    [
        (csv(["1,2,0", "nan,1,1"]), "upload.reason.not_finite", 3),
        (csv(["1,2,0", "1,inf,1"]), "upload.reason.not_finite", 3),
        (csv(["1,2,0", "1,1e999,1"]), "upload.reason.not_finite", 3),
        (csv(["1,2,0", "1,2"]), "upload.reason.columns", 3),
        (csv(["1,2,0", "1,2,1,4"]), "upload.reason.columns", 3),
        (csv([f"{i},{i},{i % 2}" for i in range(2001)]), "upload.reason.too_many_rows", 2002),
        (csv([f"{i},{i},{i}" for i in range(9)]), "upload.reason.classes", 0),
        (csv(["1,2,0", "3,4,0"]), "upload.reason.classes", 0),
        (csv(["1,2,0"]), "upload.reason.too_few_rows", 0),
        ("x1,x2,label\n1,2,0\nä,1,1\n".encode("latin-1"), "upload.reason.encoding", 3),
        (b"", "upload.reason.empty", 0),
        (b"x1,x2,label\n\n", "upload.reason.empty", 0),
        (b"0" * (50 * 1024 * 1024), "upload.reason.too_large", 0),
        (zip_bomb(), "upload.reason.compressed", 0),
        (gzip.compress(b"1,2,0\n" * 100_000), "upload.reason.compressed", 0),
        (b"1,2,0\n3,4\x00,1\n", "upload.reason.binary", 2),
        (csv(["1,2,0", '=cmd|"/c calc"!A1,1,1']), "upload.reason.formula", 3),
        (csv(["1,2,0", "=1+1,1,1"]), "upload.reason.formula", 3),
        (csv(["1,2,0", "@SUM(A1),1,1"]), "upload.reason.formula", 3),
        (csv(["1,2,0", "1,2,"]), "upload.reason.name", 3),
        (csv(["1,2,cat", "1,2," + "d" * 25]), "upload.reason.name", 3),
        (b'1,2,cat\n1,2,"do\ng"\n', "upload.reason.name", 3),  # a quoted line break: not printable
        (csv(["1,2,cat", "1,2,=HYPERLINK(1)"]), "upload.reason.formula", 3),
        (csv(["1,2,cat", "1,2,@dog"]), "upload.reason.formula", 3),
        (csv(["1,2,cat", "1,2,nan"]), "upload.reason.not_finite", 3),
        (csv(["1,2,0", '"1",2x,1']), "upload.reason.not_a_number", 3),
        (csv(["1,2,0", '"=1+1",1,1']), "upload.reason.formula", 3),
        (csv(["1,2,0", '"1,2,1']), "upload.reason.columns", 3),  # an open quote swallows the rest
        (csv(["1,2,0", '"' + "1" * 140_000 + '",1,1']), "upload.reason.csv", 3),
        (csv(["1e308,2,0", "1e308,3,1"]), "upload.reason.overflow", 0),
        (csv(["1.7e308,2,0", "-1.7e308,3,1", "1.7e308,0,1"]), "upload.reason.overflow", 0),
        (csv([f"{i},{i},c{i}" for i in range(9)]), "upload.reason.classes", 0),
        (csv(["1,2,0", "1,2,1.5"]), "upload.reason.label", 3),
        (csv(["1,2,0", "1,2,-1"]), "upload.reason.label", 3),
    ],
)
def test_bad_files_are_refused_with_the_row_and_the_problem(data, reason, row):
    with pytest.raises(UploadError) as caught:
        parse_upload(data)
    assert (caught.value.reason, caught.value.row) == (reason, row)
    for lang in LANGUAGES:
        message = describe(caught.value, lang)
        assert message and "{" not in message
        if row:
            assert str(row) in message


def test_the_size_limit_is_checked_before_anything_is_read():
    assert MAX_BYTES < 50 * 1024 * 1024
    with pytest.raises(UploadError) as caught:
        parse_upload(b"1,2,0\n" * (MAX_BYTES // 6 + 1))
    assert caught.value.reason == "upload.reason.too_large"


def test_rows_are_kept_as_read_for_the_exported_script():
    upload = parse_upload(csv(["1.5,-2,7", "0,0,3", "2,1e-3,7.0"]))
    assert upload.source == ((1.5, -2.0, 7), (0.0, 0.0, 3), (2.0, 0.001, 7))
    assert upload.labels == (3, 7) and upload.class_names == ("3", "7"), "ascending; 7 as first written"


def test_quoted_cells_crlf_a_bom_and_blank_lines_are_read_as_csv():
    text = '\ufeffx1,x2,label\r\n"1","2",a\r\n\r\n  \r\n"3", 4 ,"b"\r\n5,6,a\r\n'
    upload = parse_upload(text.encode())
    assert upload.rows == 3 and upload.source == ((1.0, 2.0, "a"), (3.0, 4.0, "b"), (5.0, 6.0, "a"))
    assert upload.y.tolist() == [0, 1, 0]


def test_class_names_keep_the_order_they_first_appear_in():
    upload = parse_upload(csv(["0,0,dog", "1,1,cat", "2,2,dog", "3,3,bird"]))
    assert upload.classes == 3 and upload.class_names == ("dog", "cat", "bird")
    assert upload.y.tolist() == [0, 1, 0, 2] and upload.labels == ("dog", "cat", "bird")


def test_a_mix_of_numbers_and_names_is_names():
    upload = parse_upload(csv(["0,0,2", "1,1,cat", "2,2,-1", "3,3,2"]))
    assert upload.class_names == ("2", "cat", "-1") and upload.y.tolist() == [0, 1, 2, 0]


def test_up_to_max_classes_names_and_names_stay_the_visitors_text():
    names = ["<b>x</b>", "*a*", "$b$", "[c](d)", "e f", "한국어", "'q'", "g" * MAX_NAME]
    assert len(names) == MAX_CLASSES
    upload = parse_upload(csv([f"{i},{i % 3},{name}" for i, name in enumerate(names)]))
    assert upload.class_names == tuple(names)


def test_large_numbers_that_can_be_standardised_are_accepted():
    upload = parse_upload(csv(["1e150,2,0", "-1e150,3,1", "0,1e-300,1"]))
    assert bool(torch.isfinite(upload.x).all()) and float(upload.x.abs().max()) == pytest.approx(1.0)


def test_the_lab_configuration_carries_the_file_and_builds_its_data():
    config = DataConfig(UPLOAD, test_frac=0.2, seed=3, upload_csv=GOOD)
    assert config.classes == 3 and "upload_csv" not in repr(config)
    assert hash(config) == hash(DataConfig(UPLOAD, test_frac=0.2, seed=3, upload_csv=GOOD))
    assert pickle.loads(pickle.dumps(config)) == config
    made, expected = config.make(), uploaded_dataset(parse_upload(GOOD), 0.2, 3)
    assert made.name == UPLOAD and made.classes == 3
    assert torch.equal(made.x_train, expected.x_train) and torch.equal(made.y_test, expected.y_test)
    with pytest.raises(UploadError):
        DataConfig(UPLOAD).make()  # no file: the page never builds it, the CLI says --data


def test_a_link_with_dataset_upload_takes_the_file_and_its_classes():
    state, problems = link.check({"dataset": ["upload"], "hidden": ["4"]})
    assert not problems and state.dataset == UPLOAD
    config = link.lab_config(state, upload=GOOD)
    assert config.data.upload_csv == GOOD and config.runs[0].arch.classes == 3
    assert config.runs[0].arch.sizes == (2, 4, 3)
    assert link.lab_config(dataclasses.replace(state, dataset="moons"), upload=GOOD).data.upload_csv == b""
    with pytest.raises(UploadError):
        link.lab_config(state, upload=csv(["1,2,0", "nan,1,1"]))
