package io.meridian.training.engine.model;

import java.util.Collection;
import java.util.Optional;

/** The algorithms the engine can train, by id. */
public interface ModelTrainers {
    Optional<ModelTrainer> find(String id);

    Collection<ModelTrainer> all();
}
