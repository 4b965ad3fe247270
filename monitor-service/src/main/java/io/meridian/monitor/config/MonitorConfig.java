package io.meridian.monitor.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the monitor-service (env vars {@code MERIDIAN_MONITOR_...}). */
@ConfigMapping(prefix = "meridian.monitor")
public interface MonitorConfig {

    /**
     * Upper bounds of the buckets of {@code meridian_monitor_prediction_score} (scores are probabilities, so
     * 0.1 .. 1.0 covers them; Prometheus adds +Inf).
     */
    @WithDefault("0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0")
    List<Double> scoreBuckets();
}
