package dev.switchboard.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point ({@code Main-Class}). It is compiled for Java 8 (see pom.xml), so an older Java runs it far
 * enough to say in one line which Java is needed, instead of failing with {@code UnsupportedClassVersionError};
 * on Java 21 or newer it hands over to {@link Main}. Keep it to Java 8 API and free of other project classes.
 */
public final class Launcher {
    static final int REQUIRED = 21;
    static final String EXAMPLE_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = check(System.getProperty("java.specification.version"), System.getProperty("java.version"),
                System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
            return;
        }
        Method main = Class.forName("dev.switchboard.cli.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** @return the one-line message when this Java is too old, or null when it will do */
    static String check(String specification, String version, String home) {
        int feature = feature(specification);
        if (feature >= REQUIRED) {
            return null;
        }
        return "Switchboard needs Java " + REQUIRED + " or newer; this is Java "
                + (feature > 0 ? String.valueOf(feature) : specification) + " (" + version + ", " + home + "). "
                + "Set JAVA_HOME to a JDK " + REQUIRED + "+ and put its bin first on PATH, e.g. export JAVA_HOME="
                + EXAMPLE_JDK + " PATH=" + EXAMPLE_JDK + "/bin:$PATH";
    }

    /** {@code 1.8} is 8, {@code 17} is 17; 0 when it cannot be read. */
    static int feature(String specification) {
        if (specification == null) {
            return 0;
        }
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, Math.min(end, 9)));
    }
}
