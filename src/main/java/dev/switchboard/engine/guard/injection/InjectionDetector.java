package dev.switchboard.engine.guard.injection;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt injection, scored: each rule that matches adds its weight, combined as {@code 1 - prod(1 - w)} so two weak
 * signals make a strong one (variants of one rule count once, at their strongest), and the text is an injection when
 * the score reaches the threshold. A rule's weight is cut when words nearby show the text talks about the thing
 * ("what does [INST] do", "developer mode on my Android phone"). Every rule has anchor words: its pattern only runs
 * on a text that holds one, and one pass over the text finds them all. Encoded payloads (base64, hex runs of 16 or
 * more characters) are decoded and scored again ({@code injection.encoded}); leetspeak and spaced-out letters are
 * undone and scored again ({@code injection.obfuscated}).
 */
public final class InjectionDetector implements Detector {
    public static final double DEFAULT_THRESHOLD = 0.6;

    /**
     * One weighted signal. Anchors are given separated by {@code |}, so none may contain one.
     *
     * @param benign words that, close to a match, say the text talks about the thing rather than doing it: the
     *               weight is then multiplied by {@link #DAMPED}
     */
    record Rule(String name, double weight, String[] anchors, Pattern pattern, Pattern benign) {
        Rule(String name, double weight, String anchors, String regex) {
            this(name, weight, anchors.split("\\|"), Pattern.compile(regex, Pattern.CASE_INSENSITIVE), null);
        }

        Rule(String name, double weight, String anchors, String regex, String benign) {
            this(name, weight, anchors.split("\\|"), Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
                    Pattern.compile(benign, Pattern.CASE_INSENSITIVE));
        }

        static Rule exactCase(String name, double weight, String anchors, String regex) {
            return new Rule(name, weight, anchors.split("\\|"), Pattern.compile(regex), null);
        }
    }

    private static final double DAMPED = 0.4;
    private static final int BENIGN_WINDOW = 40;
    /** Asking what a token or a mode is, not using it. */
    private static final String DISCUSSED = "\\b(?:what\\s+(?:does|is|are|do)|what's|meaning\\s+of|explain|how\\s+does|"
            + "token|tag|heading|template|syntax|in\\s+markdown|in\\s+html)\\b";
    private static final String DEVICE = "\\b(?:android|iphone|ios|ipad|phone|chrome|firefox|browser|windows|mac|macos|"
            + "xbox|playstation|ps[45]|nintendo|tablet|samsung|pixel|extensions?|settings|device|kindle|router|tv|"
            + "console|bios|app|chromebook|laptop|pc|computer|car|tesla|roku|garmin|watch)\\b";

    // Not "my": a user setting aside their own earlier message ("disregard my previous message") is not an attack.
    private static final String QUAL = "(?:(?:all|any|the|your|of|these|those|every|everything|previous|prior|"
            + "above|earlier|preceding|former|initial|original|system|existing|old|current|given|safety|"
            + "developer|openai|anthropic)\\s+){0,4}";
    private static final String NOUN = "(?:instructions?|prompts?|rules|directions|guidelines|guardrails|"
            + "directives|programming|constraints|restrictions|policies|polic(?:y)|messages?|commands|context|"
            + "training|filters)";

