package dev.switchboard.store;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * Redis connections from a {@code redis://[:password@]host:port[/db]} URL, every one with short timeouts so a
 * sick Redis costs a request milliseconds, never seconds.
 */
public final class RedisConnections {
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;

    /** @throws IllegalArgumentException when the URL cannot be used; the message shows it with its password masked */
    public RedisConnections(String url, Duration timeout) {
        URI u;
        try {
            // Not URI.create: its message quotes the whole input, password and all.
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid Redis URL: " + Urls.redact(url) + " (" + e.getReason() + ")");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("Redis URL has no host: " + Urls.redact(url));
        }
        this.address = new HostAndPort(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort());
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .clientName("switchboard")
                .ssl("rediss".equals(u.getScheme()));
        String info = u.getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                b.password(info);
            } else {
                if (colon > 0) {
                    b.user(info.substring(0, colon));
                }
                b.password(info.substring(colon + 1));
            }
        }
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            try {
                b.database(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis URL " + Urls.redact(url)
                        + ": the database after the '/' must be a number");
            }
        }
        this.clientConfig = b.build();
    }

    /** A pooled client for commands. */
    public JedisPooled pooled(int maxConnections) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(Duration.ofMillis(Math.max(50, clientConfig.getConnectionTimeoutMillis())));
        pool.setJmxEnabled(false);
        return new JedisPooled(pool, address, clientConfig);
    }

    /**
     * Closes every idle connection of {@code pool}; new ones are made as needed. After an outage each idle one is a
     * dead socket, and the pool finds that out only by failing a command on it, one connection per failure: a
     * caller that knows Redis went away (a tier coming back, a failed publish) drops them all at once instead.
     */
    public static void dropIdle(JedisPooled pool) {
        pool.getPool().clear();
    }

    /** A dedicated connection for SUBSCRIBE, which holds its socket open; it must not time out while idle. */
    public Jedis dedicatedForSubscribe() {
        JedisClientConfig noReadTimeout = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(clientConfig.getConnectionTimeoutMillis())
                .socketTimeoutMillis(0)
                .user(clientConfig.getUser())
                .password(clientConfig.getPassword())
                .database(clientConfig.getDatabase())
                .clientName("switchboard-sub")
                .ssl(clientConfig.isSsl())
                .build();
        return new Jedis(address, noReadTimeout);
    }

    public String describe() {
        return "redis://" + address;
    }
}
