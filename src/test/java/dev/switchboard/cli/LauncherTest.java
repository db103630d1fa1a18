package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherTest {
    @Test
    void anOldJavaGetsOneLineSayingWhatToDo() {
        assertThat(Launcher.check("17", "17.0.15", "/usr/lib/jvm/java-17-openjdk-amd64")).isEqualTo(
                "Switchboard needs Java 21 or newer; this is Java 17 (17.0.15, /usr/lib/jvm/java-17-openjdk-amd64). "
                        + "Set JAVA_HOME to a JDK 21+ and put its bin first on PATH, e.g. export "
                        + "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH");
        assertThat(Launcher.check("1.8", "1.8.0_392", "/opt/jdk8")).startsWith("Switchboard needs Java 21 or newer; "
                + "this is Java 8 (1.8.0_392, /opt/jdk8).");
    }

    @Test
    void java21AndNewerRunTheCommandLine() {
        assertThat(Launcher.check("21", "21.0.5", "/x")).isNull();
        assertThat(Launcher.check("25", "25", "/x")).isNull();
        assertThat(Launcher.check(System.getProperty("java.specification.version"), "", "")).isNull();
    }

    @Test
    void theLauncherIsJava8Bytecode() throws Exception {
        try (var in = Launcher.class.getResourceAsStream("Launcher.class")) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            assertThat(major).as("class file major version").isEqualTo(52);
        }
    }
}
