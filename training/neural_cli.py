"""``python -m search.cli`` with extraction tagging by the CRF and a network together, for
measuring issue 9's network end to end without touching the product.

``$TALAASH_NER_NETWORK`` is ``folder[:vote|hybrid[:confidence]]``
(:func:`training.neural_tagger.with_network`); ``python -m training.neural_eval --news-dev``
runs :mod:`tests.eval.news_dev` through this. Rebuild workers are forked, so they inherit the
replaced tagger.
"""

from __future__ import annotations

import sys
from functools import cache

from search.extract import pipeline
from search.extract.ner.tagger import Tagger
from training.neural_tagger import with_network


def main() -> int:
    pipeline._tagger = cache(lambda: with_network(Tagger.load()))
    from search.cli import main as cli

    return cli()


if __name__ == "__main__":
    sys.exit(main())
