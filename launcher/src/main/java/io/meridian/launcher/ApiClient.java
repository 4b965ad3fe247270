package io.meridian.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the services' public REST APIs. */
public final class ApiClient {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String bearer;

    /** @param token a JWT sent on every request (ingest-service's reads need one too), or null for none */
    public ApiClient(String token) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.bearer = token;
    }

    /** An HTTP answer: status, content type and body. */
    public record Response(URI uri, String method, int status, String contentType, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new PlatformException(method + " " + uri + " answered " + status + " with a body that is not JSON: "
                    + abbreviate(body));
            }
        }

        /** The body as JSON, or a failure naming the request, the status and the problem detail. */
        public JsonNode expect(int... statuses) {
            for (int s : statuses) {
                if (status == s) {
                    return json();
                }
            }
            throw new PlatformException(method + " " + uri + " answered " + status + " (expected "
                + java.util.Arrays.toString(statuses) + "): " + problemText());
        }

        /** The {@code title}/{@code detail} of a problem+json body, or the abbreviated body. */
        public String problemText() {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.has("detail")) {
                    return node.path("title").asText("") + ": " + node.path("detail").asText()
                        + (node.has("field") ? " (field " + node.path("field").asText() + ")" : "");
                }
            } catch (JsonProcessingException e) {
                // not JSON: show it raw
            }
            return abbreviate(body);
        }
    }

    public Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), "GET");
    }

    public Response putJson(URI uri, Object body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8)), "PUT");
    }

    public Response postJson(URI uri, Object body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8)), "POST");
    }

    public Response post(URI uri, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "POST");
    }

    private Response send(HttpRequest.Builder builder, String method) {
        builder.timeout(Duration.ofSeconds(60)).header("Accept", "application/json, application/problem+json, */*");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Optional<String> type = response.headers().firstValue("Content-Type");
            return new Response(request.uri(), method, response.statusCode(), type.orElse(""), response.body());
        } catch (IOException e) {
            throw new PlatformException(method + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted during " + method + " " + request.uri());
        }
    }

    static String toJson(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
