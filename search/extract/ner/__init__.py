"""Statistical person/place/organisation tagging for Hindi news (a CRF over word features).

A gazetteer knows famous places, but news is full of people and small places no list holds;
a sequence model trained on annotated Hindi text (see ``search/data/ATTRIBUTION.md``) finds
them from context: a title before a word, a postposition after it, the shape of a name.

- :mod:`search.extract.ner.tokens`: the tokens the tagger sees in raw text;
- :mod:`search.extract.ner.features`: the one feature function of training and tagging;
- :mod:`search.extract.ner.tagger`: the shipped model, tagging text into character spans;
- :mod:`training.corpus` and :mod:`training.train`: the data and the reproducible training.
"""
