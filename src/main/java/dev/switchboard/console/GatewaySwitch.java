package dev.switchboard.console;

import dev.switchboard.gateway.Gateway;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;

/**
 * The status bar's "Gateway: off / on :4000" switch and its port field. Clicking starts or stops the console's
 * gateway off the FX thread; the switch is disabled meanwhile and shows what came of it (a port in use, say, puts
 * it back off with the reason in the banner).
 */
final class GatewaySwitch {
    private final ConsoleGateway gateway;
    private final Background background;
    private final ToggleButton toggle;
    private final TextField port;

    GatewaySwitch(ConsoleGateway gateway, Background background, ToggleButton toggle, TextField port) {
        this.gateway = gateway;
        this.background = background;
        this.toggle = toggle;
        this.port = port;
        toggle.setOnAction(e -> flip());
        Gateway running = gateway.running();
        port.setText(Integer.toString(running != null ? running.port() : ConsoleGateway.DEFAULT_PORT));
        show(running);
    }

    private void flip() {
        toggle.setDisable(true);
        if (!toggle.isSelected()) {
            background.run("Stop the gateway", gateway::stop, ok -> show(null), failed -> show(gateway.running()));
            return;
        }
        Integer p = parsePort(port.getText());
        if (p == null) {
            port.getStyleClass().add("field-error");
            toggle.setTooltip(new Tooltip("The port must be a number between 1 and 65535"));
            show(null);
            return;
        }
        port.getStyleClass().remove("field-error");
        background.run("Start the gateway on port " + p, () -> gateway.start(p), this::show,
                failed -> show(gateway.running()));
    }

    /** On the FX thread: the switch as the gateway now is. */
    void show(Gateway running) {
        toggle.setDisable(false);
        boolean on = running != null;
        toggle.setSelected(on);
        port.setDisable(on);
        toggle.getStyleClass().removeAll("gateway-on", "gateway-off");
        toggle.getStyleClass().add(on ? "gateway-on" : "gateway-off");
        toggle.setText(on ? "Gateway: on :" + running.port() + (running.keysRequired() ? " (keys)" : "")
                : "Gateway: off");
        toggle.setTooltip(new Tooltip(on ? "Serving " + running.url() + "/v1 (OpenAI and Anthropic formats); click to "
                + "stop (requests in flight finish first)" : "Serve this engine over HTTP on the port beside"));
    }

    static Integer parsePort(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            return p >= 1 && p <= 65_535 ? p : null;
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }
}
