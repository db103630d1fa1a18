package dev.switchboard.engine.telemetry.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code alerts:} section: which monitors run, their thresholds, and where incidents go.
 *
 * @param enabled        off: no monitor runs and nothing is sent
 * @param errorRate      the rolling error-rate monitor
 * @param latency        the P95 latency SLA; off when its target is null
 * @param spend          spend anomalies; off when disabled
 * @param webhooks       where incidents are posted
 * @param notifyInterval the least time between two notifications of one incident (its trigger and its resolve
 *                       are always sent; a flapping incident re-opening within this time is not re-sent)
 * @param keepResolved   how many resolved incidents the console keeps
 * @param resolveAfter   how long a condition must stay clear before its incident resolves (a rate that dips
 *                       for a moment does not resolve and re-open)
 */
public record AlertSettings(boolean enabled, ErrorRate errorRate, Latency latency, Spend spend,
                            List<Webhook> webhooks, Duration notifyInterval, int keepResolved,
                            Duration resolveAfter) {
    public AlertSettings {
        if (resolveAfter == null || resolveAfter.isNegative() || resolveAfter.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("resolve_after: must be between 0s and 1h, got " + resolveAfter);
        }
        if (errorRate == null) {
            throw new IllegalArgumentException("error_rate: is required");
        }
        if (latency == null) {
            throw new IllegalArgumentException("latency: is required");
        }
        if (spend == null) {
            throw new IllegalArgumentException("spend: is required");
        }
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        if (notifyInterval == null || notifyInterval.isNegative()) {
            throw new IllegalArgumentException("notify_interval: must be zero or more, got " + notifyInterval);
        }
        if (keepResolved < 0 || keepResolved > 1000) {
            throw new IllegalArgumentException("keep_resolved: must be between 0 and 1000, got " + keepResolved);
        }
    }

    /** On, with the example thresholds; no webhooks. */
    public static AlertSettings defaults() {
        return new AlertSettings(true, ErrorRate.defaults(), Latency.defaults(), Spend.defaults(), List.of(),
                Duration.ofMinutes(1), 50, Duration.ofSeconds(10));
    }

    public AlertSettings withErrorRate(ErrorRate e) {
        return new AlertSettings(enabled, e, latency, spend, webhooks, notifyInterval, keepResolved,
                resolveAfter);
    }

    public AlertSettings withLatency(Latency l) {
        return new AlertSettings(enabled, errorRate, l, spend, webhooks, notifyInterval, keepResolved,
                resolveAfter);
    }

    public AlertSettings withSpend(Spend s) {
        return new AlertSettings(enabled, errorRate, latency, s, webhooks, notifyInterval, keepResolved,
                resolveAfter);
    }

    public AlertSettings withResolveAfter(Duration d) {
        return new AlertSettings(enabled, errorRate, latency, spend, webhooks, notifyInterval, keepResolved, d);
    }

    public AlertSettings withWebhooks(List<Webhook> w) {
        return new AlertSettings(enabled, errorRate, latency, spend, w, notifyInterval, keepResolved,
                resolveAfter);
    }

    /**
     * The error-rate monitor: over the last {@code window} requests of each model and each namespace, the share that
     * failed, against the namespace's threshold (a model's window uses {@code threshold}). A warning opens at
     * {@code warnAt} of the threshold (80% of the error budget), critical at the threshold itself.
     *
     * @param minRequests a window holding fewer requests is not judged (one failure out of three is not a rate)
     */
    public record ErrorRate(boolean enabled, int window, int minRequests, double threshold,
                            Map<String, Double> namespaces, double warnAt) {
        public ErrorRate {
            if (window < 10 || window > 100_000) {
                throw new IllegalArgumentException("window: must be between 10 and 100000 requests, got " + window);
            }
            if (minRequests < 1 || minRequests > window) {
                throw new IllegalArgumentException("min_requests: must be between 1 and the window (" + window
                        + "), got " + minRequests);
            }
            rate("threshold", threshold);
            namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
            namespaces.forEach((ns, t) -> rate("namespaces." + ns, t));
            if (!(warnAt > 0 && warnAt <= 1)) {
                throw new IllegalArgumentException("warn_at: must be above 0 and at most 1 (a share of the "
                        + "threshold), got " + warnAt);
            }
        }

        /** The last 100 requests; 5%, warn at 80% of it; the table for its namespaces. */
        public static ErrorRate defaults() {
            return new ErrorRate(true, 100, 20, 0.05, Map.of("payments", 0.001, "extraction", 0.05,
                    "routing", 0.10, "screening", 0.15), 0.8);
        }

        public double thresholdFor(String namespace) {
            return namespace == null ? threshold : namespaces.getOrDefault(namespace, threshold);
        }

        public ErrorRate withThreshold(double t) {
            return new ErrorRate(enabled, window, minRequests, t, namespaces, warnAt);
        }

        public ErrorRate withNamespaces(Map<String, Double> n) {
            return new ErrorRate(enabled, window, minRequests, threshold, n, warnAt);
        }

        private static void rate(String field, double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(field + ": must be a share above 0 and at most 1 (0.05 is 5%), got "
                        + v);
            }
        }
    }

    /**
     * The P95 latency SLA: over the last {@code window} of time, per model and per namespace.
     *
     * @param target      null: off
     * @param minRequests a window holding fewer is not judged
     */
    public record Latency(Duration target, Duration window, int minRequests) {
        public Latency {
            if (target != null && (target.isNegative() || target.isZero())) {
                throw new IllegalArgumentException("p95_target: must be above zero, got " + target);
            }
            if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("window: must be between 1s and 1h, got " + window);
            }
            if (minRequests < 1) {
                throw new IllegalArgumentException("min_requests: must be 1 or more, got " + minRequests);
            }
        }

        public static Latency defaults() {
            return new Latency(Duration.ofSeconds(5), Duration.ofMinutes(5), 20);
        }

        public Latency withTarget(Duration t) {
            return new Latency(t, window, minRequests);
        }

        public boolean enabled() {
            return target != null;
        }
    }

    /**
     * Spend anomalies: the last hour's spend above {@code factor} times the mean of the {@code baselineHours} before
     * it, and above {@code floorMicros} (a quiet engine's first dollar is not an anomaly).
     */
    public record Spend(boolean enabled, double factor, int baselineHours, long floorMicros) {
        public Spend {
            if (!(factor > 1 && factor <= 1000)) {
                throw new IllegalArgumentException("factor: must be above 1 and at most 1000, got " + factor);
            }
            if (baselineHours < 1 || baselineHours > 168) {
                throw new IllegalArgumentException("baseline_hours: must be between 1 and 168, got " + baselineHours);
            }
            if (floorMicros < 0) {
                throw new IllegalArgumentException("floor: must be zero or more, got " + floorMicros);
            }
        }

        public static Spend defaults() {
            return new Spend(true, 3.0, 6, 1_000_000);
        }
    }

    public enum WebhookKind {
        SLACK("slack"), PAGERDUTY("pagerduty");

        private final String configName;

        WebhookKind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static WebhookKind parse(String s) {
            for (WebhookKind k : values()) {
                if (k.configName.equalsIgnoreCase(s == null ? "" : s.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind: must be slack or pagerduty, got '" + s + "'");
        }
    }

    /**
     * One webhook. The URL and the routing key are secrets (a Slack URL is its own credential): {@link #toString}
     * and {@link #maskedUrl} show the scheme, host and port only.
     *
     * @param routingKey PagerDuty's integration key; null for Slack
     * @param timeout    per attempt
     * @param attempts   tries per notification (1 to 5)
     */
    public record Webhook(String name, WebhookKind kind, String url, String routingKey, Duration timeout,
                          int attempts) {
        public Webhook {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: is required");
            }
            if (kind == null) {
                throw new IllegalArgumentException("kind: must be slack or pagerduty");
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("url: is required");
            }
            java.net.URI u;
            try {
                u = java.net.URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url: is not a valid URL"); // not echoed: it is a secret
            }
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("url: must be an http or https URL with a host");
            }
            if (kind == WebhookKind.PAGERDUTY && (routingKey == null || routingKey.isBlank())) {
                throw new IllegalArgumentException("routing_key: is required for a pagerduty webhook");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: must be above zero");
            }
            if (attempts < 1 || attempts > 5) {
                throw new IllegalArgumentException("attempts: must be between 1 and 5, got " + attempts);
            }
        }

        /** {@code https://hooks.slack.com/…}: enough to tell webhooks apart, nothing that lets anyone post. */
        public String maskedUrl() {
            java.net.URI u = java.net.URI.create(url.strip());
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
        }

        @Override
        public String toString() {
            return "Webhook[" + name + ", " + kind.configName() + ", " + maskedUrl()
                    + (routingKey == null ? "" : ", routing_key=***") + "]";
        }
    }
}
