package dev.switchboard.engine.cache.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a candidate whose meaning differs from the prompt where sentence embeddings are blind: they place
 * "What is 2+2?" beside "What is 2+3?", "cancel my subscription" beside "renew my subscription", and "learn Python"
 * beside "learn Java". Each check looks at words, not vectors, and names its refusal with a stable reason
 * ({@link #NUMBER}, ...). Stateless and thread-safe.
 */
public final class Verifier {
    /** Different numbers or arithmetic: 2+2 and 2+3, 2016 and 2017, 10 kg and 20 kg. */
    public static final String NUMBER = "number";
    /** One side negated, the other not: "countries that have a democracy" and "that do not have one". */
    public static final String NEGATION = "negation";
    /** Opposite words on the two sides: cancel and renew, buy and sell, best and worst. */
    public static final String ANTONYM = "antonym";
    /** A name on one side that the other lacks: Montgomery County and Morgan County, iPhone and Pixel. */
    public static final String ENTITY = "entity";
    /** One content word swapped for another, the rest alike: learn Python and learn Java. */
    public static final String KEY_NOUN = "key_noun";

    /** Every check, in the order they run. */
    public static final List<String> CHECKS = List.of(NUMBER, NEGATION, ANTONYM, ENTITY, KEY_NOUN);

    private static final Map<String, Set<String>> OPPOSITES = opposites(
            "cancel:renew,subscribe,start,activate,book", "buy:sell", "increase:decrease,reduce,lower",
            "start:stop,end,finish,quit", "open:close,shut", "enable:disable", "add:remove,delete",
            "win:lose", "gain:lose", "best:worst", "pro:con", "advantage:disadvantage", "good:bad,evil",
            "love:hate", "import:export", "upload:download", "encrypt:decrypt", "encode:decode", "before:after",
            "maximum:minimum", "max:min", "maximize:minimize", "positive:negative", "true:false", "legal:illegal",
            "hot:cold", "rich:poor", "cheap:expensive", "fast:slow", "male:female", "man:woman", "men:women",
            "boy:girl", "husband:wife", "father:mother", "son:daughter", "accept:reject,decline", "allow:deny,forbid,ban",
            "push:pull", "send:receive", "lend:borrow", "easy:hard,difficult", "strong:weak", "long:short",
            "high:low", "first:last", "join:leave", "include:exclude", "success:failure", "agree:disagree",
            "like:dislike", "safe:dangerous,unsafe", "happy:sad,unhappy", "lock:unlock", "install:uninstall",
            "connect:disconnect", "mount:unmount", "follow:unfollow", "block:unblock", "hire:fire", "arrive:depart",
            "inhale:exhale", "north:south", "east:west", "left:right", "top:bottom", "upper:lower", "input:output",
            "import:export", "asc:desc", "ascend:descend", "attack:defend", "offense:defense", "create:destroy",
            "enter:exit", "early:late", "young:old", "new:old", "light:heavy,dark", "big:small,little",
            "large:small", "wet:dry", "full:empty", "above:below", "inside:outside", "internal:external",
            "private:public", "legal:illegal", "moral:immoral", "possible:impossible", "ever:never", "always:never",
            "everything:nothing", "everyone:nobody", "most:least", "more:less,fewer", "plus:minus", "sum:difference",
            "multiply:divide", "capitalism:socialism,communism", "democrat:republican", "liberal:conservative",
            "introvert:extrovert", "optimist:pessimist", "optimistic:pessimistic", "gay:straight",
            "vegan:carnivore", "win:loss", "profit:loss", "credit:debit", "asset:liability", "bull:bear",
            "bullish:bearish", "borrower:lender", "buyer:seller", "employer:employee", "teacher:student",
            "parent:child", "predator:prey", "acid:base", "alkaline:acidic", "sunrise:sunset", "summer:winter",
            "spring:autumn,fall", "day:night", "morning:evening", "heaven:hell", "god:devil", "angel:demon",
            "past:future", "yesterday:tomorrow", "upgrade:downgrade", "overrate:underrate",
            "overestimate:underestimate", "overweight:underweight", "gain:loss");

    private final Set<String> enabled;

    /** @param checks which of {@link #CHECKS} to run; an unknown name is refused */
    public Verifier(Set<String> checks) {
        for (String c : checks) {
            if (!CHECKS.contains(c)) {
                throw new IllegalArgumentException("unknown verifier check '" + c + "': known checks are "
                        + String.join(", ", CHECKS));
            }
        }
        this.enabled = Set.copyOf(checks);
    }

    /** The checks this verifier runs. */
    public Set<String> checks() {
        return enabled;
    }

    /** @return the reason to refuse {@code candidate} as an answer to {@code prompt}, or null to accept it */
    public String check(String prompt, String candidate) {
        return check(Text.of(prompt), Text.of(candidate));
    }

    String check(Text q, Text c) {
        for (String name : CHECKS) {
            if (enabled.contains(name) && fails(name, q, c)) {
                return name;
            }
        }
        return null;
    }

    /** Every check that fails, whether enabled or not (for the eval's per-check figures). */
    static List<String> failures(Text q, Text c) {
        List<String> out = new ArrayList<>();
        for (String name : CHECKS) {
            if (fails(name, q, c)) {
                out.add(name);
            }
        }
        return out;
    }

    private static boolean fails(String check, Text q, Text c) {
        return switch (check) {
            case NUMBER -> !sameMultiset(q.numbers, c.numbers) || !q.operators.equals(c.operators);
            case NEGATION -> q.negated != c.negated;
            case ANTONYM -> opposed(q, c) || opposed(c, q);
            case ENTITY -> nameMissing(q, c) || nameMissing(c, q);
            case KEY_NOUN -> swapped(q, c);
            default -> false;
        };
    }

    private static boolean sameMultiset(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        List<String> x = new ArrayList<>(a);
        List<String> y = new ArrayList<>(b);
        x.sort(null);
        y.sort(null);
        return x.equals(y);
    }

    /** {@code a} has a word whose opposite {@code b} has, and neither side has both. */
    private static boolean opposed(Text a, Text b) {
        Set<String> aw = Set.copyOf(a.words);
        Set<String> bw = Set.copyOf(b.words);
        for (String w : aw) {
            Set<String> opp = OPPOSITES.get(w);
            if (opp == null || bw.contains(w)) {
                continue;
            }
            for (String o : opp) {
                if (bw.contains(o) && !aw.contains(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A name in {@code a} that {@code b} does not mention in any form. */
    private static boolean nameMissing(Text a, Text b) {
        for (String name : a.names) {
            if (!containsLike(b.words, name)) {
                return true;
            }
        }
        return false;
    }

    /** Both sides keep a content word the other lacks: a swap, not a rewording that only adds or drops words. */
    private static boolean swapped(Text q, Text c) {
        List<String> onlyQ = missing(q.content, c.content);
        List<String> onlyC = missing(c.content, q.content);
        return !onlyQ.isEmpty() && !onlyC.isEmpty();
    }

    private static List<String> missing(Set<String> from, Set<String> in) {
        List<String> out = new ArrayList<>();
        for (String w : from) {
            if (!containsLike(in, w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Same word, or one form of the other (a shared stem of five letters: addiction and addictive). */
    private static boolean containsLike(java.util.Collection<String> words, String w) {
        if (words.contains(w)) {
            return true;
        }
        for (String x : words) {
            int common = 0;
            int max = Math.min(x.length(), w.length());
            while (common < max && x.charAt(common) == w.charAt(common)) {
                common++;
            }
            if (common >= 5 || (common >= 4 && common == max)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> opposites(String... groups) {
        Map<String, Set<String>> m = new HashMap<>();
        for (String g : groups) {
            String[] parts = g.split(":");
            String a = Text.stem(parts[0]);
            for (String b0 : parts[1].split(",")) {
                String b = Text.stem(b0);
                m.computeIfAbsent(a, k -> new java.util.HashSet<>()).add(b);
                m.computeIfAbsent(b, k -> new java.util.HashSet<>()).add(a);
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        m.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return Map.copyOf(frozen);
    }
}
