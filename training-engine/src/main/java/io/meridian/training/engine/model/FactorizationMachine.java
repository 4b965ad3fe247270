package io.meridian.training.engine.model;

import java.util.List;
import java.util.Set;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractFMModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * {@code factorization-machine}: a second-order factorization machine (linear terms plus pairwise interactions
 * through {@code factorizedDimension} latent factors) by Tribuo's seeded SGD trainers: softmax over the classes
 * for classification, squared loss on the standardised target (z-scores, mapped back in predict and
 * in the export) for regression. Importance: the linear
 * coefficients (signed log-odds for binary, L2 norm over classes for multiclass).
 */
public final class FactorizationMachine extends TribuoTrainer {
    public static final String ID = "factorization-machine";

    static final Hyperparameters PARAMS = Hyperparameters.builder(ID)
        .integer("factorizedDimension", 4, 1, 256, "Size of each feature's latent factor vector.")
        .number("variance", 0.1, Hyperparameters.POSITIVE, 10, "Variance of the factors' random initialisation.")
        .choice("optimiser", "adagrad", List.of("adagrad", "adam"), "Stochastic gradient optimiser.")
        .number("learningRate", 0.1, Hyperparameters.POSITIVE, 10, "Step size of the optimiser.")
        .integer("epochs", 20, 1, 10_000, "Passes over the training rows.")
        .integer("minibatchSize", 1, 1, 100_000, "Rows per gradient step.")
        .number("l2", 0.0, 0, 1_000, "L2 penalty (decoupled weight decay of learningRate * l2 per step, capped at 0.5).")
        .build();

    public FactorizationMachine() {
        super(ID, Set.of(Task.BINARY, Task.MULTICLASS, Task.REGRESSION), PARAMS);
    }

    @Override
    Model<Label> fitClassification(MutableDataset<Label> data, Target target, Hyperparameters.Resolved params,
                                   long seed) {
        FMClassificationTrainer trainer = new FMClassificationTrainer(new LogMulticlass(),
            LogisticRegression.optimiser(params), params.integer("epochs"), -1, params.integer("minibatchSize"), seed,
            params.integer("factorizedDimension"), params.number("variance"));
        return trainer.train(data);
    }

    /**
     * The target is standardised here, not by Tribuo: Tribuo 4.3's FM standardisation divides by the variance
     * instead of the standard deviation, which shrinks large targets (prices) to near zero and blows the errors
     * back up.
     */
    @Override
    boolean standardisesTarget() {
        return true;
    }

    @Override
    Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params, long seed) {
        FMRegressionTrainer trainer = new FMRegressionTrainer(new SquaredLoss(), LogisticRegression.optimiser(params),
            params.integer("epochs"), -1, params.integer("minibatchSize"), seed,
            params.integer("factorizedDimension"), params.number("variance"), false);
        return trainer.train(data);
    }

    @Override
    List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                         List<String> inputNames) {
        AbstractFMModel<?> fm = (AbstractFMModel<?>) model;
        return coefficients(fm.getLinearWeightsCopy(), fm.getFeatureIDMap(), labelInfo(fm), positiveClass,
            target.classes());
    }
}
