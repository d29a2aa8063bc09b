package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Reading a service's {@code /q/metrics} (Prometheus text format) in tests. */
public final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PrometheusText() {
    }

    /** The text of {@code baseUrl + path}; fails unless the answer is 200. */
    public static String get(String baseUrl, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The metrics of a running service. */
    public static String scrape(QuarkusAppProcess service) {
        return get(service.managementUrl(), "/q/metrics");
    }

    /**
     * The sum of the samples of metric {@code name} whose labels include all the given ones; 0 when there is none.
     */
    public static double sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            if (labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
