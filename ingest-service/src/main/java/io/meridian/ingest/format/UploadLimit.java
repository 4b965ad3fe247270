package io.meridian.ingest.format;

import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.problem.Problem;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} with a 413
 * {@code application/problem+json} (Quarkus's own check, which runs right after this one, answers with an
 * empty body). The connection is closed after the answer, as Quarkus does, so the body is never read. A
 * chunked body without a length is still cut off by Quarkus when it passes the limit.
 */
@ApplicationScoped
public class UploadLimit {
    private final ObjectMapper json;

    public UploadLimit(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        Optional<String> configured = ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.limits.max-body-size", String.class);
        if (configured.isEmpty()) {
            return;
        }
        long limit = new MemorySizeConverter().convert(configured.get()).asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            String body;
            try {
                body = json.writeValueAsString(new Problem("about:blank", "Payload Too Large", 413,
                    "The request body has " + declared + " bytes; this service accepts at most " + limit
                        + " bytes (quarkus.http.limits.max-body-size). Split the upload or use the inbox folder.",
                    ctx.request().path(), null));
            } catch (JsonProcessingException e) {
                body = "{\"status\":413,\"title\":\"Payload Too Large\"}";
            }
            ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ignored -> ctx.request().connection().close())
                .end(body);
        });
    }
}
