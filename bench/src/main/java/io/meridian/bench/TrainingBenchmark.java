package io.meridian.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.TrainingEngine;
import io.meridian.training.engine.TrainingRequest;
import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.TrainingRequest.ValidationPlan.Kind;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.Algorithms;
import io.meridian.training.engine.onnx.OnnxPipelineExporter;
import io.meridian.training.engine.onnx.OrtScorer;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.validation.Fold;

/**
 * Issue 4's training benchmark: 5-fold cross-validation of logistic/linear regression and gradient-boosted trees
 * (XGBoost) with the Meridian engine on seeded churn-like (binary, ~14% positives) and housing-like (regression)
 * sets of 20 mixed features, and the same rows and folds through scikit-learn when {@code python3} with sklearn
 * is installed ({@code apt-get install python3-sklearn}). Reported: wall time of the cross-validation (until the
 * engine starts the refit), of the whole engine run (CV + refit on all rows + ONNX export + parity check), and
 * the mean metrics over the folds.
 *
 * <p>Options: {@code --rows=5000,100000 --seed=42 --work=bench/target/training-work --python=python3
 * --sets=churn,housing}.
 */
public final class TrainingBenchmark {
    /** Tribuo logs every SGD epoch and every bagged tree at INFO; kept referenced so the level sticks. */
    private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

    private final PrintStream out = System.out;
    private final List<String[]> table = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        TRIBUO.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("usage: TrainingBenchmark [--rows=5000,100000] [--seed=42] [--sets=churn,housing]"
                    + " [--work=bench/target/training-work] [--python=python3]");
                System.exit(2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path work = Path.of(options.getOrDefault("work", "bench/target/training-work")).toAbsolutePath();
        Files.createDirectories(work);
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        new TrainingBenchmark().run(options.getOrDefault("rows", "5000,100000").split(","),
            options.getOrDefault("sets", "churn,housing").split(","), seed, work,
            options.getOrDefault("python", "python3"));
    }

