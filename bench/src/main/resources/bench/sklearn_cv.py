#!/usr/bin/env python3
"""Reference cross-validation with scikit-learn on the exact rows and folds the Meridian engine used.

Usage: sklearn_cv.py <csv> <task: binary|regression> <n_numeric> <n_categorical>
The CSV has the numeric columns, then the categorical ones (empty cell = missing), then `label` and `fold`.
Prints one JSON object per model: name, seconds (fit + predict over all folds), and the mean of each metric.
Preprocessing mirrors the engine's defaults: mean imputation + standard scaling of numeric columns, most-frequent
imputation + one-hot encoding (unseen ignored) of categorical ones.
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, log_loss, mean_absolute_error,
                             mean_squared_error, r2_score, roc_auc_score)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def main():
    path, task, n_num, n_cat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    num = np.array([[float(v) if v != "" else np.nan for v in r[:n_num]] for r in body], dtype=float)
    cat = np.array([[v if v != "" else "__missing__" for v in r[n_num:n_num + n_cat]] for r in body], dtype=object)
    x = np.concatenate([num.astype(object), cat], axis=1)
    labels = [r[n_num + n_cat] for r in body]
    folds = np.array([int(r[n_num + n_cat + 1]) for r in body])
    num_idx = list(range(n_num))
    cat_idx = list(range(n_num, n_num + n_cat))

    def prep():
        return ColumnTransformer([
            ("num", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), num_idx),
            ("cat", Pipeline([("impute", SimpleImputer(missing_values="__missing__", strategy="most_frequent")),
                              ("onehot", OneHotEncoder(handle_unknown="ignore"))]), cat_idx),
        ])

    if task == "binary":
        y = np.array([1 if v == "yes" else 0 for v in labels])
        models = {
            "logistic-regression": lambda: LogisticRegression(max_iter=1000),
            "gbt (HistGradientBoosting)": lambda: HistGradientBoostingClassifier(
                max_iter=100, max_depth=6, learning_rate=0.3, early_stopping=False, random_state=0),
        }
    else:
        y = np.array([float(v) for v in labels])
        models = {
            "linear-regression": lambda: LinearRegression(),
            "gbt (HistGradientBoosting)": lambda: HistGradientBoostingRegressor(
                max_iter=100, max_depth=6, learning_rate=0.3, early_stopping=False, random_state=0),
        }

    for name, make in models.items():
        scores = {}
        start = time.perf_counter()
        for k in sorted(set(folds)):
            train, test = folds != k, folds == k
            model = Pipeline([("prep", prep()), ("model", make())])
            model.fit(x[train], y[train])
            if task == "binary":
                p = model.predict_proba(x[test])[:, 1]
                fold = {"roc_auc": roc_auc_score(y[test], p), "pr_auc": average_precision_score(y[test], p),
                        "log_loss": log_loss(y[test], p), "accuracy": accuracy_score(y[test], p >= 0.5)}
            else:
                p = model.predict(x[test])
                fold = {"rmse": mean_squared_error(y[test], p) ** 0.5, "mae": mean_absolute_error(y[test], p),
                        "r2": r2_score(y[test], p)}
            for key, value in fold.items():
                scores.setdefault(key, []).append(value)
        seconds = time.perf_counter() - start
        print(json.dumps({"model": name, "seconds": seconds,
                          "metrics": {k: float(np.mean(v)) for k, v in scores.items()},
                          "std": {k: float(np.std(v)) for k, v in scores.items()}}), flush=True)


if __name__ == "__main__":
    main()
