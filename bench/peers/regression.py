"""Peer figures for the 10,000-row regression bench, on one thread: scikit-learn's
HistGradientBoostingRegressor with its defaults on the same 80/20 split as Brecha's GBT, and
MLPRegressor with settings matched to Brecha's network over the same five folds.

Usage: python3 regression.py DIR ROWS COLS  (DIR holds x.f64, y.f64 and fold.u8 written by the
bench: row-major float64 features, the target, and the fold of each row, 0-4; fold 0 is the GBT
hold-out). Prints one JSON line."""
import json
import os
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPRegressor  # noqa: E402

warnings.filterwarnings("ignore", category=ConvergenceWarning)

folder, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(os.path.join(folder, "x.f64"), dtype="<f8").reshape(rows, cols)
y = np.fromfile(os.path.join(folder, "y.f64"), dtype="<f8")
fold = np.fromfile(os.path.join(folder, "fold.u8"), dtype=np.uint8)


def r2(truth, predicted):
    return float(1 - ((truth - predicted) ** 2).sum() / ((truth - truth.mean()) ** 2).sum())


held = fold == 0
started = time.perf_counter()
gbt = HistGradientBoostingRegressor(random_state=1).fit(x[~held], y[~held])
gbt_seconds = time.perf_counter() - started
gbt_r2 = r2(y[held], gbt.predict(x[held]))

# Brecha's network: inputs and target standardised on the training rows, (32, 16) ReLU, Adam at
# 0.005, batches of 64, at most 200 epochs, early stopping on 10% after 15 epochs without gain.
# Brecha adds l2 * sum(W^2) to the mean squared error; scikit-learn adds alpha/(2 batch) * sum(W^2)
# to half the mean squared error, so alpha = l2 * batch gives the same gradient direction.
predicted = np.zeros(rows)
started = time.perf_counter()
for k in range(5):
    train = fold != k
    mean, scale = x[train].mean(axis=0), x[train].std(axis=0, ddof=1)
    target_mean, target_scale = y[train].mean(), y[train].std(ddof=1)
    net = MLPRegressor(
        hidden_layer_sizes=(32, 16),
        alpha=1e-4 * 64,
        batch_size=64,
        learning_rate_init=0.005,
        max_iter=200,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=15,
        tol=1e-7,
        random_state=1,
    ).fit((x[train] - mean) / scale, (y[train] - target_mean) / target_scale)
    predicted[~train] = net.predict((x[~train] - mean) / scale) * target_scale + target_mean
mlp_seconds = time.perf_counter() - started
print(
    json.dumps(
        {
            "gbtSeconds": gbt_seconds,
            "gbtR2": gbt_r2,
            "mlpSeconds": mlp_seconds,
            "mlpR2": r2(y, predicted),
        }
    )
)
