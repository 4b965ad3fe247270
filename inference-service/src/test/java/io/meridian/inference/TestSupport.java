package io.meridian.inference;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Helpers shared by the tests: direct ONNX Runtime scoring, metric scraping, the broker address. */
final class TestSupport {
    private TestSupport() {
    }

    /** P(positive) the model gives for one row when run directly in its own OrtSession. */
    static double directScore(byte[] model, float... row) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, new float[][] {row});
                OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            return probabilities[0][1];
        }
    }

    /** The value of the Prometheus sample {@code name} whose labels include all of {@code labels}. */
    static Optional<Double> metric(String name, Map<String, String> labels) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = labels.entrySet().stream()
                .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                return Optional.of(Double.parseDouble(sampleValue(line)));
            }
        }
        return Optional.empty();
    }

    /** Matches a JSON number (REST Assured parses decimals as Float) within 1e-6 of {@code expected}. */
    static Matcher<Object> near(double expected) {
        return near(expected, 1e-6);
    }

    /** Matches a JSON number within {@code tolerance} of {@code expected}. */
    static Matcher<Object> near(double expected, double tolerance) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object actual) {
                return actual instanceof Number n && Math.abs(n.doubleValue() - expected) <= tolerance;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a number within " + tolerance + " of ").appendValue(expected);
            }
        };
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** The value of a sample line {@code name{labels} value [timestamp]}. */
    private static String sampleValue(String line) {
        int labelsEnd = line.indexOf('}'); // first brace: an exemplar "# {...} v ts" may follow
        return line.substring(labelsEnd + 1).trim().split("\\s+")[0];
    }
}
