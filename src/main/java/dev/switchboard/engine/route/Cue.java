package dev.switchboard.engine.route;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's evidence for one task class: either a set of words (looked up once per word of the prompt) or a pattern
 * for phrases and symbols that words cannot catch. Each cue counts once per prompt, however often it matches, so a
 * prompt that repeats one word does not outvote a prompt with two different cues. Patterns see lower-cased text.
 */
enum Cue {
    CODE_FENCE(TaskClass.CODING, 4, "code fence", "```"),
    CODE_SYNTAX(TaskClass.CODING, 3, "code syntax",
            "\\w\\([^()\\n]{0,60}\\)\\s*[{;:]|=>|#include|console\\.log|system\\.out|\\bdef [a-z_]\\w*\\("
                    + "|c\\+\\+|\\bc#|\\bselect \\S.{0,80}\\bfrom\\b|\\basync/await\\b"),
    PROGRAMMING_LANGUAGE(TaskClass.CODING, 2, "programming language", null, "python", "java", "javascript",
            "typescript", "rust", "golang", "kotlin", "ruby", "php", "sql", "html", "css", "bash", "powershell",
            "scala", "haskell", "perl"),
    CODE_WORD(TaskClass.CODING, 2, "code word", null, "code", "function", "functions", "method", "methods", "class",
            "bug", "bugs", "debug", "compile", "compiler", "refactor", "implement", "script", "regex", "api",
            "endpoint", "exception", "nullpointerexception", "array", "loop", "variable", "callback", "program",
            "repository", "git", "query", "recursion", "algorithm", "lru", "null", "typeerror"),

    WHY(TaskClass.REASONING, 2, "why question", null, "why"),
    LOGIC_WORD(TaskClass.REASONING, 2, "logic word", null, "logic", "logical", "logically", "reasoning", "reason",
            "puzzle", "riddle", "deduce", "conclude", "valid", "argument", "infer", "implies", "therefore", "paradox",
            "fallacy", "syllogism"),
    THINK_IT_THROUGH(TaskClass.REASONING, 2, "step by step", "step[- ]by[- ]step|think (?:it )?through|work out"
            + "|explain (?:your|the) reasoning|explain each step|reason it out"),
    SYLLOGISM(TaskClass.REASONING, 2, "if-all premise", "\\bif (?:all|every|no|some)\\b|\\ball \\w+ are \\w+"),

    MATH_WORD(TaskClass.MATH, 3, "math word", null, "prove", "proof", "solve", "equation", "equations", "integral",
            "derivative", "calculate", "calculation", "compute", "probability", "theorem", "prime", "primes",
            "factorial", "sqrt", "algebra", "geometry", "triangle", "induction", "irrational", "percent",
            "percentage", "arithmetic", "sum", "median", "variance", "logarithm", "polynomial", "matrix"),
    DIGITS_AND_OPERATORS(TaskClass.MATH, 3, "digits and operators",
            "\\d\\s*[+*/^×÷=]\\s*\\(?[\\d(a-z]|\\b[a-z]\\s*[+*/^=]\\s*\\d|\\d\\s+-\\s+\\d|\\d+\\s*%\\s+of\\b"),
    COUNTING(TaskClass.MATH, 2, "counting question", "how many ways|how many (?:different )?combinations"),

    GREETING(TaskClass.CHAT, 3, "greeting",
            "^\\W*(?:hi|hello|hey|yo|howdy|good (?:morning|afternoon|evening)|thanks|thank you|nice to meet)\\b"),
    SMALL_TALK(TaskClass.CHAT, 3, "small talk", "how are you|what'?s up|how'?s it going|nice to meet"
            + "|have a (?:great|nice|good)|i'?m bored|i am bored|can we (?:just )?chat|your favou?rite"
            + "|had a long day|what should i call you|any (?:ideas|suggestions|tips)"),

