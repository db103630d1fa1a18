package dev.switchboard.engine.cache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the verifier reads in a prompt: its words (lower case, lightly stemmed), the numbers and arithmetic in it,
 * whether it is negated, and which words look like names. Built once per text; immutable.
 */
final class Text {
    /** English function words and question words: a word not in here carries content. */
    static final Set<String> STOPWORDS = Set.of("a", "an", "the", "and", "or", "but", "if", "then", "else", "of",
            "in", "on", "at", "to", "for", "from", "by", "with", "about", "as", "into", "onto", "over", "under",
            "than", "so", "too", "very", "just", "also", "only", "even", "ever", "still", "yet", "really", "much",
            "many", "more", "most", "some", "any", "all", "each", "every", "other", "another", "such", "same", "own",
            "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your", "yours", "yourself", "he",
            "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "one", "someone",
            "something", "anyone", "anything", "this", "that", "these", "those", "there", "here", "what", "which",
            "who", "whom", "whose", "when", "where", "why", "how", "whats", "is", "are", "was", "were", "be", "been",
            "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had", "having", "can", "could",
            "will", "would", "shall", "should", "may", "might", "must", "get", "got", "getting", "make", "made",
            "way", "ways", "thing", "things", "good", "best", "better", "like", "want", "need", "know", "use",
            "using", "used", "please", "tell", "give", "let", "s", "t", "d", "ll", "re", "ve", "m", "etc", "vs",
            "per", "via", "now", "today", "people", "mean", "means", "possible", "actually",
            "anybody", "somebody", "between", "after", "before", "while", "during", "since", "until", "because",
            "up", "down", "out", "off", "again", "once", "both", "either", "whether", "example", "examples",
            "important", "difference", "different", "differences", "kind", "type", "types", "go", "going");
    /** Words that negate what they govern; {@code n't} is split off as {@code not} first. */
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "none", "nobody", "nothing",
            "neither", "nor", "nowhere", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
            "werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"),
            Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"),
            Map.entry("hundred", "100"), Map.entry("thousand", "1000"), Map.entry("million", "1000000"),
            Map.entry("billion", "1000000000"), Map.entry("first", "1"), Map.entry("second", "2"),
            Map.entry("third", "3"), Map.entry("half", "0.5"), Map.entry("once", "1"), Map.entry("twice", "2"));
    private static final Map<String, String> OPERATOR_WORDS = Map.of("plus", "+", "minus", "-", "times", "*",
            "multiplied", "*", "divided", "/", "over", "/", "squared", "^2", "cubed", "^3");

    final String original;
    /** Words in order, lower case, stemmed; numbers and operators left out. */
    final List<String> words;
    /** Numbers in order, normalized (2, 2.5, 1000), from digits or number words. */
    final List<String> numbers;
    /** Arithmetic between numbers, in order: {@code 2+2} gives {@code +}. */
    final List<String> operators;
    final boolean negated;
    /** Stems of words written like names: capitalized past the first word, ALL CAPS, or mixed like iPhone. */
    final Set<String> names;
    /** Stems of the words that carry content: not function words, not one letter. */
    final Set<String> content;

    private Text(String original, List<String> words, List<String> numbers, List<String> operators, boolean negated,
                 Set<String> names, Set<String> content) {
        this.original = original;
        this.words = words;
        this.numbers = numbers;
        this.operators = operators;
        this.negated = negated;
        this.names = names;
        this.content = content;
    }

    static Text of(String s) {
        List<String> words = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        java.util.HashSet<String> names = new java.util.HashSet<>();
        java.util.LinkedHashSet<String> content = new java.util.LinkedHashSet<>();
        boolean negated = false;
        String lastKind = "";
        int i = 0;
        int n = s.length();
        int wordIndex = 0;
        boolean sentenceStart = true;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isDigit(s.charAt(j))
                        || ((s.charAt(j) == '.' || s.charAt(j) == ',') && j + 1 < n
                        && Character.isDigit(s.charAt(j + 1))))) {
                    j++;
                }
                numbers.add(normalizeNumber(s.substring(i, j)));
                // "4th", "10k", "3d": the letters after the digits belong to the number
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                lastKind = "number";
                i = j;
                wordIndex++;
                sentenceStart = false;
                continue;
            }
            if (Character.isLetter(c)) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || (s.charAt(j) == '\''
                        && j + 1 < n && Character.isLetter(s.charAt(j + 1))))) {
                    j++;
                }
                String raw = s.substring(i, j);
                String lower = raw.toLowerCase(Locale.ROOT).replace("'", "");
                if (raw.toLowerCase(Locale.ROOT).endsWith("n't")) {
                    negated = true;
                    lower = lower.substring(0, lower.length() - 2);
                } else if (NEGATIONS.contains(lower)) {
                    negated = true;
                }
                String number = NUMBER_WORDS.get(lower);
                String op = OPERATOR_WORDS.get(lower);
                if (op != null && "number".equals(lastKind)) {
                    operators.add(op);
                    lastKind = "op";
                } else if (number != null && !(lower.equals("one") || lower.equals("second"))) {
                    // "one" and "second" are more often a pronoun and a unit than numbers
                    numbers.add(number);
                    lastKind = "number";
                } else {
                    String stem = stem(lower);
                    words.add(stem);
                    if (lower.length() > 1 && !STOPWORDS.contains(lower)) {
                        content.add(stem);
                    }
                    if (!sentenceStart && looksLikeName(raw) && !STOPWORDS.contains(lower)) {
                        names.add(stem);
                    }
                    lastKind = "word";
                }
                wordIndex++;
                sentenceStart = false;
                i = j;
                continue;
            }
            if ("+-*/×÷^=<>%".indexOf(c) >= 0 && "number".equals(lastKind)) {
                operators.add(switch (c) {
                    case '×' -> "*";
                    case '÷' -> "/";
                    default -> String.valueOf(c);
                });
                lastKind = "op";
            } else if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '"' || c == '(') {
                sentenceStart = true;
                if (!Character.isWhitespace(c)) {
                    lastKind = "";
                }
            }
            i++;
        }
        return new Text(s, List.copyOf(words), List.copyOf(numbers), List.copyOf(operators), negated,
                java.util.Set.copyOf(names), java.util.Collections.unmodifiableSet(content));
    }

    private static boolean looksLikeName(String raw) {
        if (raw.length() < 2) {
            return false;
        }
        boolean upperFirst = Character.isUpperCase(raw.charAt(0));
        boolean upperLater = false;
        for (int k = 1; k < raw.length(); k++) {
            if (Character.isUpperCase(raw.charAt(k))) {
                upperLater = true;
                break;
            }
        }
        return upperFirst || upperLater;
    }

    private static String normalizeNumber(String digits) {
        String d = digits.replace(",", "");
        if (d.contains(".")) {
            d = d.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        d = d.replaceFirst("^0+(?=\\d)", "");
        return d;
    }

    /** A light suffix stripper: plurals, -ing, -ed, so "subscriptions"/"subscription", "learning"/"learn" meet. */
    static String stem(String w) {
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            return w.substring(0, n - 3) + "y";
        }
        if (n > 5 && w.endsWith("ing")) {
            return undouble(w.substring(0, n - 3));
        }
        if (n > 4 && w.endsWith("ed")) {
            return undouble(w.substring(0, n - 2));
        }
        if (n > 4 && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, n - 2);
        }
        if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n > 2 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
            return w.substring(0, n - 1);
        }
        if (n > 2 && w.endsWith("e")) {
            return w;
        }
        return w;
    }
}
