package dev.switchboard.engine.telemetry.requestlog;

import dev.switchboard.engine.telemetry.RequestDetail;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.Step;
import java.util.List;

/**
 * One finished request in the request log.
 *
 * @param seq   the log's number for it, from 1, in the order requests finished: {@link RecentRequests#since} takes
 *              the last one a reader has seen
 * @param event what the request path told its listeners, with its detail
 */
public record RequestEntry(long seq, RequestEvent event) {
    private static final RequestDetail NONE = new RequestDetail(null, List.of(), List.of(),
            "not kept: the request log was off", null, null, null);

    /** The detail, or an empty one for an event published without it. */
    public RequestDetail detail() {
        return event.detail() == null ? NONE : event.detail();
    }

    public List<Step> steps() {
        return detail().steps();
    }
}
