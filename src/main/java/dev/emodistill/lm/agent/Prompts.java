package dev.emodistill.lm.agent;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.PromptParts;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.TurnContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompt of one utterance, built the same way from a logged turn (SFT and JPO data) and from a live turn
 * (acting), so the expresser is trained on exactly the prompts it later sees — as the state builder does for the
 * selector. Only the last {@link DialogueText#MAX_CONTEXT_LINES} messages enter the context.
 */
public final class Prompts {
    private Prompts() {
    }

    /** The prompt for a live turn: the act and number come from the bidding tactic, the emotion from the selector. */
    public static PromptParts live(TurnContext ctx, Act act, Double value, Emotion emotion) {
        List<Message> transcript = ctx.transcript();
        List<String> context = new ArrayList<>(DialogueText.MAX_CONTEXT_LINES);
        for (int i = Math.max(0, transcript.size() - DialogueText.MAX_CONTEXT_LINES); i < transcript.size(); i++) {
            Message m = transcript.get(i);
            context.add(DialogueText.contextLine(ctx.scenario().domain(), m.speaker(), m.text()));
        }
        return new PromptParts(ctx.scenario().domain(), ctx.role(), context, emotion, act, statedValue(act, value));
    }

    /** The prompt a logged turn answered, with the emotion given (the logged one, or none for the ablation). */
    public static PromptParts logged(CorpusEpisode episode, CorpusTurn turn, Emotion emotion) {
        List<CorpusTurn> turns = episode.turns();
        List<String> context = new ArrayList<>(DialogueText.MAX_CONTEXT_LINES);
        for (int i = Math.max(0, turn.index() - DialogueText.MAX_CONTEXT_LINES); i < turn.index(); i++) {
            CorpusTurn m = turns.get(i);
            context.add(DialogueText.contextLine(episode.domain(), m.speaker(), m.text()));
        }
        return new PromptParts(episode.domain(), turn.speaker(), context, emotion, turn.act(),
                statedValue(turn.act(), turn.offer()));
    }

    /** Offers and acceptances state a number; a walk-away does not. */
    private static Double statedValue(Act act, Double value) {
        return act == Act.WALK_AWAY ? null : value;
    }
}
