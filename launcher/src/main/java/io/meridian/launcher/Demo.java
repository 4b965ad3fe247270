package io.meridian.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The demo loop through the public REST APIs: contract, upload, features, training, promotion, predictions,
 * monitoring. Each step prints one or more plain lines; a failing step throws {@link StepFailed} naming it.
 */
public final class Demo {
    static final int STEPS = 6;
    static final String DATASET = "churn";
    static final String MODEL = "churn";
    static final int PREDICTIONS = 5;

    private final Platform platform;
    private final PrintStream out;
    private final Path samples;
    private final ApiClient api;
    private final Duration stepTimeout;

    public Demo(Platform platform, PrintStream out, Path samples, Duration stepTimeout) {
        this.platform = platform;
        this.out = out;
        this.samples = samples;
        this.api = new ApiClient(platform.writerToken());
        this.stepTimeout = stepTimeout;
    }

    /** What the loop produced. */
    public record Result(String runId, int rowsStored, String jobId, long modelVersion, double accuracy,
                         double rocAuc, int predictions, double counted) {
    }

    /** A step of the loop failed; {@link #service()} is the one whose log explains it. */
    public static final class StepFailed extends PlatformException {
        private final String step;
        private final Service service;

        StepFailed(String step, Service service, String message, Throwable cause) {
            super(message, cause);
            this.step = step;
            this.service = service;
        }

        public String step() {
            return step;
        }

        public Service service() {
            return service;
        }
    }

    public Result run() {
        String csv = read(samples.resolve("churn.csv"));
        String contract = read(samples.resolve("churn.contract.json"));
        List<Map<String, String>> rows = CsvRows.parse(csv);

        JsonNode run = step(1, "ingest", Service.INGEST, () -> {
            JsonNode saved = api.putJson(url(Service.INGEST, "/v1/datasets/" + DATASET), contract).expect(200, 201);
            JsonNode summary = api.post(url(Service.INGEST, "/v1/datasets/" + DATASET + "/records"), "text/csv", csv)
                .expect(200);
            print(1, String.format(Locale.ROOT, "ingest: contract %s v%s; %d rows read, %d stored, %d rejected (run %s)",
                DATASET, saved.path("version").asText("?"), summary.path("rowsRead").asInt(),
                summary.path("rowsStored").asInt(), summary.path("rowsRejected").asInt(),
                shortId(summary.path("runId").asText())));
            return summary;
        });
        int stored = run.path("rowsStored").asInt();

        step(2, "features", Service.FEATURES, () -> {
            JsonNode dataset = await("feature-service to hold " + stored + " entities of " + DATASET, () -> {
                ApiClient.Response r = api.get(url(Service.FEATURES, "/v1/datasets/" + DATASET));
                return r.status() == 200 && r.json().path("entities").asInt() >= stored
                    ? Optional.of(r.json()) : Optional.empty();
            });
            print(2, "features: " + dataset.path("entities").asInt() + " entities, " + dataset.path("rows").asInt()
                + " rows in the feature store (last event " + dataset.path("lastEventAt").asText("?") + ")");
            return dataset;
        });

        JsonNode job = step(3, "training", Service.TRAINING, () -> train());
        long version = job.path("modelVersion").asLong();
        double accuracy = job.path("metrics").path("accuracy").asDouble(Double.NaN);
        double rocAuc = job.path("metrics").path("roc_auc").asDouble(Double.NaN);

        step(4, "registry", Service.REGISTRY, () -> {
            JsonNode promoted = api.putJson(url(Service.REGISTRY, "/v1/models/" + MODEL + "/aliases/production"),
                Map.of("version", version)).expect(200);
            print(4, "registry: " + MODEL + " v" + promoted.path("version").asLong() + " is now 'production' (sha256 "
                + shortId(promoted.path("artifactSha256").asText()) + ", " + promoted.path("artifactSizeBytes").asLong()
                + " bytes)");
            return promoted;
        });

        int predictions = step(5, "inference", Service.INFERENCE, () -> predict(version, rows));

        double counted = step(6, "monitor", Service.MONITOR, () -> {
            Map<String, String> labels = Map.of("model", MODEL, "version", Long.toString(version));
            double value = await("monitor-service to count " + predictions + " predictions of " + MODEL + " v" + version,
                () -> {
                    OptionalDouble v = PrometheusText.value(api.get(url(Service.MONITOR, "/q/metrics")).body(),
                        "meridian_monitor_predictions_total", labels);
                    return v.isPresent() && v.getAsDouble() >= predictions ? Optional.of(v.getAsDouble()) : Optional.empty();
                });
            print(6, String.format(Locale.ROOT, "monitor: meridian_monitor_predictions_total{model=\"%s\",version=\"%d\"} %.0f",
                MODEL, version, value));
            return value;
        });
        return new Result(run.path("runId").asText(), stored, job.path("id").asText(), version, accuracy, rocAuc,
            predictions, counted);
    }

