package io.meridian.training.engine.testing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.ModelTrainers;

/** The test-scope algorithms by id. */
public final class TestTrainers implements ModelTrainers {
    private final List<ModelTrainer> trainers;

    public TestTrainers(ModelTrainer... trainers) {
        this.trainers = trainers.length == 0 ? List.of(new SoftmaxTrainer(), new RidgeTrainer()) : List.of(trainers);
    }

    @Override
    public Optional<ModelTrainer> find(String id) {
        return trainers.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    @Override
    public Collection<ModelTrainer> all() {
        return trainers;
    }
}
