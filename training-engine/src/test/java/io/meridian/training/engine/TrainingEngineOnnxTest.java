package io.meridian.training.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.TrainingRequest.ThresholdSpec;
import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.TrainingRequest.ValidationPlan.Kind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.Algorithms;
import io.meridian.training.engine.onnx.OnnxPipelineExporter;
import io.meridian.training.engine.onnx.OrtScorer;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.prep.PreprocessingSpec.Imputation;
import io.meridian.training.engine.prep.PreprocessingSpec.Scaling;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;
import io.meridian.training.engine.prep.Preprocessor;
import io.meridian.training.engine.testing.Synthetic;
import io.meridian.training.engine.validation.Fold;

/**
 * The engine end to end with the real parts: Tribuo trainers, the ONNX exporter and ONNX Runtime. Every run
 * passes the engine's own parity check (ONNX vs Java within 1e-5, or the run fails); these tests add what the
 * issue asks of the whole: each algorithm beats its baseline through cross-validation, the tuned threshold is
 * the one the exported graph's label applies, gradient-boosted trees beat a linear model on a non-linear
 * target, and the folds a run uses are reproducible from the request.
 */
class TrainingEngineOnnxTest {
    private static final OrtScorer SCORER = new OrtScorer();
    private static final TrainingEngine ENGINE = new TrainingEngine(new Algorithms(), new OnnxPipelineExporter(),
        SCORER, 1e-5);

    @AfterAll
    static void close() throws Exception {
        SCORER.close();
    }

    private static PreprocessingSpec prep(int pca) {
        return new PreprocessingSpec(Imputation.MEDIAN, 0, true, Imputation.MOST_FREQUENT, "missing",
            UnseenPolicy.IGNORE, 0, Scaling.STANDARD, pca, 0, null);
    }

