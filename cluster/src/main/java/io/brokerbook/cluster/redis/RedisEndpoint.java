package io.brokerbook.cluster.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis server is and how to log in: {@code redis://[user:password@]host:port[/db]}.
 * Any host is accepted (an existing server elsewhere); the lab's own server is always on 127.0.0.1.
 */
public record RedisEndpoint(String host, int port, String user, String password, int database) {
    public static final int DEFAULT_PORT = 6379;
    private static final int TIMEOUT_MS = 5_000;

    public static RedisEndpoint local(int port, String password) {
        return new RedisEndpoint("127.0.0.1", port, null, password, 0);
    }

    /** Parses a redis:// URL; anything wrong is a one-line {@link RedisLabException}. */
    public static RedisEndpoint parse(String url) {
        String example = " Expected redis://[user:password@]host:port[/db], e.g. redis://127.0.0.1:6379/0";
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RedisLabException("Bad Redis URL '" + url + "': " + e.getReason() + "." + example);
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme())) {
            throw new RedisLabException("Bad Redis URL '" + url + "': the scheme must be redis://." + example);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new RedisLabException("Bad Redis URL '" + url + "': no host." + example);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        requireKnownHost(url, host);
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String u = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String p = colon < 0 ? null : userInfo.substring(colon + 1);
            user = u.isEmpty() ? null : decode(u);
            password = p == null || p.isEmpty() ? null : decode(p);
            if (colon < 0) { // redis://secret@host means a password, as in redis-cli -u
                password = user;
                user = null;
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new RedisLabException("Bad Redis URL '" + url + "': the database '" + path.substring(1)
                    + "' must be a number." + example);
            }
            if (db < 0) {
                throw new RedisLabException("Bad Redis URL '" + url + "': the database must be 0 or more.");
            }
        }
        return new RedisEndpoint(host, port, user, password, db);
    }

    private static void requireKnownHost(String url, String host) {
        try {
            InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RedisLabException("Bad Redis URL '" + url + "': unknown host '" + host + "'.");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public HostAndPort hostAndPort() {
        return new HostAndPort(host, port);
    }

    /** Client settings for jedis: login, database and timeouts; jedis picks the protocol. */
    public JedisClientConfig clientConfig() {
        return configBuilder().build();
    }

    /** As {@link #clientConfig()} but speaking RESP2, as redis-cli does by default (so replies print the same). */
    JedisClientConfig resp2ClientConfig() {
        return configBuilder().resp2().build();
    }

    private DefaultJedisClientConfig.Builder configBuilder() {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(TIMEOUT_MS)
            .socketTimeoutMillis(TIMEOUT_MS)
            .database(database)
            .clientName("brokerbook");
        if (user != null) {
            b.user(user);
        }
        if (password != null) {
            b.password(password);
        }
        return b;
    }

    /** The URL with the password hidden. */
    @Override
    public String toString() {
        String auth = user == null && password == null ? ""
            : (user == null ? "" : user) + (password == null ? "" : ":***") + "@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "redis://" + auth + h + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
