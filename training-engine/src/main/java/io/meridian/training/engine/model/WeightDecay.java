package io.meridian.training.engine.model;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * L2 regularisation for Tribuo's SGD trainers (which have none in 4.3): wraps another optimiser and shrinks
 * every parameter by {@code (1 - decay)} at each step (decoupled weight decay, the bias included). With
 * {@code decay = learningRate * l2} this is SGD on {@code loss + l2/2 * ||w||^2}.
 */
public final class WeightDecay implements StochasticGradientOptimiser {
    @Config(mandatory = true, description = "The optimiser that computes the gradient step.")
    private StochasticGradientOptimiser optimiser;

    @Config(mandatory = true, description = "Fraction the parameters shrink by at each step, in [0, 1).")
    private double decay;

    private Parameters parameters;

    /** For OLCUT configuration. */
    @SuppressWarnings("unused")
    private WeightDecay() {
    }

    public WeightDecay(StochasticGradientOptimiser optimiser, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
        }
        this.optimiser = optimiser;
        this.decay = decay;
    }

    @Override
    public void initialise(Parameters parameters) {
        this.parameters = parameters;
        optimiser.initialise(parameters);
    }

    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        Tensor[] steps = optimiser.step(updates, weight);
        if (parameters != null && decay > 0) {
            for (Tensor tensor : parameters.get()) {
                tensor.scaleInPlace(1 - decay);
            }
        }
        return steps;
    }

    @Override
    public void finalise() {
        optimiser.finalise();
    }

    @Override
    public void reset() {
        parameters = null;
        optimiser.reset();
    }

    @Override
    public WeightDecay copy() {
        return new WeightDecay(optimiser.copy(), decay);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    @Override
    public String toString() {
        return "WeightDecay(optimiser=" + optimiser + ",decay=" + decay + ")";
    }
}
