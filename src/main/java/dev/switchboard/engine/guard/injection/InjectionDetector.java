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

        /** French, Spanish and German phrasings: upper and lower case of accented letters are folded too. */
        static Rule intl(String name, double weight, String anchors, String regex, String benign) {
            int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            return new Rule(name, weight, anchors.split("\\|"), Pattern.compile(regex, flags),
                    benign == null ? null : Pattern.compile(benign, flags));
        }
    }

    private static final double DAMPED = 0.4;
    private static final int BENIGN_WINDOW = 40;
    /** Asking what a token or a mode is, not using it. */
    private static final String DISCUSSED = "\\b(?:what\\s+(?:does|is|are|do)|what's|meaning\\s+of|explain|how\\s+does|"
            + "token|tag|heading|template|syntax|in\\s+markdown|in\\s+html)\\b";
    private static final String DEVICE = "\\b(?:android|iphone|ios|ipad|phone|chrome|firefox|browser|windows|mac|macos|"
            + "xbox|playstation|ps[45]|nintendo|tablet|samsung|pixel|extensions?|settings|device|kindle|router|tv|"
            + "console|bios|app|chromebook|laptop|pc|computer|car|tesla|roku|garmin|watch|games?|gaming|cheats?|"
            + "minecraft|skyrim|steam|google|youtube|netflix|safesearch|parental|handy|smartphone|t[ée]l[ée]phone|"
            + "m[óo]vil|tel[ée]fono|einstellungen|ajustes|param[èe]tres)\\b";
    /**
     * Said about a quoted phrase ("the phrase \"do anything now\" in advertising"): a match inside quotes with one of
     * these words close by is damped, whatever the rule.
     */
    private static final Pattern QUOTE_TALK = Pattern.compile("\\b(?:phrase|expression|slogan|saying|idiom|term|"
            + "tagline|catchphrase|meaning|means|meant|origins?|originally|etymology|coined|advertising|ads?|"
            + "lyrics?|song|motto|marketing|campaign|meme)\\b", Pattern.CASE_INSENSITIVE);
    /** Text processing: "print everything above a certain line in a file using sed or awk". */
    private static final String TEXT_TOOLS = "\\b(?:sed|awk|grep|perl|head|tail|bash|shell|regex|regexp|vim|emacs|"
            + "powershell|python|script|csv|(?:a|the|text|log|this)\\s+file|files|lines?\\s+(?:number|that\\s+match|"
            + "matching|containing)|certain\\s+line|a\\s+line|the\\s+line|pattern|match(?:es|ing)?)\\b";

    // Not "my": a user setting aside their own earlier message ("disregard my previous message") is not an attack.
    private static final String QUAL = "(?:(?:all|any|the|your|of|these|those|every|everything|previous|prior|"
            + "above|earlier|preceding|former|initial|original|system|existing|old|current|given|safety|"
            + "developer|openai|anthropic)(?:\\s+|\\s*/\\s*)){0,4}";
    /** Guardrails by their many names: what a user asks to switch off or says is gone. */
    private static final String SAFETY = "(?:guardrails?|safeguards|safety\\s+(?:filters?|rules|restrictions|"
            + "guidelines|settings|layer|measures|protocols?|features|checks|systems?|training|policy|policies)|"
            + "content\\s+(?:filters?|polic(?:y|ies)|moderation|restrictions|rules|guidelines)|ethical\\s+"
            + "(?:guidelines|constraints|restrictions|rules|filters)|moral\\s+(?:constraints|restrictions)|"
            + "alignment|censorship\\s+filters?)";
    private static final String INDIRECT_ANCHORS = "note to|ai assistant|ai agent|ai model|ai review|ai system|"
            + "ai bot|ai tool|llm assistant|llm agent|llm model|llm review|llm system|llm bot|llm tool|gpt assistant|"
            + "gpt agent|gpt model|gpt review|gpt system|gpt bot|gpt tool";
    private static final String SAFETY_ANCHORS = "guardrail|safeguard|safety|content filter|content polic|"
            + "content moderation|content restriction|content rule|content guideline|ethical|moral|alignment|censorship";
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
            new Rule("ignore_instructions", 0.8, "cancelled|canceled| void|is null|are null|revoked|invalid|obsolete|no longer|overridden",
                    "\\b(?:everything|all|anything)\\s+(?:(?:said|written|stated|given|you(?:'ve|\\s+have|\\s+were)"
                            + "(?:\\s+been)?\\s+told)\\s+)?(?:before|above|previously|earlier|prior|so\\s+far|until\\s+now)"
                            + "(?:\\s+this(?:\\s+(?:point|message|line))?)?\\s+(?:is|was|are|has\\s+been|have\\s+been)\\s+"
                            + "(?:now\\s+|hereby\\s+)?(?:cancell?ed|void|null|invalid(?:ated)?|revoked|obsolete|overridden|"
                            + "no\\s+longer\\s+(?:valid|applies|apply|in\\s+effect))"
                            + "|\\b(?:your\\s+(?:\\w+\\s+){0,2}|the\\s+(?:\\w+\\s+)?system\\s+)(?:instructions|prompt|message|"
                            + "rules|guidelines|directives|programming)\\s+(?:is|are|was|were|has\\s+been|have\\s+been)\\s+"
                            + "(?:now\\s+|hereby\\s+)?(?:cancell?ed|void|null|invalid(?:ated)?|revoked|obsolete|overridden|"
                            + "suspended|no\\s+longer\\s+(?:valid|apply|applies|in\\s+effect))"),
            // French, Spanish, German: ignore / forget the previous (or your) instructions.
            Rule.intl("ignore_instructions", 0.85, "ignorez|ignorer|ignore tout|ignore tes|ignore vos|ignore les|ignore ces|oubli|tenez pas compte|tiens pas compte",
                    "\\b(?:ignor(?:e|ez|er)|oubli(?:e|ez|er)|ne\\s+(?:tenez|tiens)\\s+pas\\s+compte)\\s+(?:de\\s+|des\\s+|du\\s+)?"
                            + "(?:(?:toutes?\\s+)?(?:vos|tes)|toutes\\s+les)\\s+(?:instructions|consignes|r[èe]gles|directives)"
                            + "|\\b(?:ignor(?:e|ez|er)|oubli(?:e|ez|er))\\s+(?:les|ces)\\s+(?:instructions|consignes|r[èe]gles|"
                            + "directives)\\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures|initiales|ci-dessus|du\\s+syst[èe]me)"
                            + "|\\boubli(?:e|ez)\\s+tout\\s+ce\\s+qui\\s+(?:pr[ée]c[èe]de|a\\s+[ée]t[ée]\\s+dit)", null),
            Rule.intl("ignore_instructions", 0.85, "ignora |ignorad|ignoren|ignore todas|ignore tus|ignore sus|ignore las|ignore estas|olvid|descart|"
                    + "no hagas caso|haz caso omiso",
                    "\\b(?:ignor(?:a|e|ad|en)|olvid(?:a|e|ad|en)(?:\\s+de)?|descart(?:a|e|ad)|no\\s+hagas\\s+caso\\s+a|haz\\s+caso"
                            + "\\s+omiso\\s+(?:a|de))\\s+(?:(?:todas\\s+)?(?:tus|sus)|todas\\s+las)\\s+"
                            + "(?:instrucciones|reglas|indicaciones|directrices|[óo]rdenes|normas)"
                            + "|\\b(?:ignor(?:a|e|ad|en)|olvid(?:a|e|ad|en))\\s+(?:las|estas)\\s+(?:instrucciones|reglas|indicaciones|"
                            + "directrices)\\s+(?:anteriores|previas|iniciales|del\\s+sistema|de\\s+arriba)"
                            + "|\\bolvid(?:a|e)\\s+todo\\s+lo\\s+(?:anterior|que\\s+te\\s+(?:dije|dijeron|han\\s+dicho))", null),
            Rule.intl("ignore_instructions", 0.85, "ignorier|vergiss|vergessen sie|missacht",
                    "\\b(?:ignorier(?:e|en)?|vergiss|vergessen\\s+Sie|missachte(?:n)?)\\s+(?:(?:alle|deine|Ihre|s[äa]mtliche)\\s+"
                            + "(?:(?:deine|Ihre|bisherigen|vorherigen|vorigen|obigen|fr[üu]heren|urspr[üu]nglichen)\\s+)?|die\\s+"
                            + "(?:bisherigen|vorherigen|vorigen|obigen|fr[üu]heren|urspr[üu]nglichen)\\s+)"
                            + "(?:Anweisungen|Regeln|Instruktionen|Vorgaben|Richtlinien|Aufgabe|Befehle|Beschr[äa]nkungen)"
                            + "|\\bvergiss\\s+alles\\s+(?:bisherige|vorherige|davor|was\\s+(?:dir|man\\s+dir)\\s+gesagt)", null),
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
            new Rule("reveal_prompt", 0.85, "system prompt|system message",
                    "\\byour\\s+(?:(?:full|complete|entire|exact|original|hidden|secret|initial|whole|actual|real|"
                            + "current)\\s+){1,2}system\\s+(?:prompt|message)\\b"),
            new Rule("reveal_prompt", 0.5, "secret|hidden|confidential",
                    "\\b(?:a|your|the|this)\\s+(?:secret|hidden|confidential)\\s+(?:system\\s+)?(?:prompt|instructions)\\b"),
            new Rule("reveal_prompt", 0.8, "you were told|you were instructed|you were asked|you have been told|"
                    + "you've been told|you have been instructed|you are told|you were programmed|you are supposed|"
                    + "you were supposed|you got told|you are instructed",
                    "\\b(?:rules|instructions|guidelines|prompt|directives)\\s+(?:that\\s+)?you\\s+(?:were|have\\s+been|"
                            + "are|got)\\s+(?:told|instructed|asked|programmed|supposed)\\s+(?:to\\s+|not\\s+to\\s+)"
                            + "(?:hide|keep\\s+(?:secret|hidden|private|confidential)|conceal|(?:not\\s+)?(?:reveal|share|"
                            + "disclose|mention|show))"),
            Rule.intl("reveal_prompt", 0.85, "système|systeme|sistema|systemprompt|system-p|systemnachricht|"
                    + "system-n|systemanweisung|system-a|systemvorgaben|system-v",
                    "\\b(?:votre|ton|vos|tes)\\s+(?:prompt|invite|message|instructions|consignes|r[èe]gles)\\s+(?:du\\s+|de\\s+)?"
                            + "syst[èe]me|\\b(?:tu|su|tus|sus)\\s+(?:prompt|mensaje|instrucciones|indicaciones|reglas)\\s+"
                            + "(?:del\\s+|de\\s+)?sistema|\\b(?:dein(?:e|en)?|Ihr(?:e|en)?)\\s+System-?(?:prompt|nachricht|"
                            + "anweisungen?|vorgaben)", null),
            Rule.intl("reveal_prompt", 0.8, "internes|cachées|cachees|secrètes|secretes|initiales|originales|"
                    + "instrucciones|indicaciones|reglas internas|reglas ocultas|reglas secretas|reglas iniciales|"
                    + "reglas originales|internen|geheimen|versteckten|verborgenen|ursprünglichen|ursprunglichen|"
                    + "ersten anweisungen|ersten regeln|ersten vorgaben|ersten instruktionen",
                    "\\b(?:affiche[rz]?|montre[rz]?|r[ée]v[èe]le[rz]?|donne[rz]?|r[ée]p[èe]te[rz]?|[ée]cri(?:s|vez)|dis-moi|"
                            + "dites-moi|imprime[rz]?)\\b.{0,40}\\b(?:vos|tes)\\s+(?:instructions|consignes|r[èe]gles)\\s+"
                            + "(?:internes|cach[ée]es|secr[èe]tes|initiales|originales)"
                            + "|\\b(?:muestra|mu[ée]strame|revela|rev[ée]lame|dime|dame|imprime|repite|escribe|ens[ée][ñn]ame)\\b"
                            + ".{0,40}\\b(?:tus|sus)\\s+(?:instrucciones|reglas|indicaciones)\\s+(?:internas|ocultas|secretas|"
                            + "iniciales|originales)"
                            + "|\\b(?:nenne|nennen\\s+Sie|zeige?|zeigen\\s+Sie|verrate|gib|geben\\s+Sie|wiederhole|schreibe?|"
                            + "teile)\\b.{0,40}\\b(?:deine|Ihre)\\s+(?:internen|geheimen|versteckten|verborgenen|"
                            + "urspr[üu]nglichen|ersten)\\s+(?:Anweisungen|Regeln|Instruktionen|Vorgaben|Prompts?)", null),
            new Rule("reveal_prompt", 0.75, "above|verbatim|initial",
                    "\\b(?:repeat|print|output|copy|reproduce|recite)\\b.{0,30}\\b(?:words|text|everything|all)\\s+"
                            + "(?:written\\s+)?(?:above|before\\s+this|verbatim|from\\s+the\\s+(?:start|beginning))",
                    TEXT_TOOLS),
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
            new Rule("roleplay_escape", 0.75, "mode on|mode enabled|mode activated|mode engaged|mode unlocked",
                    "\\b(?:developer|god|dev|sudo|unrestricted|admin|jailbreak|dan|root|unfiltered|uncensored)\\s+mode"
                            + "\\s+(?:(?:is\\s+(?:now\\s+)?)?(?:enabled|activated|engaged|unlocked)\\b|(?:is\\s+(?:now\\s+)?)?on"
                            + "\\s*(?:[.!,;:)\\n]|$))", DEVICE),
            Rule.intl("roleplay_escape", 0.75, "entwicklermodus|gottmodus|adminmodus|-modus|modo desarrollador|modo dios|"
                    + "modo sin|mode d",
                    "\\b(?:du\\s+bist\\s+(?:jetzt\\s+|nun\\s+|ab\\s+sofort\\s+)?im|wechsle\\s+in\\s+den|aktiviere\\s+den|"
                            + "starte\\s+den)\\s+(?:Entwickler|Gott|Admin|Sudo|Jailbreak)-?[mM]odus"
                            + "|\\b(?:activa|entra\\s+en|est[áa]s\\s+(?:ahora\\s+)?en|cambia\\s+a|pasa\\s+a)\\s+(?:el\\s+)?"
                            + "modo\\s+(?:desarrollador|dios|sin\\s+(?:restricciones|filtros|censura)|DAN)"
                            + "|\\b(?:active[rz]?|passe[rz]?\\s+en|entre[rz]?\\s+en|tu\\s+es\\s+(?:maintenant\\s+)?en|"
                            + "vous\\s+[êe]tes\\s+(?:maintenant\\s+)?en)\\s+(?:le\\s+)?mode\\s+(?:d[ée]veloppeur|dieu|sans\\s+"
                            + "(?:restrictions?|filtres?|censure)|DAN)", DEVICE),
            new Rule("roleplay_escape", 0.85, "pretend|imagine|assume|act as if|suppose|let's say",
                    "\\b(?:pretend|imagine|assume|act\\s+as\\s+if|suppose|let's\\s+say)\\b.{0,40}\\b(?:(?:the|your|any|all|"
                            + "those)\\s+)?(?:\\w+\\s+)?(?:polic(?:y|ies)|guardrails|rules|guidelines|restrictions|filters?|"
                            + "safeguards|limits)\\s+(?:don't|doesn't|do\\s+not|does\\s+not|no\\s+longer|didn't|never)\\s+"
                            + "(?:exist(?:ed)?|apply)"),
            new Rule("roleplay_escape", 0.75, "you had no|you have no|you had zero|you have zero|you were without|you didn't have|you did not have",
                    "\\b(?:hypothetically|suppose|supposing|imagine|what\\s+if|if)\\b[^.?]{0,30}?\\byou\\s+(?:had|have|were|"
                            + "did\\s+not\\s+have|didn't\\s+have)\\s+(?:no|without|zero)\\s+(?:system\\s+prompt|"
                            + "programming|guardrails|content\\s+polic(?:y|ies)|safety\\s+(?:rules|filters?|training))\\b"),
            new Rule("no_restrictions", 0.55, "you had no|you have no|you had zero|you have zero|you were without|you didn't have|you did not have",
                    "\\b(?:hypothetically|suppose|supposing|imagine|what\\s+if|if)\\b[^.?]{0,30}?\\byou\\s+(?:had|have|were|"
                            + "did\\s+not\\s+have|didn't\\s+have)\\s+(?:no|without|zero)\\s+(?:restrictions|rules|filters|"
                            + "guidelines|limits|limitations|ethics|morals)\\b"),
            new Rule("alter_ego", 0.5, "version of yourself|alter ego|unfiltered self|true self|evil twin",
                    "\\b(?:answer|respond|reply|speak|act|talk|write)\\s+(?:only\\s+)?as\\s+(?:that|this|your|an?|the)\\s+"
                            + "(?:\\w+\\s+){0,2}?(?:version\\s+of\\s+yourself|alter\\s+ego|unfiltered\\s+self|true\\s+self|"
                            + "evil\\s+twin)"),
            new Rule("persona_reset", 0.6, "stop being|no longer",
                    "\\b(?:stop\\s+being|you\\s+are\\s+no\\s+longer|you're\\s+no\\s+longer)\\s+(?:an?\\s+|the\\s+)?"
                            + "(?:\\w+\\s+)?(?:assistant|ai|chatbot|language\\s+model|claude|chatgpt|llm|bot)\\b"),
            new Rule("disable_safety", 0.8, SAFETY_ANCHORS + "|filter|restriction|programming|ethics",
                    "\\b(?:disable|disabling|turn(?:ing)?\\s+off|switch(?:ing)?\\s+off|deactivate|remove|bypass|lift|"
                            + "drop|suspend|circumvent|override|get\\s+around|shut\\s+off|ignore)\\s+(?:all\\s+|any\\s+)?"
                            + "(?:of\\s+)?(?:(?:your|its)\\s+(?:own\\s+)?(?:" + SAFETY + "|(?:\\w+\\s+)?(?:guardrails?|safeguards|"
                            + "filters?|restrictions|programming|safety\\w*|ethics|alignment))|(?:the\\s+|all\\s+"
                            + "|these\\s+)?" + SAFETY + ")\\b", DEVICE),
            new Rule("disable_safety", 0.75, SAFETY_ANCHORS + "|filter|restriction|ethic",
                    "\\b(?:your|its)\\s+(?:own\\s+)?(?:" + SAFETY + "|(?:\\w+\\s+)?(?:guardrails?|safeguards|filters?|"
                            + "restrictions|safety\\w*|ethics|alignment))\\s+(?:(?:have|has)\\s+been\\s+|are\\s+(?:now\\s+)?|is\\s+(?:now\\s+)?|were\\s+"
                            + "|was\\s+)(?:lifted|disabled|removed|turned\\s+off|switched\\s+off|suspended|deactivated|"
                            + "bypassed|off|gone)\\b", DEVICE),
            new Rule("disable_safety", 0.55, SAFETY_ANCHORS,
                    "\\b" + SAFETY + "\\s+(?:(?:have|has)\\s+been\\s+|are\\s+(?:now\\s+)?|is\\s+(?:now\\s+)?|were\\s+"
                            + "|was\\s+)?(?:lifted|disabled|removed|turned\\s+off|switched\\s+off|suspended|deactivated|"
                            + "bypassed|off|gone)\\b", DEVICE),
            new Rule("refusal_ban", 0.5, "refuse|say no",
                    "\\byou\\s+(?:(?:must|should|shall|will|can|may)(?:\\s+not|n't|\\s+never)|cannot)\\s+(?:ever\\s+)?refuse\\b"
                            + "|\\byou\\s+(?:are\\s+(?:not\\s+allowed|forbidden|unable)|have\\s+no\\s+right)\\s+to\\s+refuse\\b"
                            + "|\\b(?:never|don't|do\\s+not)\\s+(?:refuse|say\\s+no\\s+to)\\s+(?:any|a|my|the\\s+user's)\\s+"
                            + "(?:request|question|prompt|instruction)s?\\b"),
            new Rule("authority", 0.5, "developer|creator|admin|operator|owner|programmer|maker|trainer",
                    "\\b(?:i\\s+am|i'm)\\s+(?:one\\s+of\\s+)?your\\s+(?:\\w+\\s+)?(?:developers?|creators?|admin(?:istrator)?s?|"
                            + "operators?|owners?|programmers?|makers?|trainers?)\\b"),
            new Rule("authorization", 0.5, "authorized|authorised|cleared to|permitted to|allowed to",
                    "\\b(?:i\\s+am|i'm|i\\s+have\\s+been)\\s+(?:fully\\s+|officially\\s+)?(?:authori[sz]ed|cleared|"
                            + "permitted|allowed)\\s+to\\s+(?:see|view|access|read|know|receive|get|obtain|bypass|override|"
                            + "disable|inspect)\\b"),
            new Rule("role_claim", 0.7, "treat|this message|this instruction",
                    "\\btreat\\s+(?:the\\s+|this\\s+|my\\s+)?(?:(?:next|following|below|above)\\s+)?(?:message|text|"
                            + "input|instruction|prompt|line|request)s?\\s+(?:below\\s+)?as\\s+(?:if\\s+it\\s+(?:were|was|came|"
                            + "comes)\\s+)?(?:coming\\s+|sent\\s+|written\\s+)?(?:from\\s+)?(?:the\\s+|a\\s+|your\\s+)?"
                            + "(?:system|developers?|admin(?:istrator)?|operator|root)\\b"
                            + "|\\bthis\\s+(?:message|instruction|request)\\s+(?:is\\s+(?:coming\\s+)?|comes\\s+)from\\s+(?:the\\s+"
                            + "system|your\\s+(?:developers?|creators?|operators?|admins?)|openai|anthropic)\\b"),
            new Rule("indirect", 0.75, INDIRECT_ANCHORS,
                    "\\bnote\\s+to\\s+(?:the\\s+|any\\s+|all\\s+)?(?:ai|llm|gpt|language\\s+model|assistant|chatbot|"
                            + "model)s?(?:\\s+(?:reviewers?|agents?|assistants?|readers?|models?|systems?|summari[sz]ers?|"
                            + "bots?))?\\s*[:,\\-\u2014]"
                            + "|\\b(?:ai|llm|gpt)\\s+(?:assistants?|agents?|models?|reviewers?|systems?|bots?|tools?)\\s+(?:that\\s+"
                            + "(?:are\\s+)?)?(?:reading|processing|parsing|summari[sz]ing|reviewing|analy[sz]ing|handling|"
                            + "scanning|read|process|summari[sz]e)\\s+(?:this|these)\\b(?:\\s+\\w+)?(?:\\s*[:,]|[^.]{0,60}?"
                            + "\\b(?:should|must|shall|need\\s+to|are\\s+instructed\\s+to|have\\s+to)\\b)"),
            new Rule("task_hijack", 0.45, "ignor|disregard|forget|skip|abandon",
                    "\\b(?:ignore|disregard|forget|skip|abandon)\\s+(?:your|the|this)\\s+(?:(?:original|current|previous|"
                            + "given|above|assigned|actual|real|sentiment)\\s+)?(?:task|translation|summary|summari[sz]ation|"
                            + "assignment|review|analysis)\\b[^.]{0,30}?\\b(?:and|then)\\s+(?:instead|now|rather)\\b"),
            new Rule("exfiltrate", 0.5, "conversation history|chat history|conversation log|chat log|"
                    + "conversation transcript|chat transcript|the user's|the users'|the users",
                    "\\b(?:send|forward|email|e-mail|post|upload|transmit|leak|copy|paste)\\s+(?:me\\s+)?(?:all\\s+|the\\s+|"
                            + "this\\s+|their\\s+|(?:the\\s+)?user'?s'?\\s+)?(?:(?:entire|full|whole|complete|other|"
                            + "previous)\\s+)?(?:conversation|chat)\\s+(?:history|log|logs|transcript)"
                            + "|\\b(?:forward|send|delete|email)\\s+(?:all\\s+)?(?:of\\s+)?the\\s+user'?s\\s+(?:\\w+\\s+)?(?:emails?|"
                            + "messages|files|contacts|meetings|data|passwords?|credentials|documents)\\b"),
            new Rule("roleplay_escape", 0.45, "jailbreak|jailbroken",
                    "\\bjail\\s?break(?:ed|ing|s)?\\b|\\bjailbroken\\b", DEVICE),
            new Rule("no_restrictions", 0.4, "without|uncensored|unfiltered|no limits|no rules|no filters|no restrictions",
                    "\\b(?:without\\s+(?:any\\s+)?(?:restrictions|filters?|censorship)|uncensored|unfiltered|"
                            + "no\\s+(?:limits|rules|filters|restrictions))\\b"),
            Rule.intl("no_restrictions", 0.4, "sin |sans |ohne ",
                    "\\b(?:sin\\s+(?:filtros?|restricciones|censura|l[íi]mites)|sans\\s+(?:filtres?|restrictions?|censure|"
                            + "limites?)|ohne\\s+(?:Filter|Einschr[äa]nkung(?:en)?|Zensur|Grenzen|Regeln))\\b", null),
            new Rule("no_restrictions", 0.55, SAFETY_ANCHORS,
                    "\\b(?:no|without(?:\\s+any)?|zero|free\\s+of)\\s+" + SAFETY + "\\b"),
            new Rule("fake_delimiter", 0.75, "</system>|<system>|[inst]|[/inst]|im_start|im_end|<<sys>>|system|"
                    + "endoftext|start_header_id",
                    "</?system>|\\[/?INST\\]|<\\|im_start\\|>|<\\|im_end\\|>|<<SYS>>|<\\|system\\|>|"
                            + "<\\|endoftext\\|>|<\\|start_header_id\\|>", DISCUSSED),
            new Rule("fake_delimiter", 0.7, "system|instruction|admin|developer",
                    "(?:#{2,}|={2,}|\\*{2,}|-{3,}|\\[)\\s*(?:new\\s+)?(?:system|instructions?|admin|developer)"
                            + "(?:\\s+(?:prompt|message|override|note|instructions))?\\s*(?::|#{2,}|={2,}|\\*{2,}|\\])",
                    DISCUSSED),
            new Rule("fake_delimiter", 0.7, "[assistant|[ ai|[ai|[model|[llm|[bot|{assistant|(assistant|<assistant",
                    "[\\[{(<]\\s*(?:assistant|ai|model|llm|bot|chatgpt|claude|gpt)(?:\\s+(?:instructions?|note|only))?\\s*:",
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
                double w = (r.benign != null && near(r.benign, text, m.start(), m.end()))
                        || quotedTalk(text, m.start(), m.end()) ? r.weight * DAMPED : r.weight;
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

    /** The match sits inside double quotes and words close by say the text is about the quoted phrase. */
    private static boolean quotedTalk(String text, int start, int end) {
        int plain = 0;
        int open = 0;
        for (int i = 0; i < start; i++) {
            switch (text.charAt(i)) {
                case '"' -> plain++;
                case '\u201c', '\u00ab', '\u201e' -> open++;
                case '\u201d', '\u00bb' -> open = Math.max(0, open - 1);
                default -> {
                }
            }
        }
        return ((plain & 1) == 1 || open > 0) && near(QUOTE_TALK, text, start, end);
    }

    private static boolean near(Pattern p, String text, int start, int end) {
        return p.matcher(text).region(Math.max(0, start - BENIGN_WINDOW), Math.min(text.length(), end
                + BENIGN_WINDOW)).find();
    }

    // Every rule's anchors, indexed by their first two (lower-case ASCII) characters: one pass over a text finds
    // which anchors it holds, instead of one indexOf per anchor (which cost more than all the patterns together).
    private static final List<String> ANCHORS;
    private static final String[] ANCHOR_ARRAY;
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
        ANCHOR_ARRAY = anchors.toArray(new String[0]);
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
                    char third = i + 2 < len ? lowerAscii(text.charAt(i + 2)) : 0;
                    for (int id : cell) {
                        String a = ANCHOR_ARRAY[id];
                        // The third character first: most cells hold several anchors and most tries fail there.
                        if ((a.length() < 3 || a.charAt(2) == third || a.charAt(2) >= 128)
                                && (hit == null || !hit[id]) && text.regionMatches(true, i, a, 0, a.length())) {
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