    static final List<Rule> RULES = List.of(
            new Rule("ignore_instructions", 0.85, "ignor|disregard|forget|overrid|bypass|skip|drop|abandon|discard",
                    "\\b(?:ignor(?:e|ing)|disregard(?:ing)?|forget(?:ting)?|overrid(?:e|ing)|bypass(?:ing)?|skip|drop|"
                            + "abandon|discard)\\b[\\s,]+"
                            + "(?:about\\s+)?" + QUAL + NOUN + "\\b"),
            new Rule("ignore_instructions", 0.8, "forget|ignore|disregard|override",
                    "\\b(?:forget|ignore|disregard|override)\\s+(?:everything|all|anything|whatever)\\s+(?:you(?:'ve| have)?"
                            + "\\s+(?:been\\s+)?(?:were\\s+)?told|(?:said\\s+)?(?:above|before|so far|earlier)|(?:the|your)\\s+"
                            + "(?:developers?|system|operators?|creators?|admins?)\\s+(?:told|said|gave|wrote))"),
            new Rule("ignore_instructions", 0.7, "no longer|not bound|don't have to follow|do not have to follow",
                    "\\b(?:you(?:'re|\\s+are)\\s+no\\s+longer\\s+bound|not\\s+bound\\s+by|(?:don't|do\\s+not)\\s+have\\s+to"
                            + "\\s+follow)\\b.{0,30}" + NOUN),
            new Rule("new_instructions", 0.5, "new instructions|instead|from now on",
                    "\\b(?:your\\s+new\\s+instructions|new\\s+instructions\\s*:|from\\s+now\\s+on,?\\s+you\\s+"
                            + "(?:will|must|are|shall))"),
            new Rule("reveal_prompt", 0.85, "prompt|instructions|message",
                    "\\b(?:reveal|show|print|display|output|repeat|tell|give|what|share|leak|dump|recite|write|"
                            + "paste|list|spell|return|echo|translate)\\b.{0,40}\\b(?:your|the|this|its)\\s+"
                            + "(?:(?:full|entire|exact|complete|original|secret|hidden|initial|system|developer|"
                            + "confidential|internal|first)\\s+){1,3}(?:prompt|instructions|message)\\b"),
            new Rule("reveal_prompt", 0.8, "rules|guidelines|instructions",
                    "\\b(?:reveal|show|print|display|output|repeat|tell|give|what|share|leak|dump|recite|write|"
                            + "paste|list|spell|return|echo)\\b.{0,40}\\byour\\s+(?:(?:full|entire|exact|complete|"
                            + "original|secret|hidden|initial|system|confidential|internal)\\s+){0,3}"
                            + "(?:rules|guidelines|instructions)\\b|\\b(?:reveal|show|print|display|output|tell|share|leak|"
                            + "dump|list)\\b.{0,30}\\bthe\\s+(?:confidential|hidden|secret|internal|system)\\s+"
                            + "(?:rules|guidelines)\\b"),
            new Rule("reveal_prompt", 0.85, "system prompt",
                    "\\byour\\s+system\\s+prompt\\b"),
            new Rule("reveal_prompt", 0.75, "above|verbatim|initial",
                    "\\b(?:repeat|print|output|copy|reproduce|recite)\\b.{0,30}\\b(?:words|text|everything|all)\\s+"
                            + "(?:written\\s+)?(?:above|before\\s+this|verbatim|from\\s+the\\s+(?:start|beginning))"),
            new Rule("roleplay_escape", 0.85, "dan|do anything now",
                    "\\b(?:you\\s+are\\s+(?:now\\s+)?(?:going\\s+to\\s+(?:act|be)\\s+as\\s+)?DAN\\b|"
                            + "do\\s+anything\\s+now|\\bDAN\\s+mode)"),
            new Rule("roleplay_escape", 0.75, "developer mode|god mode|dev mode|sudo mode|unrestricted mode",
                    "\\b(?:enable|enter|activate|switch\\s+to|turn\\s+on|in|now\\s+in|with)\\s+(?:the\\s+)?"
                            + "(?:developer|god|dev|sudo|unrestricted|admin)\\s+mode\\b", DEVICE),
            new Rule("roleplay_escape", 0.85, "pretend|imagine|act as|roleplay|role-play|behave",
                    "\\b(?:pretend|imagine|act\\s+as\\s+if|act\\s+like|roleplay|role-play|behave\\s+as\\s+if)\\b"
                            + ".{0,40}\\b(?:no|without|free\\s+(?:of|from)|zero|any)\\s+(?:\\w+\\s+)?"
                            + "(?:restrictions|rules|limits|limitations|filters|guidelines|censorship|"
                            + "boundaries|ethics|morals|safeguards)"),
            new Rule("roleplay_escape", 0.75, "you are now|from now on you are",
                    "\\b(?:you\\s+are\\s+now|from\\s+now\\s+on\\s+you\\s+are)\\s+(?:an?\\s+)?(?:unrestricted|"
                            + "unfiltered|uncensored|jailbroken|evil|free|rogue|unaligned|amoral|"
                            + "no\\s+longer)\\b"),
            new Rule("roleplay_escape", 0.45, "jailbreak|jailbroken",
                    "\\bjail\\s?break(?:ed|ing|s)?\\b|\\bjailbroken\\b", DEVICE),
            new Rule("no_restrictions", 0.4, "without|uncensored|unfiltered|no limits|no rules|no filters|no restrictions",
                    "\\b(?:without\\s+(?:any\\s+)?(?:restrictions|filters?|censorship)|uncensored|unfiltered|"
                            + "no\\s+(?:limits|rules|filters|restrictions))\\b"),
            new Rule("fake_delimiter", 0.75, "</system>|<system>|[inst]|[/inst]|im_start|im_end|<<sys>>|system|"
                    + "endoftext|start_header_id",
                    "</?system>|\\[/?INST\\]|<\\|im_start\\|>|<\\|im_end\\|>|<<SYS>>|<\\|system\\|>|"
                            + "<\\|endoftext\\|>|<\\|start_header_id\\|>", DISCUSSED),
            new Rule("fake_delimiter", 0.7, "system|instruction|admin|developer",
                    "(?:#{2,}|={2,}|\\*{2,}|-{3,}|\\[)\\s*(?:new\\s+)?(?:system|instructions?|admin|developer)"
                            + "(?:\\s+(?:prompt|message|override|note|instructions))?\\s*(?::|#{2,}|={2,}|\\*{2,}|\\])",
                    DISCUSSED),
            Rule.exactCase("fake_delimiter", 0.6, "system",
                    "(?:(?<![A-Za-z])SYSTEM(?:\\s+OVERRIDE|\\s+PROMPT)?|(?m:^)\\s*System(?:\\s+Prompt)?|ADMIN\\s+OVERRIDE)"
                            + "\\s*:\\s*\\S"));

