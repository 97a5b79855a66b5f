"""A FileArray answers every read the term arrays make as the loaded array would."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.index.file_array import FileArray

DTYPES = [np.int32, np.int64, np.uint16, np.uint32, np.float32]


@st.composite
def saved_arrays(draw):
    dtype = draw(st.sampled_from(DTYPES))
    values = draw(st.lists(st.integers(0, 60_000), min_size=0, max_size=300))
    return np.asarray(values, dtype=dtype)


@settings(max_examples=60, deadline=None)
@given(array=saved_arrays(), data=st.data())
def test_reads_equal_the_loaded_array(tmp_path_factory, array, data):
    path = tmp_path_factory.mktemp("fa") / "a.npy"
    np.save(path, array)
    fa = FileArray(path)
    assert len(fa) == array.size and fa.dtype == array.dtype
    lo = data.draw(st.integers(0, array.size))
    hi = data.draw(st.integers(0, array.size + 3))
    np.testing.assert_array_equal(fa[lo:hi], array[lo:hi])
    if array.size:
        i = data.draw(st.integers(-array.size, array.size - 1))
        assert fa[i] == array[i]
        picks = np.asarray(sorted(data.draw(st.lists(st.integers(0, array.size - 1),
                                                     max_size=20))), dtype=np.int64)
        np.testing.assert_array_equal(fa[picks], array[picks])


def test_out_of_range_and_strided_reads_are_refused(tmp_path):
    np.save(tmp_path / "a.npy", np.arange(5, dtype=np.int32))
    fa = FileArray(tmp_path / "a.npy")
    for bad in (5, -6, np.asarray([0, 5])):
        with pytest.raises(IndexError):
            fa[bad]
    with pytest.raises(IndexError):
        fa[::2]


def test_a_two_dimensional_file_is_refused(tmp_path):
    np.save(tmp_path / "m.npy", np.zeros((2, 2)))
    with pytest.raises(ValueError):
        FileArray(tmp_path / "m.npy")
