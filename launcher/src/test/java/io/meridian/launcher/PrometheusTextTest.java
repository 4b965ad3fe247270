package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
        # HELP meridian_monitor_predictions_total Predictions seen
        # TYPE meridian_monitor_predictions_total counter
        meridian_monitor_predictions_total{model="churn",version="1"} 3.0
        meridian_monitor_predictions_total{version="2",model="churn"} 5.0
        meridian_monitor_predictions_total{model="churny",version="2"} 7.0
        meridian_monitor_prediction_score_count{model="churn",version="2"} 5.0
        process_uptime_seconds 12.5
        """;

    @Test
    void matchesLabelsInAnyOrder() {
        assertEquals(5.0, PrometheusText.value(TEXT, "meridian_monitor_predictions_total",
            Map.of("model", "churn", "version", "2")).orElseThrow());
        assertEquals(3.0, PrometheusText.value(TEXT, "meridian_monitor_predictions_total",
            Map.of("model", "churn", "version", "1")).orElseThrow());
        assertEquals(8.0, PrometheusText.value(TEXT, "meridian_monitor_predictions_total",
            Map.of("model", "churn")).orElseThrow());
        assertEquals(12.5, PrometheusText.value(TEXT, "process_uptime_seconds", Map.of()).orElseThrow());
    }

    @Test
    void absentSeriesIsEmpty() {
        assertTrue(PrometheusText.value(TEXT, "meridian_monitor_predictions_total",
            Map.of("model", "churn", "version", "9")).isEmpty());
        assertTrue(PrometheusText.value("", "x", Map.of()).isEmpty());
    }

    @Test
    void readsSamplesThatCarryAnOpenMetricsExemplar() {
        String text = "# TYPE meridian_monitor_predictions counter\n"
            + "meridian_monitor_predictions_total{model=\"churn\",version=\"1\"} 3.0 # "
            + "{span_id=\"d7353493e89ae79b\",trace_id=\"12b5bb18f4dbb76c\"} 1.0 1795341453.035\n"
            + "meridian_monitor_predictions_total{model=\"a}b # c\",version=\"1\"} 2.0\n";
        assertEquals(3.0, PrometheusText.value(text, "meridian_monitor_predictions_total",
            Map.of("model", "churn", "version", "1")).orElseThrow());
        assertEquals(2.0, PrometheusText.value(text, "meridian_monitor_predictions_total",
            Map.of("model", "a}b # c")).orElseThrow());
    }
}
