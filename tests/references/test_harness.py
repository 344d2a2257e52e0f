"""The block finder itself: markers bind only to the fence directly below them."""

from __future__ import annotations

from ref_blocks import iter_blocks, parse_marker
from test_blocks import classify


def test_marker_binds_to_the_next_fence_only(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- skip: 1.x code -->\n```python\nimport pytorch_lightning\n```\n\n"
        "<!-- fixture: model -->\n\n```python\nprint(model)\n```\n"
        "```py\nx = 1\n```\n"
    )
    skipped, detached, short = iter_blocks(page)
    assert classify(skipped) == ("skip", "1.x code")
    assert detached.marker is None and classify(detached) == ("run", "")  # blank line: runs as is
    assert short.lang == "py"  # flagged by test_every_block_is_run_or_marked


def test_parse_marker_combinations():
    assert parse_marker("gpu fixture: model") == {"gpu": "", "fixture": "model"}
    assert parse_marker("requires: onnx onnxscript fixture: model") == {
        "requires": "onnx onnxscript",
        "fixture": "model",
    }
    assert parse_marker("skip: before: 1.x") == {"skip": "before: 1.x"}
