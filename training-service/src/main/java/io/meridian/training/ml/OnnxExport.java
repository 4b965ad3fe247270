package io.meridian.training.ml;

import java.util.Map;

import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import ai.onnx.proto.OnnxMl;

/**
 * Writes the whole prediction pipeline as one ONNX graph: input {@value #INPUT} float32 [N, F] (raw feature
 * values in the registered input order) -> Sub(mean) -> Div(std) -> Tribuo's linear model + softmax ->
 * Gather -> output {@value #PROBABILITIES} float32 [N, 2] with columns [negative, positive].
 */
public final class OnnxExport {
    public static final String INPUT = "features";
    public static final String PROBABILITIES = "probabilities";
    public static final String DOMAIN = "io.meridian.training";

    private OnnxExport() {
    }

    /** The serialised ONNX model. {@code standardiser} columns must follow the model's feature id order. */
    public static byte[] export(LinearSGDModel model, Standardiser standardiser, String positiveClass,
                                String negativeClass, long modelVersion) {
        int features = model.getFeatureIDMap().size();
        ONNXContext context = new ONNXContext();
        context.setName("meridian-logistic-regression");
        ONNXPlaceholder input = context.floatInput(INPUT, features);
        ONNXPlaceholder output = context.floatOutput(PROBABILITIES, 2);

        ONNXInitializer mean = context.array("standardise_mean", toFloats(standardiser.mean()));
        ONNXInitializer std = context.array("standardise_std", toFloats(standardiser.std()));
        ONNXNode standardised = input.apply(ONNXOperators.SUB, mean).apply(ONNXOperators.DIV, std);
        ONNXNode scores = model.writeONNXGraph(standardised);

        int negativeId = model.getOutputIDInfo().getID(new Label(negativeClass));
        int positiveId = model.getOutputIDInfo().getID(new Label(positiveClass));
        if (negativeId < 0 || positiveId < 0) {
            throw new TrainingFailure("The trained model does not know both classes '" + negativeClass + "' and '"
                + positiveClass + "'.");
        }
        ONNXInitializer order = context.array("class_order", new long[] {negativeId, positiveId});
        scores.apply(ONNXOperators.GATHER, order, Map.of("axis", 1)).assignTo(output);

        OnnxMl.ModelProto proto = ONNXExportable.buildModel(context, DOMAIN, modelVersion, model);
        return proto.toByteArray();
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
