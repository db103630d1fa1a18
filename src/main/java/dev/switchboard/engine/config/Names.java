package dev.switchboard.engine.config;

/**
 * The rule every name in the config follows (models, plans, namespaces): 1-64 letters, digits, '.', '_' or '-',
 * starting with a letter or digit. For code above the engine that takes such names from operators (gateway keys
 * name a plan and models), so its messages match the config's.
 */
public final class Names {
    /** The longest name, the width of the ledger's name columns. */
    public static final int MAX = Check.NAME_MAX;

    private Names() {
    }

    /** @return why {@code s} is not a name (e.g. {@code must be 1-64 letters, ... got 'a b'}), or null when it is */
    public static String problem(String s) {
        try {
            Check.name("", s);
            return null;
        } catch (ConfigException e) {
            return e.reason();
        }
    }
}
