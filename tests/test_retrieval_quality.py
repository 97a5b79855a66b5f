"""A quality guard on real data: XQuAD-hi retrieval must stay well above Whoosh's default.

Not a timed test; ``make eval`` prints the full table. Skipped when ../shared/data is absent.
"""

from __future__ import annotations

import pytest

from tests.eval import retrieval
from tests.eval.xquad import load
from tests.shared_data import missing_reason, shared_dir

XQUAD = shared_dir() / "data" / "xquad-hi"


@pytest.mark.shared_data
@pytest.mark.skipif(missing_reason(XQUAD) is not None, reason=str(missing_reason(XQUAD)))
def test_hindi_analysis_beats_whoosh_default_on_xquad_hi():
    results = retrieval.evaluate(load(XQUAD))
    ours, base = results["talaash"], results["whoosh-standard"]
    assert ours["nDCG@10"] >= 0.90
    assert ours["nDCG@10"] > base["nDCG@10"] + 0.10
    assert ours["Recall@10"] >= base["Recall@10"]
