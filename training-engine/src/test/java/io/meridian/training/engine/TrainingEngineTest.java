package io.meridian.training.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.TrainingRequest.ParamSpace;
import io.meridian.training.engine.TrainingRequest.SearchSpec;
import io.meridian.training.engine.TrainingRequest.ThresholdSpec;
import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.TrainingRequest.ValidationPlan.Kind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.HyperparameterDef;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.testing.InMemoryPipelines;
import io.meridian.training.engine.testing.RidgeTrainer;
import io.meridian.training.engine.testing.SoftmaxTrainer;
import io.meridian.training.engine.testing.Synthetic;
import io.meridian.training.engine.testing.TestTrainers;
import io.meridian.training.engine.validation.Fold;
import io.meridian.training.engine.validation.Splitter;

class TrainingEngineTest {
    private static final EngineListener QUIET = (f, m) -> { };
    private static final ValidationPlan STRATIFIED5 = new ValidationPlan(Kind.STRATIFIED_KFOLD, 5, 1, 0);

    private static TrainingRequest churnRequest(ValidationPlan plan, SearchSpec search, ImbalanceSpec imbalance,
                                                ThresholdSpec threshold, boolean permutation, long seed) {
        return new TrainingRequest(Task.BINARY, "yes", PreprocessingSpec.defaults(), SoftmaxTrainer.ID, Map.of(),
            plan, search, imbalance, threshold, permutation, seed);
    }

    private static TrainingEngine engine(InMemoryPipelines pipelines) {
        return new TrainingEngine(new TestTrainers(), pipelines, pipelines, 1e-5);
    }

    private static EngineResult run(TrainingRequest request, Synthetic.Data data) {
        return engine(new InMemoryPipelines()).run(request, data.frame(), data.target(), QUIET);
    }

