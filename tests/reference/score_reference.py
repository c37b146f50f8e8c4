"""Independent reference values for the scoring tests (src/score.rs tests).

TOPSIS comes from the pymcdm library (min-max normalisation); RSR, probit and entropy weights
are computed here from SCORING.md's formulas with Python's own statistics.NormalDist.
Run: pip install pymcdm numpy; python3 tests/reference/score_reference.py
"""
import math
from statistics import NormalDist

import numpy as np
from pymcdm.methods import TOPSIS
from pymcdm import normalizations as norm

# Items 1, 3 (area 1, weights 1 and 2), 22 and 32 (area 2, weights 1 and 1; 32 is lower-better).
X = np.array([
    [10, 40, 900, 3.5],
    [20, 45, 1500, 2.0],
    [30, 50, 1200, 4.1],
    [25, 42, 2000, 1.2],
    [12, 60, 1000, 2.8],
], dtype=float)
types = np.array([1, 1, 1, -1])
w = np.array([15 * 1 / 3, 15 * 2 / 3, 50 / 2, 50 / 2])
w = w / w.sum()
print("weights", [repr(x) for x in w])

topsis = TOPSIS(normalization_function=norm.minmax_normalization)
pref = topsis(X, w, types)
print("topsis", [repr(100 * x) for x in pref])

# Min-max with direction.
Z = np.zeros_like(X)
for j in range(X.shape[1]):
    lo, hi = X[:, j].min(), X[:, j].max()
    Z[:, j] = (X[:, j] - lo) / (hi - lo) if types[j] == 1 else (hi - X[:, j]) / (hi - lo)
n = X.shape[0]

# Weighted non-integer RSR.
R = 1 + (n - 1) * Z
wrsr = (R * w).sum(axis=1) / n
print("rsr", [repr(100 * x) for x in wrsr])

# Probit regression over distinct WRSR values.
vals = sorted(set(wrsr))
probits = []
for k, v in enumerate(vals):
    pos = [i + 1 for i, x in enumerate(sorted(wrsr)) if x == v]
    p = (sum(pos) / len(pos)) / n if k < len(vals) - 1 else 1 - 1 / (4 * n)
    probits.append(5 + NormalDist().inv_cdf(p))
b, a = np.polyfit(probits, vals, 1)
print("probit a b", repr(a), repr(b))
tiers = []
for v in wrsr:
    fitted = a + b * probits[vals.index(v)]
    tiers.append(0 if fitted >= a + 6 * b else (2 if fitted < a + 4 * b else 1))
print("tiers", tiers)

# Entropy weights on the min-max values.
d = []
for j in range(Z.shape[1]):
    y = Z[:, j]
    p = y / y.sum()
    e = -sum(x * math.log(x) for x in p if x > 0) / math.log(n)
    d.append(1 - e)
we = np.array(d) / sum(d)
print("entropy", [repr(x) for x in we])
# Composite total with entropy weights: Σ w s / Σ w, s = 100 z.
print("entropy composite", [repr(x) for x in (100 * Z * we).sum(axis=1) / we.sum()])
