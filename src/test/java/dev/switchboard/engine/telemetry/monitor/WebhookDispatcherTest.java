package dev.switchboard.engine.telemetry.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.LogCapture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A failing webhook: retried, counted, logged once by its masked URL; the secret path and key never printed. */
class WebhookDispatcherTest {
    @Test
    void aFailingWebhookIsRetriedCountedAndLoggedOnceWithoutItsSecrets() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0/B0/s3cr3tpath";
        AlertSettings s = AlertSettings.defaults().withWebhooks(List.of(new AlertSettings.Webhook("pager",
                AlertSettings.WebhookKind.PAGERDUTY, url, "k3y-s3cr3t", Duration.ofSeconds(2), 2)));
        Incident i = new Incident(1, Monitors.ERROR_RATE, "model m", Severity.CRITICAL, 0, 0.2, 0.05, "share",
                List.of(), 0);
        try (LogCapture logs = new LogCapture(Level.INFO)) {
            WebhookDispatcher d = new WebhookDispatcher(() -> s, "test");
            try {
                d.accept(new Notification(Notification.Transition.OPENED, i));
                d.accept(new Notification(Notification.Transition.RESOLVED, i.resolved(1)));
                Await.until(Duration.ofSeconds(10), "both failed", () -> d.failed() == 2);
            } finally {
                d.close();
            }
            assertThat(posts.get()).as("two notifications, two attempts each").isEqualTo(4);
            assertThat(d.sent()).isZero();
            List<LogCapture.Line> warns = logs.lines().stream().filter(l -> l.logger().contains("WebhookDispatcher"))
                    .toList();
            assertThat(warns).singleElement().satisfies(l -> assertThat(l.message())
                    .contains("alert webhook pager (http://127.0.0.1:" + server.getAddress().getPort() + "/…)")
                    .contains("HTTP 503"));
            assertThat(logs.lines()).allSatisfy(l -> assertThat(l.printed()).doesNotContain("s3cr3t"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void payloadsFollowSlackAndPagerDutyEventsV2() {
        Incident i = new Incident(7, Monitors.ERROR_RATE, "namespace payments", Severity.WARNING, 1000, 0.0008, 0.001,
                "share", List.of(new Incident.CauseCount(Cause.TIMEOUT, 3)), 0);
        Notification open = new Notification(Notification.Transition.OPENED, i);
        assertThat(WebhookPayloads.slack(open)).isEqualTo("{\"text\":\":rotating_light: Switchboard alert warning: "
                + "error rate of namespace payments is 0.08% against 0.10%; top causes: timeout 3\"}");
        String pd = WebhookPayloads.pagerDuty(open, "KEY", "switchboard-ab");
        assertThat(pd).contains("\"routing_key\":\"KEY\"", "\"event_action\":\"trigger\"",
                "\"dedup_key\":\"switchboard-error_rate-namespace-payments-7\"", "\"severity\":\"warning\"",
                "\"source\":\"switchboard-ab\"", "\"cause timeout\":3");
        String resolve = WebhookPayloads.pagerDuty(new Notification(Notification.Transition.RESOLVED,
                i.resolved(5000)), "KEY", "switchboard-ab");
        assertThat(resolve).isEqualTo("{\"routing_key\":\"KEY\",\"event_action\":\"resolve\","
                + "\"dedup_key\":\"switchboard-error_rate-namespace-payments-7\"}");
    }
}
