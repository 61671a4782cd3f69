"""Peer figure for the gradient-boosting bench: scikit-learn's HistGradientBoostingClassifier on
one thread, trained on the same table and scored on the same hold-out as Brecha's GBT.

Usage: python3 histgb.py DIR ROWS COLS RUNS  (DIR holds x.f64, y.f64 and test.u8 written by the
bench: row-major float64 features with NaN for missing, the 0/1 target, 1 for hold-out rows).
Prints one JSON line: median training seconds and hold-out accuracy."""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402

folder, rows, cols, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.fromfile(os.path.join(folder, "x.f64"), dtype="<f8").reshape(rows, cols)
y = np.fromfile(os.path.join(folder, "y.f64"), dtype="<f8")
test = np.fromfile(os.path.join(folder, "test.u8"), dtype=np.uint8).astype(bool)
times = []
accuracy = None
for _ in range(runs):
    model = HistGradientBoostingClassifier(
        max_iter=100, max_leaf_nodes=31, learning_rate=0.1, early_stopping=False
    )
    started = time.perf_counter()
    model.fit(x[~test], y[~test])
    times.append(time.perf_counter() - started)
    accuracy = float((model.predict(x[test]) == y[test]).mean())
times.sort()
print(json.dumps({"trainSeconds": times[len(times) // 2], "accuracy": accuracy}))