    /**
     * A v2 job on the ingest-service dataset: features inferred from its contract (the string column
     * {@code contract} one-hot encoded inside the graph, the key ignored), stratified 5-fold cross-validation,
     * class weights for the minority class, and a decision threshold tuned for F1 on the out-of-fold predictions.
     */
    static Map<String, Object> trainingSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dataset", DATASET);
        spec.put("label", "churned");
        spec.put("task", "binary");
        spec.put("algorithm", "logistic-regression");
        spec.put("modelName", MODEL);
        spec.put("seed", 42);
        spec.put("validation", Map.of("kind", "stratified-kfold", "folds", 5));
        spec.put("imbalance", Map.of("strategy", "class-weights"));
        spec.put("threshold", Map.of("objective", "max-f1"));
        return spec;
    }

    private JsonNode train() {
        JsonNode created = api.postJson(url(Service.TRAINING, "/v1/training-jobs"), trainingSpec()).expect(202, 201);
        String id = created.path("id").asText();
        print(3, "training: job " + shortId(id) + " submitted (logistic-regression on dataset " + DATASET
            + ", stratified 5-fold, class weights, threshold tuned for F1, seed 42)");
        String[] last = {""};
        JsonNode done = await("training job " + id + " to finish", () -> {
            JsonNode j = api.get(url(Service.TRAINING, "/v1/training-jobs/" + id)).expect(200);
            String state = j.path("state").asText();
            String line = String.format(Locale.ROOT, "%s %3.0f%%%s", state, j.path("progress").asDouble() * 100,
                j.path("message").isTextual() && !j.path("message").asText().isBlank() ? " " + j.path("message").asText() : "");
            if (!line.equals(last[0])) {
                print(3, "training: " + line);
                last[0] = line;
            }
            return switch (state) {
                case "SUCCEEDED" -> Optional.of(j);
                case "FAILED", "CANCELLED" -> throw new PlatformException("training job " + id + " " + state + ": "
                    + j.path("failureReason").asText("(no reason given)"));
                default -> Optional.empty();
            };
        });
        JsonNode result = done.path("result");
        List<String> inputs = new ArrayList<>();
        result.path("features").forEach(f -> inputs.add(f.path("name").asText() + ":" + f.path("kind").asText()));
        print(3, "training: features " + String.join(", ", inputs) + "; ignored " + done.path("ignoredFeatures"));
        for (String metric : List.of("roc_auc", "pr_auc", "f1", "recall", "balanced_accuracy", "log_loss")) {
            print(3, "training: " + metricLine(metric, done.path("metrics"), result));
        }
        print(3, String.format(Locale.ROOT, "training: threshold %.3f (tuned for F1 out of fold); ONNX parity max |diff| %.2g"
                + " over %d rows", result.path("threshold").asDouble(Double.NaN),
            result.path("parity").path("maxAbsDiff").asDouble(Double.NaN), result.path("parity").path("rows").asInt()));
        print(3, "training: registered " + done.path("modelName").asText(MODEL) + " v"
            + done.path("modelVersion").asLong() + " (one ONNX graph: imputation, one-hot, scaling, model, threshold)");
        if (!done.path("modelVersion").canConvertToLong() || done.path("modelVersion").asLong() <= 0) {
            throw new PlatformException("training job " + id + " succeeded without a model version");
        }
        return done;
    }

    private int predict(long version, List<Map<String, String>> rows) {
        JsonNode loaded = await("inference-service to load " + MODEL + " v" + version, () -> {
            ApiClient.Response r = api.get(url(Service.INFERENCE, "/v1/models/" + MODEL));
            return r.status() == 200 && r.json().path("version").asLong() == version ? Optional.of(r.json()) : Optional.empty();
        });
        Map<String, String> inputs = new LinkedHashMap<>();
        loaded.path("inputs").forEach(i -> inputs.put(i.path("name").asText(), i.path("type").asText("float")));
        print(5, "inference: serving " + MODEL + " v" + version + " (inputs " + inputs + ", threshold "
            + loaded.path("threshold").asText("-") + ")");
        int made = 0;
        for (Map<String, String> row : rows.subList(0, Math.min(PREDICTIONS, rows.size()))) {
            Map<String, Object> features = features(row, inputs);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("features", features);
            request.put("entityKey", row.get("customer_id"));
            JsonNode p = api.postJson(url(Service.INFERENCE, "/v1/models/" + MODEL + "/predict"), request).expect(200);
            if (p.path("modelVersion").asLong() != version) {
                throw new PlatformException("prediction served by " + MODEL + " v" + p.path("modelVersion").asText()
                    + ", expected v" + version);
            }
            if (made == 0) {
                print(5, String.format(Locale.ROOT, "inference: %s %s -> score %.3f, label %s (model %s v%d; actual churned=%s)",
                    row.get("customer_id"), features, p.path("score").asDouble(), p.path("label").asText(),
                    p.path("modelName").asText(), p.path("modelVersion").asLong(), row.get("churned")));
            }
            made++;
        }
        print(5, "inference: " + made + " predictions made");
        return made;
    }

    /** "roc_auc 0.871 ± 0.021 (baseline 0.500)": the mean over the folds, their std and the baseline's mean. */
    static String metricLine(String metric, JsonNode means, JsonNode result) {
        return String.format(Locale.ROOT, "%-17s %.3f ± %.3f (baseline %.3f)", metric,
            means.path(metric).asDouble(Double.NaN), result.path("metricsStd").path(metric).asDouble(Double.NaN),
            result.path("baseline").path(metric).asDouble(Double.NaN));
    }

    /**
     * The model's inputs taken from a CSV row, by the registered input type: {@code string} inputs as the raw text,
     * {@code float} inputs as numbers (booleans as 1/0). Empty cells are left out (an optional input is imputed).
     *
     * @param inputs input name to type, as {@code GET /v1/models/{name}} lists them
     */
    static Map<String, Object> features(Map<String, String> row, Map<String, String> inputs) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String name = input.getKey();
            String raw = row.get(name);
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            if ("string".equals(input.getValue())) {
                features.put(name, raw);
            } else if ("true".equalsIgnoreCase(raw) || "false".equalsIgnoreCase(raw)) {
                features.put(name, Boolean.parseBoolean(raw) ? 1 : 0);
            } else if (raw.matches("-?\\d+")) {
                features.put(name, Long.parseLong(raw));
            } else {
                features.put(name, Double.parseDouble(raw));
            }
        }
        return features;
    }

    private <T> T step(int number, String name, Service service, Supplier<T> body) {
        try {
            return body.get();
        } catch (StepFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepFailed("[" + number + "/" + STEPS + "] " + name, service, e.getMessage(), e);
        }
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new PlatformException("timed out after " + stepTimeout.toSeconds() + " s waiting for " + what);
            }
            Readiness.pause();
        }
    }

    private URI url(Service service, String path) {
        return platform.url(service).resolve(path);
    }

    private void print(int step, String line) {
        out.println("[" + step + "/" + STEPS + "] " + line);
        out.flush();
    }

    static String shortId(String id) {
        return id == null || id.length() <= 8 ? id : id.substring(0, 8) + "…";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + file, e);
        }
    }
}
