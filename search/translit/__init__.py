"""Latin-script ("Hinglish") queries find Devanagari articles (issue 14).

- :mod:`search.translit.key`: the phonetic key that both scripts reduce to (rules in
  ``search/data/translit-*.tsv``);
- :mod:`search.translit.keymap`: each generation's map from keys to its Devanagari words,
  built by the rebuild and memory-mapped by searchers;
- :mod:`search.translit.session`: the hook by which the query builder reads a Latin word as
  its Devanagari candidates, for one search.
"""