    private void run(String[] sizes, String[] sets, long seed, Path work, String python) throws Exception {
        out.printf(Locale.ROOT, "machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
        Path script = work.resolve("sklearn_cv.py");
        try (InputStream in = TrainingBenchmark.class.getResourceAsStream("/bench/sklearn_cv.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        boolean sklearn = sklearnAvailable(python);
        if (!sklearn) {
            out.println("scikit-learn not found (" + python + " -c 'import sklearn'): reference lines skipped; "
                + "install python3-sklearn to compare");
        }
        try (OrtScorer scorer = new OrtScorer()) {
            TrainingEngine engine = new TrainingEngine(new Algorithms(), new OnnxPipelineExporter(), scorer, 1e-5);
            for (String set : sets) {
                for (String size : sizes) {
                    int n = Integer.parseInt(size.strip());
                    TrainingData.Set data = set.strip().equals("churn") ? TrainingData.churn(n, seed)
                        : TrainingData.housing(n, seed);
                    bench(engine, data, seed, work, python, sklearn);
                }
            }
        }
        out.println();
        out.println("| data | implementation | model | CV s | whole run s | metrics (mean over 5 folds) |");
        out.println("|---|---|---|---:|---:|---|");
        for (String[] row : table) {
            out.println("| " + String.join(" | ", row) + " |");
        }
        out.println();
        out.println("Engine: Tribuo 4.3.2 (XGBoost 1.6.2 with nthread=1; LR = LinearSGDTrainer), preprocessing fitted"
            + " inside each fold (mean imputation, standard scaling, one-hot); 'whole run' adds the refit on all"
            + " rows, the ONNX export and the ONNX Runtime parity check. scikit-learn with OMP_NUM_THREADS=1.");
    }

    private void bench(TrainingEngine engine, TrainingData.Set data, long seed, Path work, String python,
                       boolean sklearn) throws Exception {
        boolean binary = data.target().task() == Task.BINARY;
        List<String> algorithms = binary ? List.of("logistic-regression", "xgboost")
            : List.of("linear-regression", "xgboost");
        ValidationPlan plan = new ValidationPlan(binary ? Kind.STRATIFIED_KFOLD : Kind.KFOLD, 5, 1, 0);
        int[] foldOfRow = null;
        for (String algorithm : algorithms) {
            TrainingRequest request = new TrainingRequest(data.target().task(), binary ? "yes" : null,
                PreprocessingSpec.defaults(), algorithm, Map.of(), plan, null, null, null, false, seed);
            if (foldOfRow == null) {
                foldOfRow = new int[data.frame().rows()];
                for (Fold fold : TrainingEngine.folds(request, data.frame().rows(), data.target())) {
                    for (int row : fold.validation()) {
                        foldOfRow[row] = fold.fold();
                    }
                }
            }
            long start = System.nanoTime();
            long[] cvEnd = {0};
            EngineResult result = engine.run(request, data.frame(), data.target(), (fraction, message) -> {
                if (cvEnd[0] == 0 && message.startsWith("refitting")) {
                    cvEnd[0] = System.nanoTime();
                }
            });
            double total = (System.nanoTime() - start) / 1e9;
            double cv = (cvEnd[0] - start) / 1e9;
            String metrics = binary
                ? format(result.metrics(), result.metricsStd(), "roc_auc", "pr_auc", "log_loss", "accuracy")
                : format(result.metrics(), result.metricsStd(), "rmse", "mae", "r2");
            String baseline = binary ? format(result.baseline(), null, "roc_auc", "pr_auc", "log_loss")
                : format(result.baseline(), null, "rmse", "r2");
            table.add(new String[] {data.name(), "Meridian engine", algorithm, fmt(cv), fmt(total),
                metrics + "; baseline " + baseline + String.format(Locale.ROOT, "; parity %.1e",
                    result.parityMaxAbsDiff())});
            out.printf(Locale.ROOT, "%s %s: CV %.1f s, whole run %.1f s, %s%n", data.name(), algorithm, cv, total,
                metrics);
        }
        if (sklearn) {
            Path csv = work.resolve(data.name() + ".csv");
            TrainingData.writeCsv(data, foldOfRow, csv);
            for (JsonNode line : runSklearn(python, work.resolve("sklearn_cv.py"), csv, binary, data)) {
                Map<String, Double> mean = new LinkedHashMap<>();
                Map<String, Double> std = new LinkedHashMap<>();
                line.get("metrics").fields().forEachRemaining(e -> mean.put(e.getKey(), e.getValue().asDouble()));
                line.get("std").fields().forEachRemaining(e -> std.put(e.getKey(), e.getValue().asDouble()));
                String metrics = binary ? format(mean, std, "roc_auc", "pr_auc", "log_loss", "accuracy")
                    : format(mean, std, "rmse", "mae", "r2");
                table.add(new String[] {data.name(), "scikit-learn (same folds)", line.get("model").asText(),
                    fmt(line.get("seconds").asDouble()), "", metrics});
                out.printf(Locale.ROOT, "%s sklearn %s: CV %.1f s, %s%n", data.name(), line.get("model").asText(),
                    line.get("seconds").asDouble(), metrics);
            }
        }
    }

    private List<JsonNode> runSklearn(String python, Path script, Path csv, boolean binary, TrainingData.Set data)
        throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(python, script.toString(), csv.toString(), binary ? "binary"
            : "regression", Integer.toString(data.numeric().size()), Integer.toString(data.categorical().size()))
            .redirectErrorStream(true);
        // one thread, as the engine's XGBoost: OpenMP spinning on an oversubscribed 2-core machine costs 10-30x
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        List<JsonNode> lines = new ArrayList<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                } else {
                    other.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("sklearn reference failed:\n" + other);
        }
        return lines;
    }

    private static boolean sklearnAvailable(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import sklearn").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String format(Map<String, Double> mean, Map<String, Double> std, String... keys) {
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            Double m = mean.get(key);
            if (m != null) {
                parts.add(std == null || std.get(key) == null ? String.format(Locale.ROOT, "%s %.4f", key, m)
                    : String.format(Locale.ROOT, "%s %.4f ± %.4f", key, m, std.get(key)));
            }
        }
        return String.join(", ", parts);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
