package io.syncmesh.devstack;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The parts of a configured PostgreSQL URL ({@code jdbc:postgresql://host:port/db?user=u&password=p}). */
record PostgresUrl(String host, int port, String database, String user, String password) {

    /**
     * Accepts the JDBC form and the {@code postgresql://} / {@code postgres://} forms, with user info or parameters.
     */
    static PostgresUrl parse(String url) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        if (!plain.startsWith("postgresql://") && !plain.startsWith("postgres://")) {
            throw new IllegalArgumentException("not a PostgreSQL URL (jdbc:postgresql://host:port/db): " + url);
        }
        URI uri = URI.create(plain);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a PostgreSQL URL with exactly one host is needed: " + url);
        }
        Map<String, String> params = query(uri.getRawQuery());
        String user = params.get("user");
        String password = params.get("password");
        if (uri.getRawUserInfo() != null) {
            String[] info = uri.getRawUserInfo().split(":", 2);
            user = user != null ? user : decode(info[0]);
            password = password != null ? password : info.length > 1 ? decode(info[1]) : null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new PostgresUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                path.isEmpty() ? "postgres" : path, user, password);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
