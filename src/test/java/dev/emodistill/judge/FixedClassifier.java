package dev.emodistill.judge;

import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;

/** A stand-in evaluation head that reads every text the same way, for tests of the bargaining rules alone. */
record FixedClassifier(EmotionDistribution reading) implements EmotionClassifier {
    @Override
    public EmotionDistribution classify(String text) {
        return reading;
    }

    @Override
    public String describe() {
        return "fixed test classifier";
    }
}
