package io.meridian.training.engine.model;

import java.util.List;
import java.util.Set;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.regression.Regressor;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * {@code logistic-regression}: multinomial logistic regression (softmax over the classes, also for binary) by
 * Tribuo's seeded {@link LinearSGDTrainer} with {@link LogMulticlass}, AdaGrad or Adam, optional L2 weight decay
 * and per-row example weights. Importance: the signed log-odds coefficients (binary) or the per-feature L2 norm
 * of the class weights (multiclass).
 */
public final class LogisticRegression extends TribuoTrainer {
    public static final String ID = "logistic-regression";

    static final Hyperparameters PARAMS = Hyperparameters.builder(ID)
        .choice("optimiser", "adagrad", List.of("adagrad", "adam"), "Stochastic gradient optimiser.")
        .number("learningRate", 0.1, Hyperparameters.POSITIVE, 10, "Step size of the optimiser.")
        .integer("epochs", 20, 1, 10_000, "Passes over the training rows.")
        .integer("minibatchSize", 1, 1, 100_000, "Rows per gradient step.")
        .number("l2", 0.0, 0, 1_000, "L2 penalty (decoupled weight decay of learningRate * l2 per step, capped at 0.5).")
        .build();

    public LogisticRegression() {
        super(ID, Set.of(Task.BINARY, Task.MULTICLASS), PARAMS);
    }

    static StochasticGradientOptimiser optimiser(Hyperparameters.Resolved params) {
        double learningRate = params.number("learningRate");
        StochasticGradientOptimiser optimiser = "adam".equals(params.choice("optimiser"))
            ? new Adam(learningRate, 0.9, 0.999, 1e-8) : new AdaGrad(learningRate, 0.1);
        double l2 = params.number("l2");
        return l2 > 0 ? new WeightDecay(optimiser, Math.min(0.5, learningRate * l2)) : optimiser;
    }

    @Override
    Model<Label> fitClassification(MutableDataset<Label> data, Target target, Hyperparameters.Resolved params,
                                   long seed) {
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), optimiser(params),
            params.integer("epochs"), -1, params.integer("minibatchSize"), seed);
        return trainer.train(data);
    }

    @Override
    Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params, long seed) {
        throw new IllegalArgumentException(ID + " does not support regression");
    }

    @Override
    List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                         List<String> inputNames) {
        LinearSGDModel linear = (LinearSGDModel) model;
        return coefficients(linear.getWeightsCopy(), linear.getFeatureIDMap(), labelInfo(linear), positiveClass,
            target.classes());
    }
}
