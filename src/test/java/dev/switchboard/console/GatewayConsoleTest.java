package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testsupport.TestConfigs;
import java.io.File;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The status bar's Gateway switch, driven as an operator would: on with a port, serving HTTP from the console's
 * engine, then off again; a bad port leaves it off. Renders the window with the gateway off and on to
 * {@code target/screenshots/gateway-off.png} and {@code gateway-on.png}.
 */
@ExtendWith(ApplicationExtension.class)
class GatewayConsoleTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private GuiSupport.Console console;
    private final HttpClient http = HttpClient.newHttpClient();

    @Start
    void start(Stage stage) throws Exception {
        console = GuiSupport.open(stage, dir.resolve("gateway.yaml"), """
                tiers:
                  l1: {enabled: true, ttl: 5m}
                  l3: {enabled: false}
                ledger: {enabled: false}
                """ + TestConfigs.MODELS + TestConfigs.ZERO_LATENCY);
    }

    @AfterEach
    void stop() throws Exception {
        console.view().context().gateway().stop();
        console.close();
        http.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void png(Scene scene, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(SCREENSHOTS.resolve(name).toString()));
    }

    private int health(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theSwitchStartsAndStopsTheGatewayOnThePortTyped(FxRobot robot) throws Exception {
        ToggleButton toggle = robot.lookup("#gatewayToggle").queryAs(ToggleButton.class);
        TextField port = robot.lookup("#gatewayPort").queryAs(TextField.class);
        assertThat(toggle.getText()).isEqualTo("Gateway: off");
        assertThat(port.getText()).isEqualTo("4000");
        png(toggle.getScene(), "gateway-off.png");

        int free = freePort();
        robot.interact(port::clear);
        robot.clickOn(port).write(Integer.toString(free));
        robot.clickOn(toggle);
        GuiSupport.await("the gateway on", () -> toggle.getText().equals("Gateway: on :" + free));
        assertThat(toggle.isSelected()).isTrue();
        assertThat(port.isDisabled()).as("the port is fixed while serving").isTrue();
        assertThat(health(free)).isEqualTo(200);
        assertThat(console.view().context().gateway().running().port()).isEqualTo(free);
        png(toggle.getScene(), "gateway-on.png");

        robot.clickOn(toggle);
        GuiSupport.await("the gateway off", () -> toggle.getText().equals("Gateway: off"));
        assertThat(toggle.isSelected()).isFalse();
        assertThat(console.view().context().gateway().running()).isNull();
        assertThatThrownBy(() -> health(free)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aBadPortLeavesTheSwitchOff(FxRobot robot) {
        ToggleButton toggle = robot.lookup("#gatewayToggle").queryAs(ToggleButton.class);
        TextField port = robot.lookup("#gatewayPort").queryAs(TextField.class);
        robot.interact(port::clear);
        robot.clickOn(port).write("http");
        robot.clickOn(toggle);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(toggle.isSelected()).isFalse();
        assertThat(toggle.getText()).isEqualTo("Gateway: off");
        assertThat(port.getStyleClass()).contains("field-error");
        assertThat(console.view().context().gateway().running()).isNull();
    }
}
