package io.meridian.training.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.model.JobResult;

/** Turns an {@link EngineResult} into the stored {@link JobResult} (non-finite numbers become null). */
public final class JobResults {
    private JobResults() {
    }

    public static JobResult from(EngineResult r, TrainingData data, double tolerance) {
        List<JobResult.Fold> folds = r.folds() == null ? List.of() : r.folds().stream()
            .map(f -> new JobResult.Fold(f.repeat(), f.fold(), f.trainRows(), f.validationRows(), finite(f.metrics())))
            .toList();
        List<JobResult.Trial> trials = r.trials() == null ? List.of() : r.trials().stream()
            .map(t -> new JobResult.Trial(t.number(), t.hyperparameters(), finite(t.metrics()), finite(t.score()),
                t.rows(), t.status()))
            .toList();
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        if (r.perClass() != null) {
            r.perClass().forEach((c, m) -> perClass.put(c, finite(m)));
        }
        return new JobResult(r.task().name().toLowerCase(Locale.ROOT), r.classes(), r.positiveClass(),
            finite(r.threshold()), finite(r.metricsStd()), finite(r.baseline()), folds, r.confusionMatrix(), perClass,
            curve(r.roc()), curve(r.pr()), trials, r.hyperparameters(), importance(r.modelImportance()),
            importance(r.permutationImportance()), r.droppedColumns() == null ? Map.of() : r.droppedColumns(),
            data.features(), new JobResult.Parity(finite(r.parityMaxAbsDiff()), r.parityRows(), tolerance),
            data.lineage());
    }

    /** Only the finite entries. */
    public static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((k, v) -> {
                if (v != null && Double.isFinite(v)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    public static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    public static List<Double> finite(double[] values) {
        if (values == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(finite(v));
        }
        return out;
    }

    private static JobResult.Curve curve(EngineResult.Curve curve) {
        return curve == null ? null
            : new JobResult.Curve(finite(curve.x()), finite(curve.y()), finite(curve.thresholds()));
    }

    private static List<JobResult.Importance> importance(List<FeatureImportance> list) {
        return list == null ? List.of() : list.stream().map(i -> new JobResult.Importance(i.feature(),
            finite(i.importance()), finite(i.signed()), i.kind())).toList();
    }
}
