package io.meridian.monitor;

import static io.restassured.RestAssured.given;

import java.util.Map;

/** Reads one Prometheus sample from /q/metrics. */
final class Metrics {
    private Metrics() {
    }

    /** The value of sample {@code name} whose labels include all of {@code labels}; 0 if absent. */
    static double value(String name, Map<String, String> labels) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            if (labels.entrySet().stream().allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                return Double.parseDouble(sampleValue(line));
            }
        }
        return 0;
    }

    /** Every sample line of {@code name} (for assertion messages). */
    static String lines(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return String.join("\n", body.lines().filter(l -> l.startsWith(name)).toList());
    }

    /** The value of a sample line {@code name{labels} value [timestamp]}. */
    private static String sampleValue(String line) {
        int labelsEnd = line.indexOf('}'); // first brace: an exemplar "# {...} v ts" may follow
        return line.substring(labelsEnd + 1).trim().split("\\s+")[0];
    }
}
