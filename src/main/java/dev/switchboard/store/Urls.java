package dev.switchboard.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in store URLs before they are shown anywhere (logs, errors, snapshots, the console): the
 * password of {@code scheme://user:password@host} (and the whole user info of {@code redis://password@host}, which
 * Redis reads as the password), and the value of any {@code password=}, {@code pwd=}, {@code secret=} or
 * {@code token=} parameter, whether it follows {@code ?}, {@code &} or {@code ;} (PostgreSQL JDBC, H2). The secret
 * becomes {@value #MASK}; the rest stays, so the operator still sees which host and database is meant.
 */
public final class Urls {
    public static final String MASK = "***";

    /** scheme://userinfo@ ; the user info runs to the last '@' before the path, so a raw '@' in a password is covered. */
    private static final Pattern USER_INFO =
            Pattern.compile("(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*)://([^\\s/?#'\"<>]*)@");
    /** key=value where the key names a secret; the value runs to the next separator, quote or blank. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)(?<![a-z0-9])([a-z0-9_.-]*(?:password|passwd|pwd|secret|token)(?![a-z0-9])\\s*=\\s*)([^&;#\\s'\"]+)");

    private Urls() {
    }

    /** One URL as configured, with its credentials masked; null stays null. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme > 0 && at > scheme) {
            // A whole URL, perhaps malformed (a '/' or '?' in the password): everything up to its last '@' is
            // user info, so a password the driver could not parse is masked too. Over-masking beats a leak.
            String info = url.substring(scheme + 3, at);
            return params(url.substring(0, scheme + 3) + maskUserInfo(url.substring(0, scheme), info)
                    + url.substring(at));
        }
        return redactSecrets(url);
    }

    /**
     * Any text (a driver's exception message, a log line) with the credentials of every URL in it masked.
     * Null stays null.
     */
    public static String redactSecrets(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = USER_INFO.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "://" + maskUserInfo(m.group(1),
                    m.group(2)) + "@"));
        }
        m.appendTail(sb);
        return params(sb.toString());
    }

    private static String params(String s) {
        return SECRET_PARAM.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    /** {@code user:password} keeps the user; a lone name is a user, except for Redis where it is the password. */
    private static String maskUserInfo(String scheme, String info) {
        int colon = info.indexOf(':');
        if (colon >= 0) {
            return info.substring(0, colon) + ":" + MASK;
        }
        boolean redis = scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss");
        return redis && !info.isEmpty() ? MASK : info;
    }
}
