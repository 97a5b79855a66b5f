"""A one-dimensional ``.npy`` file read in slices with ``pread``, never memory-mapped.

Memory-mapped term arrays are shared through the page cache, but every page a worker touches
is counted in that worker's resident set: over a long load run at 100,000 articles each of the
two workers came to map most of the 500 MB of postings, and the server's RSS summed them twice
(1.06 GiB, with 485 MiB PSS). Read with ``pread``, the same pages stay in the kernel's page
cache, shared and reclaimable, and a worker holds only the slices one query copies out, which
the query copied anyway (``astype`` to 64 bits). ``pread`` keeps no file position, so one file
descriptor serves every thread.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format


class FileArray:
    """The elements of a saved 1-D array, read on demand: ``a[i]``, ``a[lo:hi]`` and
    ``a[indices]`` answer what indexing the loaded array would."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            version = npy_format.read_magic(f)
            read_header = (npy_format.read_array_header_1_0 if version == (1, 0)
                           else npy_format.read_array_header_2_0)
            shape, _fortran, dtype = read_header(f)
            self._start = f.tell()
        if len(shape) != 1 or dtype.hasobject:
            raise ValueError(f"{path}: not a 1-D array of numbers")
        self.dtype = dtype
        self.size = int(shape[0])
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def __len__(self) -> int:
        return self.size

    def _read(self, lo: int, hi: int) -> np.ndarray:
        if hi <= lo:
            return np.zeros(0, dtype=self.dtype)
        width = self.dtype.itemsize
        data = os.pread(self._fd, (hi - lo) * width, self._start + lo * width)
        if len(data) != (hi - lo) * width:
            raise OSError(f"short read of an array file: {len(data)} bytes")
        return np.frombuffer(data, dtype=self.dtype)

    def __getitem__(self, key):
        if isinstance(key, slice):
            lo, hi, step = key.indices(self.size)
            if step != 1:
                raise IndexError("a FileArray is read in contiguous slices")
            return self._read(lo, hi)
        if isinstance(key, np.ndarray) and key.ndim == 1 and key.dtype.kind in "iu":
            if key.size == 0:
                return np.zeros(0, dtype=self.dtype)
            lo, hi = int(key.min()), int(key.max()) + 1
            if lo < 0 or hi > self.size:
                raise IndexError("index out of range")
            return self._read(lo, hi)[key - lo]
        i = int(key)
        if i < 0:
            i += self.size
        if not 0 <= i < self.size:
            raise IndexError("index out of range")
        return self._read(i, i + 1)[0]
