package io.meridian.inference.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.meridian.inference.config.InferenceConfig;
import io.meridian.inference.model.LoadedModel;
import io.meridian.inference.service.ModelManager;

/**
 * Informational readiness entry: which model versions this replica serves. Always UP on purpose — a replica with
 * no model (or an unreachable registry) can still serve models it loads later, and failing readiness on a registry
 * outage would take every replica out of the load balancer at once. Kafka reachability gates readiness through the
 * Kafka health checks.
 */
@Readiness
@ApplicationScoped
public class LoadedModelsHealthCheck implements HealthCheck {
    private final ModelManager models;
    private final InferenceConfig config;

    public LoadedModelsHealthCheck(ModelManager models, InferenceConfig config) {
        this.models = models;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("loaded-models").up()
            .withData("servingAlias", config.servingAlias());
        for (LoadedModel model : models.loaded()) {
            builder.withData(model.name(), model.version());
        }
        return builder.build();
    }
}
