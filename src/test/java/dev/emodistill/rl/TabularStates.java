package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;

/** Hand-made state vectors and transitions for the tabular tests: only the features the discretiser reads are set. */
final class TabularStates {
    static final StateSchema SCHEMA = StateSchema.DEFAULT;

    private TabularStates() {
    }

    /**
     * A state at progress t / H whose counterparty last showed {@code mood} (null: has not spoken) and moved by
     * {@code concession} on the position scale.
     */
    static float[] state(double progress, EkmanGroup mood, double concession) {
        float[] x = new float[SCHEMA.dimension()];
        x[SCHEMA.indexOf("turn_progress")] = (float) progress;
        x[SCHEMA.indexOf("cp_concession_last")] = (float) concession;
        if (mood != null) {
            // Mostly one group, a little of another, as a classifier's output would be.
            x[SCHEMA.indexOf("cp_perceived_ekman=" + mood.label())] = 0.7f;
            EkmanGroup other = mood == EkmanGroup.NEUTRAL ? EkmanGroup.JOY : EkmanGroup.NEUTRAL;
            x[SCHEMA.indexOf("cp_perceived_ekman=" + other.label())] = 0.3f;
        }
        return x;
    }

    static Transition step(float[] s, Emotion a, double r, float[] s2, boolean done, String episode, int t) {
        return new Transition(s, a.index(), r, s2, done, false, episode, t);
    }
}
