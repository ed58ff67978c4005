package dev.emodistill.lm.train;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.lm.agent.Prompts;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.PromptParts;
import dev.emodistill.lm.tokenizer.PocketTokenizer;

/**
 * One tokenised prompt → response pair, with what it came from.
 *
 * @param prompt   prompt ids, up to and including {@code <|response|>}
 * @param response response ids, ending with {@code <|eos|>}
 * @param turn     the logged turn (null for generated samples)
 * @param episode  its episode (null for generated samples)
 */
public record LmExamples(int[] prompt, int[] response, CorpusTurn turn, CorpusEpisode episode) {

    /** The example of a logged focal turn, conditioned on {@code emotion} (null: the emotion-free ablation). */
    public static LmExamples of(PocketTokenizer tokenizer, CorpusEpisode episode, CorpusTurn turn, Emotion emotion) {
        PromptParts parts = Prompts.logged(episode, turn, emotion);
        return new LmExamples(tokenizer.encode(DialogueText.prompt(parts)), responseIds(tokenizer, turn.text()), turn,
                episode);
    }

    /** The ids of a response text followed by the end-of-sequence token. */
    public static int[] responseIds(PocketTokenizer tokenizer, String text) {
        int[] body = tokenizer.encode(text.strip());
        int[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = tokenizer.id(DialogueText.EOS);
        return out;
    }

    public int length() {
        return prompt.length + response.length;
    }

    /** Whether prompt + response fits a context of {@code maxContext} positions (the last token is only a target). */
    public boolean fits(int maxContext) {
        return length() - 1 <= maxContext;
    }
}
