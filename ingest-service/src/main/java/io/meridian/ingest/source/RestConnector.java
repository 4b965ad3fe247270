package io.meridian.ingest.source;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.model.RunSummary;

/**
 * REST pull: every {@code intervalMs}, GETs {@code url} and follows its pagination — by page number
 * ({@code {"type":"page","param":"page","start":1}}, until an empty page), by cursor
 * ({@code {"type":"cursor","cursorPath":"next","param":"cursor"}}, until the cursor is absent) or by the
 * {@code Link: <...>; rel="next"} header ({@code {"type":"link"}}) — reading the records array at
 * {@code recordsPath}. All pages of one poll are one run. Requests are paced by {@code rateLimitPerSecond}
 * and retried on IO errors, 5xx and 429 with exponential backoff ({@code requestRetries},
 * {@code requestBackoffMs}); headers may come from the environment ({@code {"env":"API_TOKEN","prefix":"Bearer "}}).
 */
final class RestConnector implements Connector {
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel\\s*=\\s*\"?next\"?",
        Pattern.CASE_INSENSITIVE);
    private static final Set<String> PAGINATION = Set.of("none", "page", "cursor", "link");

    record Settings(String url, Map<String, SourceConfig.EnvValue> headers, JsonPath recordsPath, String pagination,
        String param, long start, String sizeParam, long size, JsonPath cursorPath, long intervalMs, int retries,
        long backoffMs, long maxBackoffMs, double rateLimit, long timeoutMs, int maxPages) {

        static Settings parse(SourceConfig c) {
            String url = c.string("url");
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("not http");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.field("url"), "'config.url' must be an http or https URL.");
            }
            SourceConfig p = c.object("pagination");
            String type = p.string("type", "none");
            if (!PAGINATION.contains(type)) {
                throw new ConfigException(p.field("type"), "'config.pagination.type' must be none, page, cursor or link.");
            }
            JsonPath cursorPath = null;
            if (type.equals("cursor")) {
                cursorPath = path(p, p.string("cursorPath"));
            }
            return new Settings(url, c.object("headers").envValues(), path(c, c.string("recordsPath", "")), type,
                p.string("param", type.equals("cursor") ? "cursor" : "page"), p.number("start", 1, 0, Long.MAX_VALUE),
                p.string("sizeParam", null), p.number("size", 0, 0, 1_000_000), cursorPath,
                c.number("intervalMs", 60_000, 10, 86_400_000), (int) c.number("requestRetries", 5, 0, 100),
                c.number("requestBackoffMs", 200, 1, 600_000), c.number("requestMaxBackoffMs", 10_000, 1, 3_600_000),
                c.decimal("rateLimitPerSecond", 0, 0), c.number("timeoutMs", 30_000, 100, 600_000),
                (int) c.number("maxPages", 10_000, 1, 10_000_000));
        }

        private static JsonPath path(SourceConfig c, String text) {
            try {
                return JsonPath.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.field("recordsPath"), e.getMessage());
            }
        }
    }

    private final Settings settings;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final HttpClient http;
    private long nextRequestNanos;
    private volatile boolean stopping;

    RestConnector(SourceContext context) {
        this.settings = Settings.parse(context.config());
        settings.headers().forEach((name, value) -> headers.put(name, value.resolve(context.secrets())));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(settings.timeoutMs()))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public boolean poll(SourceContext context) throws IOException, InterruptedException {
        ObjectNode position = context.position();
        SourceRun run = null;
        String url = settings.url();
        long page = settings.start();
        int pages = 0;
        if (settings.pagination().equals("page")) {
            url = withParam(settings.url(), settings.param(), Long.toString(page));
        }
        if (settings.sizeParam() != null && settings.size() > 0) {
            url = withParam(url, settings.sizeParam(), Long.toString(settings.size()));
        }
        String lastUrl = url;
        String cursor = null;
        while (url != null && pages < settings.maxPages() && !stopping) {
            HttpResponse<String> response = get(url);
            pages++;
            lastUrl = url;
            JsonNode body;
            try {
                body = context.json().readTree(response.body());
            } catch (JsonProcessingException e) {
                throw new IOException("GET " + display(url) + " did not answer JSON: " + e.getOriginalMessage());
            }
            JsonNode records = settings.recordsPath().read(body);
            if (!records.isArray()) {
                throw new IOException("GET " + display(url) + ": '" + settings.recordsPath()
                    + "' in the response is not an array of records");
            }
            int index = 0;
            for (JsonNode record : records) {
                if (run == null) {
                    run = context.startRun();
                }
                index++;
                run.offer("GET " + display(url) + " #" + index, record, null, record.toString());
            }
            url = switch (settings.pagination()) {
                case "page" -> records.isEmpty() || (settings.size() > 0 && records.size() < settings.size()) ? null
                    : withParam(settings.url(), settings.param(), Long.toString(++page))
                        + (settings.sizeParam() != null && settings.size() > 0
                            ? "&" + enc(settings.sizeParam()) + "=" + settings.size() : "");
                case "cursor" -> {
                    JsonNode next = settings.cursorPath().read(body);
                    String c = FieldMapper.text(next);
                    if (c == null || c.isBlank()) {
                        yield null;
                    }
                    cursor = c;
                    yield withParam(settings.url(), settings.param(), c);
                }
                case "link" -> nextLink(url, response);
                default -> null;
            };
        }
        ObjectNode next = position.deepCopy();
        next.put("lastUrl", display(lastUrl));
        next.put("pages", pages);
        if (settings.pagination().equals("page")) {
            next.put("lastPage", page);
        }
        if (cursor != null) {
            next.put("lastCursor", cursor);
        }
        next.put("polledAt", java.time.Instant.now().toString());
        if (run == null) {
            context.idle(next);
            return false;
        }
        RunSummary summary = context.finishRun();
        context.completed(summary, next);
        return false;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        int attempt = 0;
        while (true) {
            pace();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .timeout(Duration.ofMillis(settings.timeoutMs())).header("Accept", "application/json");
            headers.forEach(request::setHeader);
            String problem;
            try {
                HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response;
                }
                if (status < 500 && status != 429) {
                    throw new IOException("GET " + display(url) + " answered HTTP " + status);
                }
                problem = "HTTP " + status;
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains(" answered HTTP ")) {
                    throw e;
                }
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            }
            if (attempt >= settings.retries() || stopping) {
                throw new IOException("GET " + display(url) + " failed after " + (attempt + 1) + " attempts: "
                    + problem);
            }
            long wait = Math.min(settings.maxBackoffMs(), settings.backoffMs() << Math.min(attempt, 20));
            attempt++;
            Thread.sleep(wait);
        }
    }

    /** Waits until the rate limit allows the next request. */
    private void pace() throws InterruptedException {
        if (settings.rateLimit() <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (nextRequestNanos > now) {
            long wait = nextRequestNanos - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        nextRequestNanos = Math.max(now, nextRequestNanos) + (long) (1_000_000_000L / settings.rateLimit());
    }

    private static String nextLink(String current, HttpResponse<String> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = LINK_NEXT.matcher(link);
            if (m.find()) {
                return URI.create(current).resolve(m.group(1)).toString();
            }
        }
        return null;
    }

    private static String withParam(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + enc(name) + "=" + enc(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Path and query of a URL (no scheme, host or user info) for coordinates and errors. */
    private static String display(String url) {
        URI uri = URI.create(url);
        return (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    public long idleMillis() {
        return settings.intervalMs();
    }

    @Override
    public void wakeup() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
    }
}
