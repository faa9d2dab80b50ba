"""The LP's matrix as plain numpy CSC arrays; ``scipy.sparse`` only when something asks for more.

Building the LP, handing it to HiGHS and reading a solution back need a CSC matrix's three arrays,
its rows in order and a product with a vector: numpy does all three. Importing ``scipy.sparse``
costs about 0.1 s, more than everything else a ``corridors whatif`` computes on the bundled
network, so :class:`CSC` holds the arrays and builds the ``scipy.sparse.csc_matrix`` on first use
of anything else (``tocsr()``, ``tocoo()``, slicing, ``@`` with a matrix, ``.T`` …), which it then
behaves as. Every array is what scipy itself makes of the same entries (the same order, the same
index type, duplicates summed); a product sums in scipy's order, so results agree to the bit.

Examples
--------
>>> import numpy as np
>>> a = csc_from_entries(np.array([1.0, -1.0, 1.0]), np.array([0, 1, 1]), np.array([0, 0, 2]), (2, 3))
>>> a.indptr.tolist(), a.indices.tolist(), a.nnz
([0, 2, 2, 3], [0, 1, 1], 3)
>>> a.dot_vector(np.array([2.0, 5.0, 3.0])).tolist()
[2.0, 1.0]
>>> a.toarray().tolist()                      # anything else: scipy's own matrix
[[1.0, 0.0, 0.0], [-1.0, 0.0, 1.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["CSC", "csc_from_entries"]

_INT32_MAX = np.iinfo(np.int32).max


class CSC:
    """A CSC matrix (``data``, ``indices``, ``indptr``, ``shape``) that turns into scipy's on demand."""

    __slots__ = ("data", "indices", "indptr", "shape", "_scipy")
    __array_ufunc__ = None  # ``ndarray @ CSC`` and the like: numpy defers to the methods below

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]):
        self.data, self.indices, self.indptr, self.shape = data, indices, indptr, (int(shape[0]), int(shape[1]))
        self._scipy = None

    @property
    def nnz(self) -> int:
        """Stored entries."""
        return int(self.indptr[-1]) if len(self.indptr) else 0

    def scipy(self):
        """The ``scipy.sparse.csc_matrix`` on these arrays (made once, sharing them)."""
        if self._scipy is None:
            import scipy.sparse as sp

            self._scipy = sp.csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)
        return self._scipy

    # -- what the LP needs, in numpy ------------------------------------------------------------------
    def row_major(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(start, index, value)`` of the same matrix by rows: ``tocsr()``'s arrays (columns ascending)."""
        cols = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        order = np.argsort(self.indices, kind="stable")
        start = np.zeros(self.shape[0] + 1, dtype=self.indptr.dtype)
        np.cumsum(np.bincount(self.indices, minlength=self.shape[0]), out=start[1:])
        return start, cols[order].astype(self.indices.dtype), self.data[order]

    def dot_vector(self, x: np.ndarray) -> np.ndarray:
        """``matrix @ x`` for a vector, summed in scipy's order (column by column)."""
        cols = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        return np.bincount(self.indices, weights=self.data * x[cols], minlength=self.shape[0]).astype(float)

    # -- everything else: scipy's matrix ---------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in CSC.__slots__:
            raise AttributeError(name)
        return getattr(self.scipy(), name)

    def __matmul__(self, other):
        if isinstance(other, np.ndarray) and other.ndim == 1:
            return self.dot_vector(other)
        return self.scipy() @ (other.scipy() if isinstance(other, CSC) else other)

    def __rmatmul__(self, other):
        return other @ self.scipy()

    def __getitem__(self, key):
        return self.scipy()[key]

    def __abs__(self):
        return abs(self.scipy())

    def _scipy_op(name: str):  # noqa: N805 - builds the arithmetic dunders below
        def op(self, *args):
            return getattr(self.scipy(), name)(*(a.scipy() if isinstance(a, CSC) else a for a in args))

        op.__name__ = name
        return op

    for _name in ("__mul__", "__rmul__", "__add__", "__radd__", "__sub__", "__rsub__", "__neg__", "__truediv__"):
        locals()[_name] = _scipy_op(_name)
    del _name, _scipy_op

    def __getstate__(self):
        return self.data, self.indices, self.indptr, self.shape

    def __setstate__(self, state) -> None:
        self.data, self.indices, self.indptr, self.shape = state
        self._scipy = None

    def __repr__(self) -> str:
        return f"<CSC {self.shape[0]}x{self.shape[1]}, {self.nnz} stored entries>"


def csc_from_entries(values: np.ndarray, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> CSC:
    """``scipy.sparse.csc_matrix((values, (rows, cols)), shape)`` with its duplicates summed and
    indices sorted, as arrays: entries by column, then row; int32 indices where they fit (as scipy)."""
    m, n = int(shape[0]), int(shape[1])
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    order = np.lexsort((rows, cols))
    r, c, v = rows[order], cols[order], values[order]
    if len(r) > 1:
        first = np.ones(len(r), dtype=bool)
        first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
        if not first.all():  # duplicates: summed, in the order scipy keeps them (the entries' order)
            at = np.flatnonzero(first)
            v = np.add.reduceat(v, at)
            r, c = r[at], c[at]
    index_type = np.int32 if max(m, n, len(r)) <= _INT32_MAX else np.int64
    indptr = np.zeros(n + 1, dtype=index_type)
    np.cumsum(np.bincount(c, minlength=n), out=indptr[1:])
    return CSC(v, r.astype(index_type), indptr, (m, n))
