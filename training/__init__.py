"""How the shipped entity tagger and its word lists are made (``make train-ner``).

Never imported by ``search`` or ``web``: the product only loads the finished model from
``search/data``. The training data comes from ``../shared/data`` and is never copied here.
"""
