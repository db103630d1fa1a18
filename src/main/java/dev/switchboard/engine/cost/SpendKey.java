package dev.switchboard.engine.cost;

import java.time.LocalDate;

/**
 * One running total: a UTC day or month, and all traffic, one user or one model.
 *
 * @param periodStart the day, or the first day of the month
 */
record SpendKey(Period period, LocalDate periodStart, Scope scope, String name) {
    static final String ALL = "*";

    enum Period {
        DAY('D'), MONTH('M');

        final char code;

        Period(char code) {
            this.code = code;
        }

        static Period of(String code) {
            return code.charAt(0) == 'D' ? DAY : MONTH;
        }

        LocalDate startOf(LocalDate day) {
            return this == DAY ? day : day.withDayOfMonth(1);
        }

        LocalDate next(LocalDate start) {
            return this == DAY ? start.plusDays(1) : start.plusMonths(1);
        }
    }

    enum Scope {
        ALL_TRAFFIC("all"), USER("user"), MODEL("model");

        final String column;

        Scope(String column) {
            this.column = column;
        }

        static Scope of(String column) {
            for (Scope s : values()) {
                if (s.column.equals(column)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown spend scope '" + column + "'");
        }
    }

    static SpendKey all(Period p, LocalDate day) {
        return new SpendKey(p, p.startOf(day), Scope.ALL_TRAFFIC, ALL);
    }

    static SpendKey user(Period p, LocalDate day, String user) {
        return new SpendKey(p, p.startOf(day), Scope.USER, user);
    }

    static SpendKey model(Period p, LocalDate day, String model) {
        return new SpendKey(p, p.startOf(day), Scope.MODEL, model);
    }
}
