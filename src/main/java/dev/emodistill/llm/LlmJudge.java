package dev.emodistill.llm;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.judge.Judge;
import dev.emodistill.judge.JudgeContext;
import dev.emodistill.judge.JudgeScore;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LLM judge of DESIGN §6: a greedy (temperature 0 by default) model scores a focal message 1-10 on the
 * domain-worded rubric of {@code judge.txt}.
 *
 * <p><b>Strict format.</b> The score is read only from the last non-blank line of the model's reply, which must
 * be {@code SCORE: n} with n an integer 1-10 (markdown emphasis and a final period are tolerated). A reply that
 * does not end so gets one corrective follow-up; if that fails too, {@link #score} throws an
 * {@link LlmException} (kind {@code BAD_REPLY}) that the caller records as an unscored turn. A parse failure is
 * never turned into a default score.
 *
 * <p><b>Untrusted text.</b> The prompt carries the other side's moves (offers, accepts, walk-aways) but never its
 * words, so a counterparty message that imitates {@code SCORE: 10} never reaches the judge model; the message
 * being judged and the agent's earlier messages are QUOTED data. And because only the reply's last line is read,
 * a score quoted earlier in the reply cannot be taken for the verdict.
 */
public final class LlmJudge implements Judge {
    /** Usage event: a reply had no valid final SCORE line and was corrected. */
    public static final String EVENT_UNPARSED = "judge_unparsed";

    private static final Pattern SCORE = Pattern.compile("(?i)^SCORE:\\s*(\\d{1,2})\\.?$");

    private final LlmClient client;
    private final RoleSettings settings;
    private final Prompts prompts;
    private final long seedBase;

    public LlmJudge(LlmClient client, RoleSettings settings, Prompts prompts, long seedBase) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.seedBase = seedBase;
    }

    @Override
    public JudgeScore score(JudgeContext context, String utterance, Emotion intendedEmotion) {
        Objects.requireNonNull(context, "context");
        Emotion intended = intendedEmotion == null ? Emotion.NO_EMOTION : intendedEmotion;
        Map<String, String> v = PromptFacts.of(prompts, context.domain(), context.focalTarget(),
                context.counterpartyTarget());
        v.put("tolerance", PromptFacts.amount(context.domain(), context.tolerance()));
        v.put("turn_number", Integer.toString(context.turn() + 1));
        v.put("horizon", Integer.toString(context.horizon()));
        v.put("moves", moves(context));
        v.put("intended", intended.isControl() ? "no emotion (calm and plain)" : intended.label());
        v.put("utterance", Quoting.quoted(utterance == null ? "" : utterance));
        List<ChatMessage> messages = List.of(ChatMessage.system(prompts.render("judge", "system", v)),
                ChatMessage.user(prompts.render("judge", "user", v)));
        ChatRequest request = ChatRequest.of(settings, messages, seedBase);

        LlmClient.Exchange first = client.send(settings, request);
        Optional<JudgeScore> verdict = parse(first.content());
        if (verdict.isPresent()) {
            client.keep(first);
            return verdict.get();
        }
        client.usage().event(settings, EVENT_UNPARSED);
        LlmClient.Exchange second = client.send(settings, request.followUp(List.of(
                ChatMessage.assistant(first.content()), ChatMessage.user(prompts.render("judge", "correction", v)))));
        verdict = parse(second.content());
        if (verdict.isPresent()) {
            client.keep(first);
            client.keep(second);
            return verdict.get();
        }
        throw new LlmException(LlmException.Kind.BAD_REPLY, settings.role(), LlmClient.where(settings)
                + ": the reply does not end with a line 'SCORE: n' (n 1-10), even after a correction: "
                + PromptFacts.excerpt(second.content()) + "; check " + settings.pointer("model", settings.model()));
    }

    /** The verdict in a reply: its last non-blank line must be {@code SCORE: n}, n in 1..10. */
    public static Optional<JudgeScore> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String[] lines = reply.strip().split("\\R");
        String last = lines[lines.length - 1].replaceAll("[*_`]", "").strip();
        Matcher m = SCORE.matcher(last);
        if (!m.matches()) {
            return Optional.empty();
        }
        int score = Integer.parseInt(m.group(1));
        if (score < JudgeScore.MIN || score > JudgeScore.MAX) {
            return Optional.empty();
        }
        StringBuilder rationale = new StringBuilder();
        for (int i = 0; i < lines.length - 1; i++) {
            rationale.append(lines[i]).append(' ');
        }
        String r = rationale.toString().replaceAll("\\s+", " ").strip();
        if (r.length() > 300) {
            r = r.substring(0, 300) + "...";
        }
        return Optional.of(JudgeScore.of(score, r.isEmpty() ? "LLM judge gave no rationale" : r));
    }

    /** The history as moves: the agent's messages QUOTED with their offers, the other side's moves only. */
    private static String moves(JudgeContext c) {
        if (c.history().isEmpty()) {
            return "(none: this is the opening message)";
        }
        StringBuilder sb = new StringBuilder();
        for (CorpusTurn t : c.history()) {
            sb.append("- ");
            if (t.isFocal()) {
                sb.append("agent (turn ").append(t.turn() + 1).append("): ").append(Quoting.quoted(t.text())).append(' ')
                        .append(PromptFacts.move(t.act(), t.offer(), true, c.domain()).replace("your ", "").replace("you ", ""));
            } else {
                sb.append("other side (turn ").append(t.turn() + 1).append("): ")
                        .append(PromptFacts.move(t.act(), t.offer(), false, c.domain()).replace("their ", "")
                                .replace("they ", ""));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public String describe() {
        return "llm judge (" + settings.describe() + ", " + prompts.describe() + ", strict final line 'SCORE: n', "
                + "counterparty words withheld)";
    }
}
