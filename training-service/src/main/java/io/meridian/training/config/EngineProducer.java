package io.meridian.training.config;

import java.util.concurrent.CancellationException;

import io.meridian.training.engine.EngineListener;
import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.TrainingEngine;
import io.meridian.training.engine.TrainingException;
import io.meridian.training.engine.TrainingRequest;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.model.Algorithms;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.engine.onnx.OnnxPipelineExporter;
import io.meridian.training.engine.onnx.OrtScorer;
import io.meridian.training.service.JobFailure;
import io.meridian.training.service.ModelEngine;
import io.meridian.training.service.OnnxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * Builds the service's one training engine from the training-engine module: Tribuo {@link Algorithms}, the
 * one-graph {@link OnnxPipelineExporter} and an {@link OrtScorer} on the service's ONNX Runtime environment for the
 * parity check ({@code meridian.training.parity-tolerance}). The scorer's cached session is closed at shutdown.
 */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @ApplicationScoped
    ModelEngine engine(OnnxRuntime runtime, TrainingConfig config) {
        return new TribuoEngine(new Algorithms(), new OrtScorer(runtime.environment()), config.parityTolerance());
    }

    void close(@Disposes ModelEngine engine) {
        if (engine instanceof TribuoEngine tribuo) {
            tribuo.scorer.close();
        }
    }

    /** {@link TrainingEngine} as a {@link ModelEngine}: its {@link TrainingException} becomes a {@link JobFailure}. */
    static final class TribuoEngine implements ModelEngine {
        private final ModelTrainers trainers;
        private final OnnxPipelineExporter exporter = new OnnxPipelineExporter();
        private final OrtScorer scorer;
        private final double parityTolerance;
        private final TrainingEngine engine;

        TribuoEngine(ModelTrainers trainers, OrtScorer scorer, double parityTolerance) {
            this.trainers = trainers;
            this.scorer = scorer;
            this.parityTolerance = parityTolerance;
            this.engine = new TrainingEngine(trainers, exporter, scorer, parityTolerance);
        }

        @Override
        public double parityTolerance() {
            return parityTolerance;
        }

        @Override
        public ModelTrainers trainers() {
            return trainers;
        }

        @Override
        public void checkRequest(TrainingRequest request) {
            engine.checkRequest(request);
        }

        @Override
        public EngineResult run(TrainingRequest request, Frame frame, Target target, EngineListener listener) {
            try {
                return engine.run(request, frame, target, listener);
            } catch (CancellationException e) {
                throw e;
            } catch (TrainingException e) {
                throw new JobFailure(e.getMessage(), e);
            }
        }
    }
}
