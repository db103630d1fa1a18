package dev.switchboard.console;

import javafx.event.Event;
import javafx.event.EventType;

/**
 * A request to show a tab, fired on the node the operator acted on (a dashboard tile, the command palette) and
 * handled by the window, which owns the tabs; so a view asks for another tab without knowing the window.
 *
 * @see MainController#select(String)
 */
public final class Navigate extends Event {
    public static final EventType<Navigate> TO = new EventType<>(Event.ANY, "SB_NAVIGATE");

    private final String tab;
    private final String subject;

    /**
     * @param tab     a name from {@link MainController#TABS}
     * @param subject what to show in it, or null: a model (Resilience: its breaker), a user (Costs: their spend)
     */
    public Navigate(String tab, String subject) {
        super(TO);
        this.tab = tab;
        this.subject = subject;
    }

    public String tab() {
        return tab;
    }

    public String subject() {
        return subject;
    }
}