    @Test
    void churnModelBeatsTheBaselineWithEveryReportFilled() {
        Synthetic.Data data = Synthetic.churn(3000, 1);
        List<Double> progress = new ArrayList<>();
        EngineResult r = engine(new InMemoryPipelines()).run(churnRequest(STRATIFIED5, null, null, null, false, 7),
            data.frame(), data.target(), (f, m) -> progress.add(f));
        long positives = Arrays.stream(data.target().classIndex()).sum();
        assertTrue(positives > 0.10 * 3000 && positives < 0.20 * 3000, "positives " + positives);
        assertEquals("yes", r.positiveClass());
        assertEquals(List.of("no", "yes"), r.classes());
        assertEquals(5, r.folds().size());
        assertTrue(r.metrics().get("roc_auc") > 0.75, "auc " + r.metrics().get("roc_auc"));
        assertEquals(0.5, r.baseline().get("roc_auc"), 1e-12);
        assertEquals(1 - positives / 3000.0, r.baseline().get("accuracy"), 1e-3);
        assertTrue(r.metrics().get("log_loss") < r.baseline().get("log_loss"));
        assertTrue(r.metrics().get("pr_auc") > 2 * positives / 3000.0);
        assertTrue(r.metricsStd().get("roc_auc") > 0 && r.metricsStd().get("roc_auc") < 0.05);
        assertEquals(0.5, r.threshold());
        assertEquals(3000, Arrays.stream(r.confusionMatrix()).flatMapToLong(Arrays::stream).sum());
        assertEquals(positives, Arrays.stream(r.confusionMatrix()[1]).sum());
        assertEquals(Set.of("no", "yes"), r.perClass().keySet());
        assertEquals(0.0, r.roc().x()[0]);
        assertEquals(1.0, r.roc().x()[r.roc().x().length - 1], 1e-12);
        assertEquals(0.0, r.parityMaxAbsDiff());
        assertEquals(2000, r.parityRows());
        assertEquals(3000, r.rows());
        assertEquals(Set.of("tenure", "monthly", "plan", "region", "noise"), r.referenceProfile().keySet());
        assertEquals(150L, r.referenceProfile().get("tenure").missing(), 60);
        assertTrue(r.modelImportance().size() == r.preprocessor().outputWidth());
        assertTrue(r.permutationImportance().isEmpty());
        assertTrue(r.trials().isEmpty());
        assertEquals("150", r.hyperparameters().get("epochs"));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress goes forward");
        }
        assertEquals(1.0, progress.get(progress.size() - 1));
    }

    @Test
    void sameSeedGivesSameFoldsAndMetricsAnotherSeedOtherFolds() {
        Synthetic.Data data = Synthetic.churn(1200, 2);
        EngineResult a = run(churnRequest(STRATIFIED5, null, null, null, false, 3), data);
        EngineResult b = run(churnRequest(STRATIFIED5, null, null, null, false, 3), data);
        EngineResult c = run(churnRequest(STRATIFIED5, null, null, null, false, 4), data);
        assertEquals(a.folds(), b.folds());
        assertEquals(a.metrics(), b.metrics());
        assertNotEquals(a.folds(), c.folds());
    }

    /** Records every fit: its matrix, labels and weights. */
    private static final class SpyTrainer implements ModelTrainer {
        private final ModelTrainer inner = new SoftmaxTrainer();
        final List<double[][]> matrices = new ArrayList<>();
        final List<Target> targets = new ArrayList<>();
        final List<double[]> weights = new ArrayList<>();

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public Set<Task> tasks() {
            return inner.tasks();
        }

        @Override
        public Map<String, HyperparameterDef> hyperparameters() {
            return inner.hyperparameters();
        }

        @Override
        public TrainedModel fit(double[][] x, List<String> inputNames, Target target, double[] w,
                                Map<String, String> hyperparameters, long seed) {
            matrices.add(x);
            targets.add(target);
            weights.add(w);
            return inner.fit(x, inputNames, target, w, hyperparameters, seed);
        }
    }

    @Test
    void preprocessingIsFittedOnTheTrainingPartOfEveryFoldOnly() {
        Synthetic.Data data = Synthetic.churn(1000, 3);
        SpyTrainer spy = new SpyTrainer();
        InMemoryPipelines pipelines = new InMemoryPipelines();
        ValidationPlan plan = new ValidationPlan(Kind.KFOLD, 4, 1, 0);
        new TrainingEngine(new TestTrainers(spy), pipelines, pipelines, 1e-5)
            .run(churnRequest(plan, null, null, null, false, 5), data.frame(), data.target(), QUIET);
        List<Fold> folds = Splitter.split(plan, 1000, null, Seeds.derive(5, 1));
        assertEquals(5, spy.matrices.size(), "4 folds and the final refit");
        double worstLeak = 0;
        for (int f = 0; f < 4; f++) {
            double[][] x = spy.matrices.get(f);
            assertEquals(folds.get(f).train().length, x.length);
            // tenure (column 0, imputed with the training mean) and monthly (column 1) are standardised with the
            // training part's statistics: mean exactly 0 and variance exactly 1 over the training part
            for (int j = 0; j < 2; j++) {
                double mean = 0;
                for (double[] row : x) {
                    mean += row[j];
                }
                mean /= x.length;
                double var = 0;
                for (double[] row : x) {
                    var += (row[j] - mean) * (row[j] - mean);
                }
                assertEquals(0, mean, 1e-9, "fold " + f + " column " + j);
                assertEquals(1, var / x.length, 1e-9, "fold " + f + " column " + j);
            }
            // a scaler fitted on all rows would leave the training part off-centre: the check above can fail
            double[] monthly = data.frame().numeric("monthly");
            double allMean = Arrays.stream(monthly).average().orElseThrow();
            double trainMean = Arrays.stream(folds.get(f).train()).mapToDouble(i -> monthly[i]).average()
                .orElseThrow();
            worstLeak = Math.max(worstLeak, Math.abs(allMean - trainMean));
        }
        assertTrue(worstLeak > 1e-3, "folds differ from the whole in their means: " + worstLeak);
        assertEquals(1000, spy.matrices.get(4).length);
    }

    @Test
    void imbalanceHandlingTouchesTheTrainingPartOnlyNeverTheValidationRows() {
        Synthetic.Data data = Synthetic.churn(1500, 4);
        long positives = Arrays.stream(data.target().classIndex()).sum();
        for (ImbalanceSpec.Strategy strategy : new ImbalanceSpec.Strategy[] {ImbalanceSpec.Strategy.OVER_SAMPLE,
            ImbalanceSpec.Strategy.UNDER_SAMPLE, ImbalanceSpec.Strategy.CLASS_WEIGHTS}) {
            SpyTrainer spy = new SpyTrainer();
            InMemoryPipelines pipelines = new InMemoryPipelines();
            EngineResult r = new TrainingEngine(new TestTrainers(spy), pipelines, pipelines, 1e-5).run(
                churnRequest(STRATIFIED5, null, new ImbalanceSpec(strategy, 1.0), null, false, 6), data.frame(),
                data.target(), QUIET);
            List<Fold> folds = Splitter.split(STRATIFIED5, 1500, data.target().classIndex(), Seeds.derive(6, 1));
            for (int f = 0; f < 5; f++) {
                int[] y = spy.targets.get(f).classIndex();
                long pos = Arrays.stream(y).sum();
                if (strategy == ImbalanceSpec.Strategy.CLASS_WEIGHTS) {
                    assertEquals(folds.get(f).train().length, y.length);
                    assertEquals(1.0, Arrays.stream(spy.weights.get(f)).average().orElseThrow(), 1e-9);
                } else {
                    assertEquals(y.length - pos, pos, strategy + ": balanced training part");
                }
                // validation rows are the original fold, unchanged in size and class mix
                assertEquals(folds.get(f).validation().length, r.folds().get(f).validationRows());
                assertEquals(y.length, r.folds().get(f).trainRows());
            }
            assertEquals(1500, Arrays.stream(r.confusionMatrix()).flatMapToLong(Arrays::stream).sum());
            assertEquals(positives, Arrays.stream(r.confusionMatrix()[1]).sum());
        }
    }

    @Test
    void thresholdTunedForRecallReachesTheTargetAndIsExported() {
        Synthetic.Data data = Synthetic.churn(3000, 5);
        EngineResult plain = run(churnRequest(STRATIFIED5, null, null, null, false, 8), data);
        InMemoryPipelines pipelines = new InMemoryPipelines();
        EngineResult tuned = engine(pipelines).run(churnRequest(STRATIFIED5, null, null,
            new ThresholdSpec(ThresholdSpec.Objective.TARGET_RECALL, 0.8), false, 8), data.frame(), data.target(),
            QUIET);
        assertTrue(plain.perClass().get("yes").get("recall") < 0.8, "recall at 0.5");
        assertTrue(tuned.threshold() < 0.5);
        assertTrue(tuned.perClass().get("yes").get("recall") >= 0.8, "out-of-fold recall at the tuned threshold");
        long[] positiveRow = tuned.confusionMatrix()[1];
        assertTrue(positiveRow[1] >= 0.8 * (positiveRow[0] + positiveRow[1]));
        assertTrue(tuned.metrics().get("recall") > plain.metrics().get("recall"));
        assertEquals(plain.metrics().get("roc_auc"), tuned.metrics().get("roc_auc"), 1e-12);
        assertEquals(tuned.threshold(), pipelines.lastOptions().threshold());
        assertEquals(Double.toString(tuned.threshold()), pipelines.lastOptions().metadata().get("meridian.threshold"));
    }

    @Test
    void gridSearchRecordsEveryTrialIncludingInvalidOnesAndRefitsTheBest() {
        Synthetic.Data data = Synthetic.churn(800, 6);
        SearchSpec search = new SearchSpec(SearchSpec.Strategy.GRID, Map.of(
            "learningRate", ParamSpace.of(List.of("-0.5", "0.01", "1.0")),
            "epochs", ParamSpace.of(List.of("5", "100"))), 20, "log_loss", false);
        EngineResult r = run(churnRequest(STRATIFIED5, search, null, null, false, 9), data);
        assertEquals(6, r.trials().size());
        assertEquals(2, r.trials().stream().filter(t -> t.status().startsWith("failed")).count());
        assertTrue(r.trials().stream().filter(t -> t.status().startsWith("failed"))
            .allMatch(t -> t.status().contains("learningRate")));
        EngineResult.Trial best = r.trials().stream().filter(t -> t.status().equals("completed"))
            .min((x, y) -> Double.compare(x.score(), y.score())).orElseThrow();
        assertEquals("1.0", best.hyperparameters().get("learningRate"));
        assertEquals("100", best.hyperparameters().get("epochs"));
        assertEquals(best.score(), r.metrics().get("log_loss"), 1e-12, "the final CV repeats the best trial");
        assertEquals(1.0, Double.parseDouble(r.hyperparameters().get("learningRate")));
        assertEquals("100", r.hyperparameters().get("epochs"));
    }

    @Test
    void successiveHalvingSpendsTheBudgetOnGrowingRowSubsets() {
        Synthetic.Data data = Synthetic.churn(1500, 7);
        SearchSpec search = new SearchSpec(SearchSpec.Strategy.SUCCESSIVE_HALVING, Map.of(
            "learningRate", ParamSpace.range(0.01, 2, true, false),
            "epochs", ParamSpace.range(5, 120, false, true)), 9, "roc_auc", true);
        EngineResult r = run(new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(), SoftmaxTrainer.ID,
            Map.of(), new ValidationPlan(Kind.STRATIFIED_KFOLD, 3, 1, 0), search, null, null, false, 10), data);
        assertEquals(9, r.trials().size());
        assertTrue(r.trials().get(0).rows() < r.trials().get(6).rows());
        assertTrue(r.trials().get(6).rows() < r.trials().get(8).rows());
        assertEquals(1000, r.trials().get(8).rows());
        assertEquals(r.trials().get(8).score(), r.metrics().get("roc_auc"), 1e-12);
    }

    @Test
    void permutationImportanceRanksTheSignalAboveNoise() {
        Synthetic.Data data = Synthetic.churn(3000, 8);
        EngineResult r = run(churnRequest(STRATIFIED5, null, null, null, true, 11), data);
        List<String> ranked = r.permutationImportance().stream().map(f -> f.feature()).toList();
        assertEquals(5, ranked.size());
        assertTrue(Set.of("tenure", "monthly").contains(ranked.get(0)), ranked.toString());
        assertTrue(ranked.indexOf("noise") > ranked.indexOf("plan"), ranked.toString());
        double noise = r.permutationImportance().stream().filter(f -> f.feature().equals("noise")).findFirst()
            .orElseThrow().importance();
        assertTrue(Math.abs(noise) < 0.01, "noise " + noise);
        assertTrue(r.permutationImportance().get(0).importance() > 0.05);
    }

    @Test
    void housingRegressionBeatsTheMeanBaseline() {
        Synthetic.Data data = Synthetic.housing(2000, 9);
        EngineResult r = run(new TrainingRequest(Task.REGRESSION, null, PreprocessingSpec.defaults(), RidgeTrainer.ID,
            Map.of(), new ValidationPlan(Kind.REPEATED_KFOLD, 5, 2, 0), null, null, null, true, 12), data);
        assertEquals(10, r.folds().size());
        assertEquals(1, r.folds().get(9).repeat());
        assertTrue(r.metrics().get("r2") > 0.9, "r2 " + r.metrics().get("r2"));
        assertTrue(r.baseline().get("r2") < 0.01);
        assertEquals(10, r.metrics().get("rmse"), 1.0);
        assertTrue(r.metrics().get("mae") < r.baseline().get("mae") / 3);
        assertTrue(Double.isNaN(r.threshold()));
        assertEquals(null, r.confusionMatrix());
        assertEquals(null, r.roc());
        assertEquals("area", r.permutationImportance().get(0).feature());
    }

    @Test
    void multiclassReportsMacroMetricsPerClassAndConfusion() {
        Synthetic.Data data = Synthetic.multiclass(1500, 10);
        EngineResult r = run(new TrainingRequest(Task.MULTICLASS, null, PreprocessingSpec.defaults(),
            SoftmaxTrainer.ID, Map.of(), new ValidationPlan(Kind.HOLDOUT, 0, 1, 0.25), null, null, null, false, 13),
            data);
        assertEquals(1, r.folds().size());
        assertEquals(0.0, r.metricsStd().get("accuracy"));
        assertTrue(r.metrics().get("accuracy") > 0.85, "accuracy " + r.metrics().get("accuracy"));
        assertTrue(r.baseline().get("accuracy") < 0.45);
        assertEquals(3, r.confusionMatrix().length);
        assertEquals(375, Arrays.stream(r.confusionMatrix()).flatMapToLong(Arrays::stream).sum());
        assertEquals(Set.of("a", "b", "c"), r.perClass().keySet());
        assertEquals(null, r.positiveClass());
    }

    @Test
    void exportThatDriftsFromTheJavaPipelineFailsTheRun() {
        Synthetic.Data data = Synthetic.churn(600, 11);
        TrainingRequest request = churnRequest(STRATIFIED5, null, null, null, false, 14);
        TrainingException drift = assertThrows(TrainingException.class, () -> engine(new InMemoryPipelines()
            .perturb(1e-3)).run(request, data.frame(), data.target(), QUIET));
        assertTrue(drift.getMessage().contains("max |ONNX - Java| = 0.00100 over 600 rows exceeds the tolerance"),
            drift.getMessage());
        TrainingException labels = assertThrows(TrainingException.class, () -> engine(new InMemoryPipelines()
            .flipLabels()).run(request, data.frame(), data.target(), QUIET));
        assertTrue(labels.getMessage().contains("labels differ"), labels.getMessage());
        EngineResult within = engine(new InMemoryPipelines().perturb(1e-7)).run(request, data.frame(), data.target(),
            QUIET);
        assertEquals(1e-7, within.parityMaxAbsDiff(), 1e-9);
    }

    @Test
    void cancellationFromTheListenerEndsTheRun() {
        Synthetic.Data data = Synthetic.churn(600, 12);
        List<String> messages = new ArrayList<>();
        assertThrows(CancellationException.class, () -> engine(new InMemoryPipelines()).run(
            churnRequest(STRATIFIED5, null, null, null, false, 15), data.frame(), data.target(), (f, m) -> {
                messages.add(m);
                if (m.startsWith("validated fold 2")) {
                    throw new CancellationException("cancelled by the user");
                }
            }));
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("exporting")));
    }

    @Test
    void anExporterThatCannotWriteTheModelFailsWithAReason() {
        Synthetic.Data data = Synthetic.churn(300, 13);
        InMemoryPipelines scorer = new InMemoryPipelines();
        TrainingEngine engine = new TrainingEngine(new TestTrainers(), (p, m, o) -> {
            throw new UnsupportedOperationException("no converter for test-logistic");
        }, scorer, 1e-5);
        TrainingException e = assertThrows(TrainingException.class, () -> engine.run(
            churnRequest(STRATIFIED5, null, null, null, false, 1), data.frame(), data.target(), QUIET));
        assertEquals("algorithm", e.field());
        assertTrue(e.getMessage().contains("no converter for test-logistic"));
    }

    private static TrainingException rejected(TrainingRequest request, Frame frame, Target target) {
        return assertThrows(TrainingException.class, () -> engine(new InMemoryPipelines()).run(request, frame, target,
            QUIET));
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        Synthetic.Data data = Synthetic.churn(400, 14);
        Frame f = data.frame();
        Target t = data.target();
        TrainingException constant = rejected(churnRequest(STRATIFIED5, null, null, null, false, 1), f,
            Target.classification(Task.BINARY, List.of("no", "yes"), new int[400], 1));
        assertEquals("label", constant.field());
        assertTrue(constant.getMessage().contains("constant"), constant.getMessage());

        Frame tiny = f.rows(new int[] {0, 1, 2, 3, 4, 5, 6});
        TrainingException few = rejected(new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(),
            SoftmaxTrainer.ID, Map.of(), new ValidationPlan(Kind.KFOLD, 5, 1, 0), null, null, null, false, 1), tiny,
            Target.classification(Task.BINARY, List.of("no", "yes"), new int[] {0, 1, 0, 1, 0, 1, 0}, 1));
        assertEquals("validation.folds", few.field());
        assertTrue(few.getMessage().contains("too few rows"), few.getMessage());

        int[] rare = new int[400];
        rare[3] = 1;
        rare[9] = 1;
        TrainingException strat = rejected(churnRequest(STRATIFIED5, null, null, null, false, 1), f,
            Target.classification(Task.BINARY, List.of("no", "yes"), rare, 1));
        assertTrue(strat.getMessage().contains("class 'yes' has 2 rows, fewer than the 5 folds"), strat.getMessage());

        TrainingException rate = rejected(new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(),
            SoftmaxTrainer.ID, Map.of("learningRate", "-0.1"), STRATIFIED5, null, null, null, false, 1), f, t);
        assertEquals("hyperparameters.learningRate", rate.field());

        TrainingException unknown = rejected(new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(),
            "no-such-algorithm", Map.of(), STRATIFIED5, null, null, null, false, 1), f, t);
        assertEquals("algorithm", unknown.field());

        Synthetic.Data housing = Synthetic.housing(200, 1);
        TrainingException stratifiedRegression = rejected(new TrainingRequest(Task.REGRESSION, null,
            PreprocessingSpec.defaults(), RidgeTrainer.ID, Map.of(), STRATIFIED5, null, null, null, false, 1),
            housing.frame(), housing.target());
        assertEquals("validation.kind", stratifiedRegression.field());

        PreprocessingSpec both = new PreprocessingSpec(PreprocessingSpec.Imputation.MEAN, 0, false,
            PreprocessingSpec.Imputation.MOST_FREQUENT, null, PreprocessingSpec.UnseenPolicy.IGNORE, 0,
            PreprocessingSpec.Scaling.STANDARD, 2, 0.9, null);
        TrainingException pca = rejected(new TrainingRequest(Task.BINARY, null, both, SoftmaxTrainer.ID, Map.of(),
            STRATIFIED5, null, null, null, false, 1), f, t);
        assertEquals("preprocessing.pcaVariance", pca.field());

        TrainingException wrongTask = rejected(new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(),
            SoftmaxTrainer.ID, Map.of(), STRATIFIED5, null, null, null, false, 1), housing.frame(), housing.target());
        assertEquals("task", wrongTask.field());

        TrainingException metric = rejected(churnRequest(STRATIFIED5, new SearchSpec(SearchSpec.Strategy.GRID,
            Map.of("epochs", ParamSpace.of(List.of("5"))), 3, "rmse", false), null, null, false, 1), f, t);
        assertEquals("search.metric", metric.field());

        TrainingException positive = rejected(new TrainingRequest(Task.BINARY, "maybe", PreprocessingSpec.defaults(),
            SoftmaxTrainer.ID, Map.of(), STRATIFIED5, null, null, null, false, 1), f, t);
        assertEquals("positiveClass", positive.field());

        // a constant feature gives every row the same score: precision is the base rate at every threshold
        Frame flat = Frame.builder(400).numeric("flat", new double[400]).build();
        TrainingException precision = rejected(churnRequest(STRATIFIED5, null, null,
            new ThresholdSpec(ThresholdSpec.Objective.TARGET_PRECISION, 0.5), false, 1), flat, t);
        assertEquals("threshold.target", precision.field());
        assertTrue(precision.getMessage().contains("no threshold reaches precision"), precision.getMessage());
    }

    @Test
    void requestsAreCheckedWithoutDataBeforeAJobIsCreated() {
        TrainingEngine engine = engine(new InMemoryPipelines());
        engine.checkRequest(churnRequest(STRATIFIED5, null, null, null, false, 1));
        TrainingException rate = assertThrows(TrainingException.class, () -> engine.checkRequest(
            new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(), SoftmaxTrainer.ID,
                Map.of("learningRate", "-1"), STRATIFIED5, null, null, null, false, 1)));
        assertEquals("hyperparameters.learningRate", rate.field());
        assertTrue(rate.getMessage().contains("learningRate must be at least 0.0, got -1"), rate.getMessage());
        TrainingException typo = assertThrows(TrainingException.class, () -> engine.checkRequest(
            new TrainingRequest(Task.BINARY, null, PreprocessingSpec.defaults(), SoftmaxTrainer.ID,
                Map.of("epoch", "5"), STRATIFIED5, null, null, null, false, 1)));
        assertEquals("hyperparameters.epoch", typo.field());
        TrainingException folds = assertThrows(TrainingException.class, () -> engine.checkRequest(
            churnRequest(new ValidationPlan(Kind.KFOLD, 1, 1, 0), null, null, null, false, 1)));
        assertEquals("validation.folds", folds.field());
        TrainingException regressionThreshold = assertThrows(TrainingException.class, () -> engine.checkRequest(
            new TrainingRequest(Task.REGRESSION, null, PreprocessingSpec.defaults(), RidgeTrainer.ID, Map.of(),
                new ValidationPlan(Kind.KFOLD, 5, 1, 0), null, null,
                new ThresholdSpec(ThresholdSpec.Objective.MAX_F1, 0), false, 1)));
        assertEquals("threshold", regressionThreshold.field());
        TrainingException unsupported = assertThrows(TrainingException.class, () -> engine.checkRequest(
            new TrainingRequest(Task.REGRESSION, null, PreprocessingSpec.defaults(), SoftmaxTrainer.ID, Map.of(),
                new ValidationPlan(Kind.KFOLD, 5, 1, 0), null, null, null, false, 1)));
        assertEquals("algorithm", unsupported.field());
    }

    @Test
    void anUnseenCategoryUnderTheErrorPolicyFailsWithTheFeatureAndValue() {
        Synthetic.Data data = Synthetic.churn(300, 15);
        String[] region = data.frame().categorical("region").clone();
        region[17] = "atlantis";
        Frame frame = Frame.builder(300).numeric("tenure", data.frame().numeric("tenure"))
            .categorical("region", region).build();
        PreprocessingSpec spec = new PreprocessingSpec(PreprocessingSpec.Imputation.MEAN, 0, false,
            PreprocessingSpec.Imputation.MOST_FREQUENT, null, PreprocessingSpec.UnseenPolicy.ERROR, 0,
            PreprocessingSpec.Scaling.STANDARD, 0, 0, null);
        TrainingException e = rejected(new TrainingRequest(Task.BINARY, null, spec, SoftmaxTrainer.ID, Map.of(),
            STRATIFIED5, null, null, null, false, 1), frame, data.target());
        assertTrue(e.getMessage().contains("'region'") && e.getMessage().contains("'atlantis'"), e.getMessage());
    }

    @Test
    void recursiveEliminationInsideTheFoldsUsesTheJobsAlgorithm() {
        Synthetic.Data data = Synthetic.multiclass(900, 16);
        PreprocessingSpec spec = new PreprocessingSpec(PreprocessingSpec.Imputation.MEAN, 0, false,
            PreprocessingSpec.Imputation.MOST_FREQUENT, null, PreprocessingSpec.UnseenPolicy.IGNORE, 0,
            PreprocessingSpec.Scaling.STANDARD, 0, 0, new PreprocessingSpec.SelectionSpec(-1, 0, 2));
        EngineResult r = run(new TrainingRequest(Task.MULTICLASS, null, spec, SoftmaxTrainer.ID, Map.of(),
            new ValidationPlan(Kind.STRATIFIED_KFOLD, 3, 1, 0), null, null, null, false, 17), data);
        assertEquals(List.of("x1", "x2"), r.preprocessor().outputNames());
        assertTrue(r.droppedColumns().get("x3").startsWith("recursive elimination"));
        assertArrayEquals(new int[] {0, 1}, r.preprocessor().selected());
    }
}
