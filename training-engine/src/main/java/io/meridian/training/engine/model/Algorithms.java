package io.meridian.training.engine.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The algorithms the engine trains, all Tribuo-backed and seeded: {@code logistic-regression},
 * {@code linear-regression}, {@code factorization-machine}, {@code xgboost} and {@code random-forest}. Every one
 * exports to ONNX with {@code OnnxPipelineExporter}.
 */
public final class Algorithms implements ModelTrainers {
    private final Map<String, ModelTrainer> trainers = new LinkedHashMap<>();

    public Algorithms() {
        for (ModelTrainer trainer : List.of(new LogisticRegression(), new LinearRegression(),
            new FactorizationMachine(), new GradientBoostedTrees(), new RandomForest())) {
            trainers.put(trainer.id(), trainer);
        }
    }

    @Override
    public Optional<ModelTrainer> find(String id) {
        return Optional.ofNullable(trainers.get(id));
    }

    @Override
    public Collection<ModelTrainer> all() {
        return List.copyOf(trainers.values());
    }
}
