package dev.switchboard.engine.telemetry.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The bodies the webhooks are sent: Slack's {@code {"text": ...}} and PagerDuty Events API v2. */
final class WebhookPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayloads() {
    }

    static String slack(Notification n) {
        Incident i = n.incident();
        String text = switch (n.transition()) {
            case OPENED -> ":rotating_light: Switchboard alert " + i.summary();
            case ESCALATED -> ":rotating_light: Switchboard alert escalated " + i.summary();
            case RESOLVED -> ":white_check_mark: Switchboard resolved: " + i.monitor() + " of " + i.subject()
                    + " (open " + Math.max(0, (i.resolvedAtMillis() - i.openedAtMillis()) / 1000) + " s)";
        };
        return JSON.createObjectNode().put("text", text).toString();
    }

    /** https://developer.pagerduty.com/docs/events-api-v2/trigger-events/: a resolve needs only the key. */
    static String pagerDuty(Notification n, String routingKey, String source) {
        Incident i = n.incident();
        ObjectNode body = JSON.createObjectNode()
                .put("routing_key", routingKey)
                .put("event_action", n.transition() == Notification.Transition.RESOLVED ? "resolve" : "trigger")
                .put("dedup_key", i.dedupKey());
        if (n.transition() != Notification.Transition.RESOLVED) {
            ObjectNode payload = body.putObject("payload")
                    .put("summary", "Switchboard " + i.summary())
                    .put("severity", i.severity().wireName())
                    .put("source", source)
                    .put("component", i.subject())
                    .put("group", i.monitor())
                    .put("class", i.monitor());
            ObjectNode details = payload.putObject("custom_details")
                    .put("value", i.format(i.value()))
                    .put("threshold", i.format(i.threshold()));
            i.topCauses().forEach(c -> details.put("cause " + c.cause().label(), c.count()));
        }
        return body.toString();
    }
}
