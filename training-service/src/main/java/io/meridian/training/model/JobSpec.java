package io.meridian.training.model;

import java.util.Map;

/**
 * A validated job specification with every default resolved.
 *
 * @param dataset dataset read from feature-service
 * @param label label column
 * @param algorithm algorithm id ({@value #LOGISTIC_REGRESSION})
 * @param modelName registered model name (defaults to the dataset)
 * @param seed seed of the split and of training
 * @param holdoutFraction share of rows held out, in (0, 1)
 * @param hyperparameters resolved hyperparameters as text (epochs, learningRate, l2)
 */
public record JobSpec(String dataset, String label, String algorithm, String modelName, long seed,
                      double holdoutFraction, Map<String, String> hyperparameters) {
    public static final String LOGISTIC_REGRESSION = "logistic-regression";

    public int epochs() {
        return Integer.parseInt(hyperparameters.get(Hyperparameters.EPOCHS));
    }

    public double learningRate() {
        return Double.parseDouble(hyperparameters.get(Hyperparameters.LEARNING_RATE));
    }

    public double l2() {
        return Double.parseDouble(hyperparameters.get(Hyperparameters.L2));
    }

    /** Names and defaults of the logistic regression hyperparameters. */
    public static final class Hyperparameters {
        public static final String EPOCHS = "epochs";
        public static final String LEARNING_RATE = "learningRate";
        public static final String L2 = "l2";
        public static final int DEFAULT_EPOCHS = 30;
        public static final double DEFAULT_LEARNING_RATE = 0.1;
        public static final double DEFAULT_L2 = 0.0;

        private Hyperparameters() {
        }
    }
}