    private static final double ENCODED_WEIGHT = 0.9;

    private final double threshold;

    public InjectionDetector(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("injection_threshold: must be greater than 0 and at most 1, got "
                    + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** The combined score of {@code text} (0 when no rule matches), for tests and the eval. */
    public double score(String text) {
        Match m = match(text, true);
        return m == null ? 0 : m.score;
    }

    private record Match(double score, List<int[]> spans, List<String> rules) {
    }

    @Override
    public List<Finding> find(String text) {
        Match m = match(text, true);
        if (m == null || m.score < threshold) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>(m.rules.size());
        for (int i = 0; i < m.rules.size(); i++) {
            int[] span = m.spans.get(i);
            out.add(new Finding("injection." + m.rules.get(i), Finding.INJECTION, span[0], span[1], m.score));
        }
        return out;
    }

    private Match match(String text, boolean deep) {
        boolean[] hit = anchorsIn(text);
        if (hit == null && !deep) {
            return null;
        }
        double miss = 1.0;
        List<int[]> spans = null;
        List<String> names = null;
        double[] weights = null;
        for (int ri = 0; ri < RULES.size(); ri++) {
            Rule r = RULES.get(ri);
            if (hit == null || !anchored(hit, ri)) {
                continue;
            }
            Matcher m = r.pattern.matcher(text);
            if (m.find()) {
                double w = r.benign != null && near(r.benign, text, m.start(), m.end()) ? r.weight * DAMPED
                        : r.weight;
                if (spans == null) {
                    spans = new ArrayList<>(4);
                    names = new ArrayList<>(4);
                    weights = new double[RULES.size()];
                }
                // Variants of one rule are one signal: the strongest counts, once.
                int at = names.indexOf(r.name);
                if (at < 0) {
                    spans.add(new int[] {m.start(), m.end()});
                    names.add(r.name);
                    weights[names.size() - 1] = w;
                } else if (w > weights[at]) {
                    weights[at] = w;
                    spans.set(at, new int[] {m.start(), m.end()});
                }
            }
        }
        if (names != null) {
            for (int k = 0; k < names.size(); k++) {
                miss *= 1 - weights[k];
            }
        }
        if (deep) {
            int[] enc = encoded(text);
            if (enc != null) {
                miss *= 1 - ENCODED_WEIGHT;
                spans = spans == null ? new ArrayList<>(2) : spans;
                names = names == null ? new ArrayList<>(2) : names;
                spans.add(enc);
                names.add("encoded");
            }
            if (spans == null) {
                int[] ob = obfuscated(text);
                if (ob != null) {
                    miss *= 1 - 0.85;
                    spans = new ArrayList<>(1);
                    names = new ArrayList<>(1);
                    spans.add(ob);
                    names.add("obfuscated");
                }
            }
        }
        return spans == null ? null : new Match(1 - miss, spans, names);
    }

    private static boolean near(Pattern p, String text, int start, int end) {
        return p.matcher(text).region(Math.max(0, start - BENIGN_WINDOW), Math.min(text.length(), end
                + BENIGN_WINDOW)).find();
    }

    // Every rule's anchors, indexed by their first two (lower-case ASCII) characters: one pass over a text finds
    // which anchors it holds, instead of one indexOf per anchor (which cost more than all the patterns together).
    private static final List<String> ANCHORS;
    private static final int[][] RULE_ANCHORS;
    private static final int[][][] BY_PAIR = new int[128][128][];

    static {
        List<String> anchors = new ArrayList<>();
        RULE_ANCHORS = new int[RULES.size()][];
        for (int r = 0; r < RULES.size(); r++) {
            String[] a = RULES.get(r).anchors();
            RULE_ANCHORS[r] = new int[a.length];
            for (int k = 0; k < a.length; k++) {
                String an = a[k].toLowerCase(Locale.ROOT);
                int id = anchors.indexOf(an);
                if (id < 0) {
                    id = anchors.size();
                    anchors.add(an);
                    int[] cell = BY_PAIR[an.charAt(0)][an.charAt(1)];
                    int[] grown = cell == null ? new int[1] : java.util.Arrays.copyOf(cell, cell.length + 1);
                    grown[grown.length - 1] = id;
                    BY_PAIR[an.charAt(0)][an.charAt(1)] = grown;
                }
                RULE_ANCHORS[r][k] = id;
            }
        }
        ANCHORS = List.copyOf(anchors);
    }

    /** Which anchors {@code text} holds (case-insensitive), or null for none. */
    private static boolean[] anchorsIn(String text) {
        boolean[] hit = null;
        int len = text.length();
        char prev = len > 0 ? lowerAscii(text.charAt(0)) : 0;
        for (int i = 0; i + 1 < len; i++) {
            char next = lowerAscii(text.charAt(i + 1));
            if (prev < 128 && next < 128) {
                int[] cell = BY_PAIR[prev][next];
                if (cell != null) {
                    for (int id : cell) {
                        String a = ANCHORS.get(id);
                        if ((hit == null || !hit[id]) && text.regionMatches(true, i, a, 0, a.length())) {
                            if (hit == null) {
                                hit = new boolean[ANCHORS.size()];
                            }
                            hit[id] = true;
                        }
                    }
                }
            }
            prev = next;
        }
        return hit;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean anchored(boolean[] hit, int rule) {
        int[] ids = RULE_ANCHORS[rule];
        for (int id : ids) {
            if (hit[id]) {
                return true;
            }
        }
        return false;
    }

    /** A base64 or hex run that decodes to text which itself scores as an injection. */
    private int[] encoded(String text) {
        int len = text.length();
        int i = 0;
        while (i < len) {
            if (!base64Char(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            boolean notHex = false;
            while (i < len && base64Char(text.charAt(i))) {
                notHex |= !hexChar(text.charAt(i));
                i++;
            }
            // Words are shorter than 16 characters; only a long run is worth decoding.
            if (i - s < 16) {
                continue;
            }
            String run = text.substring(s, i);
            String decoded = !notHex && run.length() % 2 == 0 ? decodeHex(run) : null;
            if (decoded == null) {
                // The JDK's decoder takes unpadded input; a run cut from a longer text may have lost its padding.
                String b = run.replace("=", "");
                decoded = b.length() % 4 == 1 ? null : decodeBase64(b);
            }
            if (decoded != null && injected(decoded)) {
                return new int[] {s, i};
            }
        }
        return null;
    }

    private static boolean base64Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    private static boolean hexChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private boolean injected(String decoded) {
        Match m = match(decoded, false);
        return m != null && m.score >= threshold;
    }

    private static String decodeBase64(String run) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(run);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return printable(raw) ? new String(raw, StandardCharsets.UTF_8) : null;
    }

    private static String decodeHex(String run) {
        byte[] raw = new byte[run.length() / 2];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) Integer.parseInt(run, 2 * i, 2 * i + 2, 16);
        }
        return printable(raw) ? new String(raw, StandardCharsets.UTF_8) : null;
    }

    private static boolean printable(byte[] raw) {
        int letters = 0;
        for (byte b : raw) {
            if (b < 9 || (b > 13 && b < 32) || b == 127) {
                return false;
            }
            if (Character.isLetter(b)) {
                letters++;
            }
        }
        return letters * 2 > raw.length;
    }

    /**
     * Leetspeak ({@code 1gn0r3}) and spaced letters ({@code i g n o r e}) undone, then scored: only when the text
     * has such a thing, so an ordinary text costs one pass.
     */
    private int[] obfuscated(String text) {
        int len = text.length();
        boolean leet = false;
        boolean spaced = false;
        int singles = 0;
        for (int i = 0; i < len && !(leet && spaced); i++) {
            char c = text.charAt(i);
            if (i + 1 < len && i > 0 && "013457@$".indexOf(c) >= 0 && Character.isLetter(text.charAt(i - 1))
                    && Character.isLetter(text.charAt(i + 1))) {
                leet = true;
            }
            // "i g n o r e": four or more single letters in a row, each between spaces.
            if (Character.isLetter(c) && (i == 0 || text.charAt(i - 1) == ' ') && (i + 1 >= len
                    || text.charAt(i + 1) == ' ')) {
                if (++singles >= 4) {
                    spaced = true;
                }
            } else if (c != ' ') {
                singles = 0;
            }
        }
        if (!leet && !spaced) {
            return null;
        }
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            char n = switch (c) {
                case '0' -> 'o';
                case '1' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            };
            // "i g n o r e": a single letter between spaces joins its neighbours; a double space separates words.
            if (c == ' ' && spaced && i > 0 && i + 1 < len && Character.isLetter(text.charAt(i - 1))
                    && (i < 2 || !Character.isLetter(text.charAt(i - 2))) && Character.isLetter(text.charAt(i + 1))
                    && (i + 2 >= len || !Character.isLetter(text.charAt(i + 2)))) {
                continue;
            }
            sb.append(n);
        }
        Match m = match(sb.toString(), false);
        if (m == null || m.score < threshold) {
            return null;
        }
        return new int[] {0, len};
    }
}
