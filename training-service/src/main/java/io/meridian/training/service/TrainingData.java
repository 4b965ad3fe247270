package io.meridian.training.service;

import java.util.List;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;

/**
 * A job's data, loaded and checked.
 *
 * @param frame the raw features of every labelled row
 * @param target the label of every row of {@code frame}
 * @param task the resolved task
 * @param features the features used, in frame order, with their kind
 * @param ignored columns not used (the key, timestamps, declared ignored, and non-numeric columns of a v1 job)
 * @param lineage where the rows came from and their content hash
 */
public record TrainingData(Frame frame, Target target, Task task, List<JobSpec.Feature> features,
                           List<String> ignored, JobResult.Lineage lineage) {
}