    SUMMARIZE_VERB(TaskClass.SUMMARIZATION, 4, "summarize verb", null, "summarize", "summarise", "summary",
            "summaries", "summarizing", "summarising", "condense", "recap", "tldr", "gist", "synopsis"),
    SUMMARY_PHRASE(TaskClass.SUMMARIZATION, 3, "tl;dr or key points",
            "tl;dr|in a nutshell|key points|main points|main arguments|in (?:one|two|three|\\d) sentences?"),

    TRANSLATE_VERB(TaskClass.TRANSLATION, 4, "translate verb", null, "translate", "translation", "translated",
            "translating"),
    NATURAL_LANGUAGE(TaskClass.TRANSLATION, 1, "language name", null, Languages.NAMES),
    INTO_LANGUAGE(TaskClass.TRANSLATION, 3, "into <language>",
            "\\b(?:into|to|in|from)\\s+(?:" + String.join("|", Languages.NAMES) + ")\\b"),
    HOW_DO_YOU_SAY(TaskClass.TRANSLATION, 3, "how do you say",
            "how (?:do|would) (?:you|i) say|what does '[^']+' mean"),

    EXTRACT_VERB(TaskClass.EXTRACTION, 4, "extract verb", null, "extract", "extraction"),
    LIST_ALL(TaskClass.EXTRACTION, 3, "list all",
            "\\b(?:list|find|identify|get|extract)\\s+(?:all|every|each)\\b|\\bpull out\\b|\\bparse this\\b"
                    + "|\\b(?:all|every) (?:the )?(?:emails?|names?|dates?|phone|numbers|addresses)\\b"),
    RETURN_JSON(TaskClass.EXTRACTION, 2, "return JSON fields",
            "\\b(?:return|as|into|output|give)\\b[^.]{0,30}\\bjson\\b|\\bjson (?:fields|object|array)\\b"),

    CREATIVE_FORM(TaskClass.CREATIVE, 4, "poem or story", null, "poem", "poems", "poetry", "story", "stories",
            "haiku", "limerick", "sonnet", "lyrics", "song", "screenplay", "novel", "fable", "fairy", "slogan",
            "tagline", "jingle", "verse", "rhyme"),
    IMAGINE(TaskClass.CREATIVE, 2, "imagine", null, "imagine", "fictional", "fiction", "creative", "invent"),

    TRADE_OFFS(TaskClass.ANALYSIS, 4, "trade-offs", "trade-?offs?|pros and cons|strengths and weaknesses|swot"
            + "|advantages and disadvantages"),
    ANALYSE_VERB(TaskClass.ANALYSIS, 3, "analyse verb", null, "analyze", "analyse", "analysis", "analyzing",
            "analysing", "compare", "comparison", "comparing", "evaluate", "evaluation", "assess", "assessment",
            "versus", "vs", "impact", "implications", "risks", "underperforming", "critique");

    /** Natural languages, for translation. */
    private static final class Languages {
        static final String[] NAMES = {"english", "french", "spanish", "german", "italian", "portuguese",
            "japanese", "chinese", "mandarin", "korean", "russian", "arabic", "dutch", "hindi", "polish", "swedish",
            "turkish", "greek", "latin", "ukrainian", "vietnamese"};
    }

    private static final Map<String, Cue> BY_WORD = new HashMap<>();
    /**
     * Literals one of which every match of a phrase cue contains: indexOf (vectorised) rules most patterns out
     * before the regex engine, which costs tens of nanoseconds per character, looks at the prompt.
     */
    private static final Map<Cue, String[]> ANCHORS = new EnumMap<>(Cue.class);

