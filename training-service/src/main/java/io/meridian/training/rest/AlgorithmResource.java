package io.meridian.training.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.training.engine.model.HyperparameterDef;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.service.JobService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The algorithms a job can use, with their hyperparameters. */
@Path("/v1/algorithms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "algorithms")
public class AlgorithmResource {
    /** One algorithm: id, tasks and hyperparameter definitions. */
    public record Algorithm(String id, List<String> tasks, List<Hyperparameter> hyperparameters) {
    }

    /** One hyperparameter: type INT, DOUBLE or CHOICE, default, inclusive bounds (null = none), choices. */
    public record Hyperparameter(String name, String type, String defaultValue, Double min, Double max,
                                 List<String> choices, String description) {
    }

    private final JobService jobs;

    public AlgorithmResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Operation(summary = "List the algorithms with their tasks and hyperparameters (type, default, range)")
    public List<Algorithm> list() {
        return jobs.trainers().all().stream().sorted(Comparator.comparing(ModelTrainer::id))
            .map(AlgorithmResource::describe).toList();
    }

    static Algorithm describe(ModelTrainer trainer) {
        return new Algorithm(trainer.id(), trainer.tasks().stream().map(t -> t.name().toLowerCase(Locale.ROOT))
            .sorted().toList(), trainer.hyperparameters().values().stream()
            .sorted(Comparator.comparing(HyperparameterDef::name))
            .map(d -> new Hyperparameter(d.name(), d.type().name(), d.defaultValue(),
                Double.isNaN(d.min()) ? null : d.min(), Double.isNaN(d.max()) ? null : d.max(), d.choices(),
                d.description()))
            .toList());
    }
}
