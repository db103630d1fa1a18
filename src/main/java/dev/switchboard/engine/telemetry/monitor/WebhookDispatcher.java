package dev.switchboard.engine.telemetry.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications to the configured webhooks from a thread of its own: {@link #accept} only queues (a full
 * queue drops and counts), so no request ever waits on a webhook. Each post has a timeout and a retry or two; a
 * webhook that keeps failing is logged once (by its masked URL) and counted.
 */
final class WebhookDispatcher implements java.util.function.Consumer<Notification>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int QUEUE = 1000;

    private final Supplier<AlertSettings> settings;
    private final String source;
    private final BlockingQueue<Notification> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Built on the first post, on the dispatcher's thread: an engine without webhooks never pays for it. */
    private HttpClient http;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Set<String> loggedFailing = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    WebhookDispatcher(Supplier<AlertSettings> settings, String source) {
        this.settings = settings;
        this.source = source;
        this.thread = Thread.ofPlatform().daemon().name("alerts-webhooks").start(this::run);
    }

    @Override
    public void accept(Notification n) {
        if (closed) {
            throw new IllegalStateException("alerts are closed");
        }
        if (settings.get().webhooks().isEmpty()) {
            return;
        }
        if (!queue.offer(n)) {
            failed.increment();
            if (loggedFailing.add("(queue)")) {
                LOG.warn("alert webhooks are behind: {} notifications queued; dropping (counted)", QUEUE);
            }
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Notification n;
            try {
                n = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (n != null) {
                for (AlertSettings.Webhook w : settings.get().webhooks()) {
                    post(w, n);
                }
            }
        }
    }

    private void post(AlertSettings.Webhook w, Notification n) {
        String body = w.kind() == AlertSettings.WebhookKind.SLACK ? WebhookPayloads.slack(n)
                : WebhookPayloads.pagerDuty(n, w.routingKey(), source);
        HttpRequest req = HttpRequest.newBuilder(URI.create(w.url().strip())).timeout(w.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        String last = null;
        for (int attempt = 1; attempt <= w.attempts(); attempt++) {
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    sent.increment();
                    if (loggedFailing.remove(w.name())) {
                        LOG.info("alert webhook {} ({}) delivers again", w.name(), w.maskedUrl());
                    }
                    return;
                }
                last = "HTTP " + r.statusCode();
                if (r.statusCode() / 100 == 4 && r.statusCode() != 429) {
                    break; // the body or the key is wrong: sending it again will not help
                }
            } catch (InterruptedException e) {
                if (closed) {
                    last = "interrupted while closing";
                    break;
                }
            } catch (java.io.IOException e) {
                // Only the exception's type: its message may quote the URL.
                last = e.getClass().getSimpleName();
            }
            if (attempt < w.attempts()) {
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        failed.increment();
        if (loggedFailing.add(w.name())) {
            LOG.warn("alert webhook {} ({}) failed after {} attempts: {}; later failures are counted, not logged",
                    w.name(), w.maskedUrl(), w.attempts(), last);
        }
    }

    long sent() {
        return sent.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Sends what is queued (waiting at most 5 s), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        if (!thread.isAlive() && http != null) {
            http.close();
        }
        if (!queue.isEmpty()) {
            LOG.warn("alerts closed with {} webhook notifications unsent", queue.size());
            failed.add(queue.size());
            queue.clear();
        }
    }
}