    static {
        ANCHORS.put(CODE_SYNTAX, new String[] {"(", "=>", "#include", "console.", "system.", "def ", "c++", "c#",
            "select ", "async/await"});
        ANCHORS.put(THINK_IT_THROUGH, new String[] {"step", "think", "work out", "explain", "reason it"});
        ANCHORS.put(SYLLOGISM, new String[] {"if ", "all "});
        ANCHORS.put(DIGITS_AND_OPERATORS, new String[] {"+", "*", "/", "^", "×", "÷", "=", " - ", "%"});
        ANCHORS.put(COUNTING, new String[] {"how many"});
        ANCHORS.put(GREETING, new String[] {"hi", "hello", "hey", "yo", "howdy", "good ", "thank", "nice to"});
        ANCHORS.put(SMALL_TALK, new String[] {"how are", "how's", "hows", "what's up", "whats up", "what should",
            "nice to", "have a", "bored", "can we", "your favo", "long day", "any ideas", "any suggestions",
            "any tips"});
        ANCHORS.put(SUMMARY_PHRASE, new String[] {"tl;dr", "nutshell", "points", "arguments", "sentence"});
        ANCHORS.put(HOW_DO_YOU_SAY, new String[] {" say", "what does"});
        ANCHORS.put(LIST_ALL, new String[] {"list ", "find ", "identify ", "get ", "extract ", "pull out",
            "parse this", "all ", "every "});
        ANCHORS.put(RETURN_JSON, new String[] {"json"});
        ANCHORS.put(TRADE_OFFS, new String[] {"trade", "pros and", "strengths", "swot", "advantages"});
        for (String name : Languages.NAMES) {
            ANCHORS.merge(INTO_LANGUAGE, new String[] {name}, (x, y) -> concat(x, y));
        }
        for (Cue c : values()) {
            for (String w : c.words) {
                Cue before = BY_WORD.put(w, c);
                if (before != null) {
                    throw new IllegalStateException("word '" + w + "' is a cue of both " + before + " and " + c);
                }
            }
        }
    }

    final TaskClass taskClass;
    final int weight;
    final String reason;
    /** Null for a word cue. */
    final Pattern pattern;
    /** A literal looked for with indexOf instead of a pattern; null when the cue has none. */
    final String literal;
    private final String[] words;

    Cue(TaskClass taskClass, int weight, String reason, String regex, String... words) {
        this.taskClass = taskClass;
        this.weight = weight;
        this.reason = reason;
        this.words = words;
        // A plain string needs no regex engine: indexOf is cheaper.
        boolean literalOnly = regex != null && regex.chars().noneMatch(ch -> "\\[](){}|?*+^$.".indexOf(ch) >= 0);
        this.literal = literalOnly ? regex : null;
        this.pattern = regex == null || literalOnly ? null : Pattern.compile(regex, Pattern.MULTILINE);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The cue the (lower-case) word is evidence of, or null. */
    static Cue ofWord(String word) {
        return BY_WORD.get(word);
    }

    boolean isPhrase() {
        return pattern != null || literal != null;
    }

    /** Whether this phrase cue is in {@code lower}; false for a word cue. */
    boolean foundIn(String lower) {
        if (literal != null) {
            return lower.contains(literal);
        }
        if (pattern == null) {
            return false;
        }
        String[] anchors = ANCHORS.get(this);
        if (anchors == null) {
            return pattern.matcher(lower).find();
        }
        // Java's engine tries an alternation at every position of the prompt (tens of microseconds for a long
        // one), so the pattern runs only in a window around each place an anchor occurs. Transparent bounds keep
        // \b and ^ meaning what they mean in the whole text.
        Matcher m = null;
        for (String a : anchors) {
            for (int at = lower.indexOf(a); at >= 0; at = lower.indexOf(a, at + 1)) {
                if (m == null) {
                    m = pattern.matcher(lower).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(Math.max(0, at - BEFORE_ANCHOR), Math.min(lower.length(), at + a.length() + AFTER_ANCHOR));
                if (m.find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How far a match may start before its anchor and end after it; every phrase pattern fits in this window. */
    private static final int BEFORE_ANCHOR = 40;
    private static final int AFTER_ANCHOR = 100;
}
