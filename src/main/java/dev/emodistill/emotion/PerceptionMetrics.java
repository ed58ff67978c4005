package dev.emodistill.emotion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Accuracy of a classifier on labelled examples (DESIGN §4.2). An example may carry several gold labels:
 *
 * <ul>
 *   <li>{@code top1}: share of examples whose most probable label is one of its gold labels;</li>
 *   <li>{@code top3}: share whose three most probable labels include a gold label;</li>
 *   <li>{@code macro_f1}: mean over labels of F1, where for label l a true positive is an example predicted l
 *       with l gold, a false positive predicted l without l gold, a false negative l gold but predicted
 *       otherwise; labels that never occur as gold or prediction are left out of the mean;</li>
 *   <li>{@code ekman_top1}: share whose top label's Ekman group is the group of one of its gold labels.</li>
 * </ul>
 *
 * @param examples  number of examples
 * @param top1      top-1 accuracy
 * @param top3      top-3 accuracy
 * @param macroF1   macro-averaged F1 of the top-1 prediction
 * @param ekmanTop1 top-1 accuracy on Ekman groups
 */
public record PerceptionMetrics(int examples, double top1, double top3, double macroF1, double ekmanTop1) {
    public static final String EXAMPLES = "examples";
    public static final String TOP1 = "top1";
    public static final String TOP3 = "top3";
    public static final String MACRO_F1 = "macro_f1";
    public static final String EKMAN_TOP1 = "ekman_top1";

    /** Scores each example as a single sentence (no sentence splitting, as in GoEmotions). */
    public static PerceptionMetrics evaluate(EmbeddingEmotionClassifier classifier, List<GoEmotionsTsv.Example> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        classifier.warm(data.stream().map(GoEmotionsTsv.Example::text).toList());
        int top1 = 0, top3 = 0, ekman = 0;
        int[] tp = new int[Emotion.COUNT];
        int[] fp = new int[Emotion.COUNT];
        int[] fn = new int[Emotion.COUNT];
        for (GoEmotionsTsv.Example ex : data) {
            EmotionDistribution d = classifier.classifySentence(ex.text());
            Emotion[] best = d.topK(3);
            Set<Emotion> gold = EnumSet.copyOf(ex.labels());
            Emotion predicted = best[0];
            if (gold.contains(predicted)) {
                top1++;
                tp[predicted.index()]++;
            } else {
                fp[predicted.index()]++;
            }
            for (Emotion g : gold) {
                if (g != predicted) {
                    fn[g.index()]++;
                }
            }
            for (Emotion e : best) {
                if (gold.contains(e)) {
                    top3++;
                    break;
                }
            }
            if (gold.stream().anyMatch(g -> g.ekman() == predicted.ekman())) {
                ekman++;
            }
        }
        double f1Sum = 0;
        int labels = 0;
        for (int i = 0; i < Emotion.COUNT; i++) {
            if (tp[i] + fp[i] + fn[i] == 0) {
                continue;
            }
            labels++;
            f1Sum += 2.0 * tp[i] / (2.0 * tp[i] + fp[i] + fn[i]);
        }
        int n = data.size();
        return new PerceptionMetrics(n, top1 / (double) n, top3 / (double) n, labels == 0 ? 0 : f1Sum / labels,
                ekman / (double) n);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put(EXAMPLES, examples);
        o.put(TOP1, Json.round(top1, 4));
        o.put(TOP3, Json.round(top3, 4));
        o.put(MACRO_F1, Json.round(macroF1, 4));
        o.put(EKMAN_TOP1, Json.round(ekmanTop1, 4));
        return o;
    }
}