    private static Map<String, String> fast(String algorithm) {
        return switch (algorithm) {
            case "xgboost" -> Map.of("numTrees", "40", "maxDepth", "3");
            case "random-forest" -> Map.of("numTrees", "20", "maxDepth", "6");
            case "factorization-machine" -> Map.of("epochs", "8");
            default -> Map.of();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "factorization-machine", "xgboost", "random-forest"})
    void everyClassifierTrainsExportsAndServesTheTunedThreshold(String algorithm) {
        Synthetic.Data data = Synthetic.churn(1500, 5);
        TrainingRequest request = new TrainingRequest(Task.BINARY, "yes", prep(0), algorithm, fast(algorithm),
            new ValidationPlan(Kind.STRATIFIED_KFOLD, 3, 1, 0), null,
            new ImbalanceSpec(ImbalanceSpec.Strategy.CLASS_WEIGHTS, 1), new ThresholdSpec(
                ThresholdSpec.Objective.TARGET_RECALL, 0.8), false, 21);
        EngineResult r = ENGINE.run(request, data.frame(), data.target(), (f, m) -> { });

        assertTrue(r.parityMaxAbsDiff() <= 1e-5, algorithm + " parity " + r.parityMaxAbsDiff());
        assertTrue(r.metrics().get("roc_auc") > r.baseline().get("roc_auc") + 0.15,
            algorithm + " roc_auc " + r.metrics().get("roc_auc") + " vs baseline " + r.baseline().get("roc_auc"));
        assertTrue(r.metrics().get("recall") >= 0.8 - 1e-9, algorithm + " recall " + r.metrics().get("recall"));
        assertTrue(r.threshold() > 0 && r.threshold() < 1, "threshold " + r.threshold());

        // the graph's label output is the positive class exactly when P(yes) >= the tuned threshold
        Frame rows = data.frame().rows(java.util.stream.IntStream.range(0, 400).toArray());
        double[][] p = SCORER.score(r.onnx(), rows);
        String[] labels = SCORER.labels(r.onnx(), rows);
        int yes = r.classes().indexOf("yes");
        for (int i = 0; i < labels.length; i++) {
            if (Math.abs(p[i][yes] - r.threshold()) > 1e-6) {
                assertEquals(p[i][yes] >= r.threshold() ? "yes" : "no", labels[i], "row " + i);
            }
        }
        // and the Java pipeline gives the same probabilities
        double[][] java = r.model().predict(Preprocessor.transform(r.preprocessor(), rows));
        for (int i = 0; i < p.length; i++) {
            assertEquals(java[i][yes], p[i][yes], 1e-5, "row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-regression", "xgboost", "random-forest", "factorization-machine"})
    void everyRegressorTrainsAndExports(String algorithm) {
        Synthetic.Data data = Synthetic.housing(1200, 8);
        TrainingRequest request = new TrainingRequest(Task.REGRESSION, null, prep(0), algorithm, fast(algorithm),
            new ValidationPlan(Kind.KFOLD, 3, 1, 0), null, null, null, false, 4);
        EngineResult r = ENGINE.run(request, data.frame(), data.target(), (f, m) -> { });
        assertTrue(r.metrics().get("r2") > 0.6, algorithm + " r2 " + r.metrics().get("r2"));
        assertTrue(r.baseline().get("r2") < 0.01, "mean baseline r2 " + r.baseline().get("r2"));
        assertTrue(r.metrics().get("rmse") < r.baseline().get("rmse"));
        assertEquals(3, r.folds().size());
    }

    @Test
    void pcaInsideTheGraphAndMulticlass() {
        Synthetic.Data data = Synthetic.multiclass(900, 3);
        TrainingRequest request = new TrainingRequest(Task.MULTICLASS, null, prep(2), "logistic-regression",
            Map.of(), new ValidationPlan(Kind.STRATIFIED_KFOLD, 3, 1, 0), null, null, null, false, 6);
        EngineResult r = ENGINE.run(request, data.frame(), data.target(), (f, m) -> { });
        assertEquals(2, r.preprocessor().outputWidth());
        assertTrue(r.metrics().get("accuracy") > r.baseline().get("accuracy") + 0.2, "accuracy "
            + r.metrics().get("accuracy"));
        String[] labels = SCORER.labels(r.onnx(), data.frame().rows(new int[] {0, 1, 2, 3, 4}));
        assertEquals(5, labels.length);
        assertTrue(List.of("a", "b", "c").containsAll(List.of(labels)));
    }

    @Test
    void gradientBoostedTreesBeatLogisticRegressionOnANonLinearTarget() {
        int n = 2000;
        SplittableRandom random = new SplittableRandom(17);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            x1[i] = random.nextDouble() * 2 - 1;
            x2[i] = random.nextDouble() * 2 - 1;
            boolean xor = (x1[i] > 0) != (x2[i] > 0);
            label[i] = random.nextDouble() < (xor ? 0.9 : 0.1) ? 1 : 0;
        }
        Frame frame = Frame.builder(n).numeric("x1", x1).numeric("x2", x2).build();
        Target target = Target.classification(Task.BINARY, List.of("false", "true"), label, 1);
        double[] auc = new double[2];
        String[] algorithms = {"logistic-regression", "xgboost"};
        for (int a = 0; a < 2; a++) {
            TrainingRequest request = new TrainingRequest(Task.BINARY, null, prep(0), algorithms[a],
                fast(algorithms[a]), new ValidationPlan(Kind.STRATIFIED_KFOLD, 5, 1, 0), null, null, null, false, 9);
            auc[a] = ENGINE.run(request, frame, target, (f, m) -> { }).metrics().get("roc_auc");
        }
        assertTrue(auc[0] < 0.6, "a linear model cannot separate XOR: roc_auc " + auc[0]);
        assertTrue(auc[1] > 0.85, "trees can: roc_auc " + auc[1]);
    }

    @Test
    void theFoldsOfARunAreReproducibleFromTheRequest() {
        Synthetic.Data data = Synthetic.churn(600, 2);
        TrainingRequest request = new TrainingRequest(Task.BINARY, "yes", prep(0), "logistic-regression", Map.of(),
            new ValidationPlan(Kind.STRATIFIED_KFOLD, 4, 1, 0), null, null, null, false, 33);
        List<Fold> folds = TrainingEngine.folds(request, 600, data.target());
        EngineResult r = ENGINE.run(request, data.frame(), data.target(), (f, m) -> { });
        assertEquals(folds.size(), r.folds().size());
        for (int k = 0; k < folds.size(); k++) {
            assertEquals(folds.get(k).validation().length, r.folds().get(k).validationRows());
        }
        assertArrayEquals(folds.get(0).validation(), TrainingEngine.folds(request, 600, data.target()).get(0)
            .validation());
    }
}
